#pragma once
// The in-process TCP door of a fake: the simulated network asks it, at the
// virtual instant a connection arrives, whether the port listens and what
// the server sends back for the bytes the client sent (then the server
// closes). A fake with a real network door serves the same bytes there.

#include <cstdint>
#include <string>

#include "engine/core/time.h"

namespace dnsfailover::fakes {

struct TcpExchange {
  bool listening = false;  // false: the connection is refused (RST)
  std::string reply;       // what the server sends before it closes
};

class TcpDoor {
 public:
  virtual ~TcpDoor() = default;
  virtual TcpExchange serveTcp(uint16_t port, const std::string& received, TimePoint now,
                               const std::string& peer) = 0;
};

}  // namespace dnsfailover::fakes
