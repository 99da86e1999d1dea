#pragma once
// The in-process door of a fake DNS server: the simulated network hands it
// a query at the virtual instant it arrives and carries the reply back.
// The network door (fakes/dns/net) puts the same state machine behind real
// UDP and TCP sockets.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/core/time.h"
#include "engine/dns/message.h"

namespace dnsfailover::fakes {

class DnsDoor {
 public:
  virtual ~DnsDoor() = default;
  // The reply, or nullopt when the server stays silent (it is down, or the
  // query is too broken to answer).
  virtual std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) = 0;

  // A message that must stay in wire form (an UPDATE, whose TSIG covers its
  // exact bytes): the reply's bytes, or nullopt for silence. Servers that
  // take no updates stay silent by default.
  virtual std::optional<std::vector<uint8_t>> handleWire(std::span<const uint8_t> message, TimePoint now) {
    (void)message;
    (void)now;
    return std::nullopt;
  }
};

}  // namespace dnsfailover::fakes
