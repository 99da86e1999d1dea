#include "tools/dnsfailover/demo/ns_watch.h"

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include "engine/live/dns_wire.h"

namespace dnsfailover::cli::demo {

std::vector<std::string> queryA(const std::string& address, uint16_t port, const std::string& fqdn,
                                std::chrono::milliseconds timeout) {
  dns::Message query;
  query.id = static_cast<uint16_t>(getpid() ^ port);
  query.questions.push_back({fqdn, dns::Type::A, dns::kClassIn});
  const auto wire = live::encodeMessage(query);
  if (!wire) return {};
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return {};
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  std::vector<std::string> values;
  if (inet_pton(AF_INET, address.c_str(), &to.sin_addr) == 1 &&
      sendto(fd, wire->data(), wire->size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to) >= 0) {
    uint8_t buffer[1500];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      const auto decoded = live::decodeMessage({buffer, static_cast<size_t>(n)});
      if (decoded.message && decoded.message->id == query.id) {
        values = dns::answerValues(*decoded.message, fqdn, dns::Type::A);
      }
    }
  }
  close(fd);
  return values;
}

NameserverWatch::NameserverWatch(std::vector<std::string> addresses, uint16_t port, std::string fqdn,
                                 std::string initial, std::chrono::steady_clock::time_point start)
    : addresses_(std::move(addresses)), port_(port), fqdn_(std::move(fqdn)), initial_(std::move(initial)),
      start_(start) {}

NameserverWatch::~NameserverWatch() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NameserverWatch::start() {
  thread_ = std::thread([this] { loop(); });
}

void NameserverWatch::loop() {
  bool first = false;
  while (!stop_) {
    std::string common;  // the changed address every server answers, if they agree
    size_t changed = 0;
    for (size_t i = 0; i < addresses_.size(); ++i) {
      const auto values = queryA(addresses_[i], port_, fqdn_, std::chrono::milliseconds{300});
      if (values.size() != 1 || values[0] == initial_) continue;
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      if (!first) {
        std::fprintf(stderr, "demo: first nameserver answers %s (ns%zu %s) %.1f s after start\n", values[0].c_str(),
                     i + 1, addresses_[i].c_str(), seconds);
        first = true;
      }
      if (changed == 0 || common == values[0]) {
        common = values[0];
        ++changed;
      }
    }
    if (changed == addresses_.size()) {
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      std::fprintf(stderr, "demo: every nameserver answers %s %.1f s after start\n", common.c_str(), seconds);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
}

}  // namespace dnsfailover::cli::demo
