#include <algorithm>
#include <cstdlib>
#include <memory>

#include "engine/live/dns_wire.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/fast_wire.h"
#include "fakes/dns/wire_door.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

class CountingRandom final : public Random {
 public:
  uint64_t next() override { return state_ += 0x9e3779b97f4a7c15ULL; }

 private:
  uint64_t state_ = 1;
};

// The cat zones with a CNAME chain, a loop, an empty non-terminal and a
// record too large for plain UDP: every answering path is reachable.
struct World {
  World() {
    const TimePoint t{};
    store.addZone("he.okerr.com");
    store.addZone("he.net");
    store.set(t, "cat.he.okerr.com", "A", "116.202.27.149", 300);
    store.set(t, "cat.he.okerr.com", "AAAA", "2001:db8::1", 300);
    store.set(t, "www.he.okerr.com", "CNAME", "cat.he.okerr.com", 60);
    store.set(t, "loop1.he.okerr.com", "CNAME", "loop2.he.okerr.com", 60);
    store.set(t, "loop2.he.okerr.com", "CNAME", "loop1.he.okerr.com", 60);
    store.set(t, "out.he.okerr.com", "CNAME", "example.org", 60);
    store.set(t, "a.b.c.he.okerr.com", "A", "192.0.2.1", 60);
    store.set(t, "big.he.okerr.com", "TXT", "\"" + std::string(250, 'x') + "\" \"" + std::string(250, 'y') + "\" \"" +
                                                std::string(250, 'z') + "\"", 60);
    store.set(t, "ns1.he.net", "A", "216.218.130.2", 172800);
    fakes::AuthIdentity identity;
    identity.nsNames = {"ns1.he.net", "ns2.he.net"};
    primary = std::make_unique<fakes::AuthServer>(fakes::AuthServerConfig{"ns1.he.net", "", true, {}, {}, identity},
                                                  store, random, t);
  }
  fakes::ZoneStore store;
  CountingRandom random;
  std::unique_ptr<fakes::AuthServer> primary;
};

}  // namespace

void authQuery(std::span<const uint8_t> data) {
  static World world;
  if (data.empty()) return;
  const auto transport = (data[0] & 1) != 0 ? fakes::DnsTransport::Tcp : fakes::DnsTransport::Udp;
  const std::span<const uint8_t> query = data.subspan(1);
  // The door's fast path must read a query exactly as the full codec does
  // whenever it takes one (fakes/dns/fast_wire.h), and its answer must
  // decode to the full codec's answer.
  if (const std::optional<dns::Message> fast = fakes::decodeSimpleQuery(query)) {
    const live::DecodedMessage full = live::decodeMessage(query);
    if (!full.message || !(*full.message == *fast)) std::abort();
    if (const std::optional<dns::Message> answer = world.primary->handle(*fast, TimePoint{})) {
      const std::optional<std::vector<uint8_t>> mine = fakes::encodeSimpleReply(*answer);
      const std::optional<std::vector<uint8_t>> theirs = live::encodeMessage(*answer);
      if (mine && theirs && !(live::decodeMessage(*mine).message == live::decodeMessage(*theirs).message)) std::abort();
    }
  }
  const std::vector<uint8_t> reply = fakes::serveWire(*world.primary, query, TimePoint{}, transport);
  if (reply.empty()) return;
  const live::DecodedMessage decoded = live::decodeMessage(reply);
  if (!decoded.message || !decoded.message->qr) std::abort();  // our own reply must decode
  if (query.size() >= 2 && decoded.message->id != static_cast<uint16_t>(query[0] << 8 | query[1])) std::abort();
  if (transport == fakes::DnsTransport::Udp) {
    const live::DecodedMessage asked = live::decodeMessage(query);
    const size_t limit = std::max<size_t>(512, asked.message ? asked.message->ednsUdpSize.value_or(0) : 0);
    if (reply.size() > limit) std::abort();
  }
}

}  // namespace dnsfailover::fuzz
