#include "tools/catserver/a_record_probe.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

// ldns/common.h turns true/false into int macros unless <stdbool.h> came
// first (ldns defines true/false as ints otherwise).
#include <stdbool.h>
#include <ldns/ldns.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "tools/catserver/options.h"

namespace dnsfailover::catserver {
namespace {

struct PacketFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

ProbeResult failure(std::string why) { return {{}, std::move(why)}; }

}  // namespace

ProbeResult queryA(const std::string& server, const std::string& name, std::chrono::milliseconds timeout) {
  std::string address;
  uint16_t port = 0;
  if (!splitHostPort(server, address, port)) return failure("bad server address " + server);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &to.sin_addr);

  ldns_rdf* owner = ldns_dname_new_frm_str(name.c_str());
  if (owner == nullptr) return failure("bad name " + name);
  // No RD flag: an authoritative server answers from its zone.
  PacketPtr query(ldns_pkt_query_new(owner, LDNS_RR_TYPE_A, LDNS_RR_CLASS_IN, 0));
  if (!query) return failure("cannot build query");
  ldns_pkt_set_random_id(query.get());  // ldns leaves the id at 0
  uint8_t* wire = nullptr;
  size_t wireLen = 0;
  if (ldns_pkt2wire(&wire, query.get(), &wireLen) != LDNS_STATUS_OK) return failure("cannot encode query");
  std::unique_ptr<uint8_t, decltype(&std::free)> wireOwner(wire, &std::free);

  Fd sock{::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  if (sock.fd < 0) return failure(std::string("socket: ") + std::strerror(errno));
  if (::connect(sock.fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0 ||
      ::send(sock.fd, wire, wireLen, 0) != static_cast<ssize_t>(wireLen)) {
    return failure("send to " + server + ": " + std::strerror(errno));
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  uint8_t buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return failure("timeout from " + server);
    pollfd p{sock.fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return failure("timeout from " + server);
    const ssize_t n = ::recv(sock.fd, buffer, sizeof buffer, 0);
    if (n < 0) return failure("receive from " + server + ": " + std::strerror(errno));
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, buffer, static_cast<size_t>(n)) != LDNS_STATUS_OK) continue;  // junk: keep waiting
    PacketPtr reply(raw);
    if (ldns_pkt_id(reply.get()) != ldns_pkt_id(query.get())) continue;  // not our answer
    if (ldns_pkt_get_rcode(reply.get()) != LDNS_RCODE_NOERROR) {
      char* rcode = ldns_pkt_rcode2str(ldns_pkt_get_rcode(reply.get()));
      std::string text = rcode != nullptr ? rcode : "error";
      std::free(rcode);
      return failure(text);
    }
    ldns_rr_list* answers = ldns_pkt_rr_list_by_type(reply.get(), LDNS_RR_TYPE_A, LDNS_SECTION_ANSWER);
    ProbeResult result;
    for (size_t i = 0; answers != nullptr && i < ldns_rr_list_rr_count(answers); ++i) {
      ldns_rdf* rdf = ldns_rr_rdf(ldns_rr_list_rr(answers, i), 0);
      char* text = rdf != nullptr ? ldns_rdf2str(rdf) : nullptr;
      if (text != nullptr) {
        if (!result.answer.empty()) result.answer += ", ";
        result.answer += text;
        std::free(text);
      }
    }
    ldns_rr_list_deep_free(answers);
    if (result.answer.empty()) result.error = "no A record";
    return result;
  }
}

}  // namespace dnsfailover::catserver
