#pragma once
// The TcpClient port: one TCP probe, one answer. A probe connects to an
// address and port within its timeout; when it has something to send, it
// sends it once connected; when it expects a substring, it reads until the
// substring has arrived, the peer closes, `maxReplyBytes` have come or the
// timeout ends (the timeout covers the whole probe). Live, it is the Asio
// adapter in engine/live/; in the harness, the simulated network handing
// the bytes to a fake's TCP door. Used by the `tcp` check kind
// (engine/monitor/check.h), as PowerDNS's ifportup and gdnsd's tcp_connect.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/core/time.h"

namespace dnsfailover {

struct TcpProbe {
  std::string address;  // IPv4 or IPv6 literal
  uint16_t port = 0;
  std::string send;     // sent as is after connecting; empty = send nothing
  std::string expect;   // read until it appears; empty = do not read
  Duration timeout = std::chrono::seconds{3};
  size_t maxReplyBytes = 64 * 1024;
};

struct TcpProbeResult {
  bool connected = false;
  // What the peer sent before the probe stopped reading (at most
  // maxReplyBytes); empty when nothing was read.
  std::string reply;
  // Why the probe stopped short: "connection refused by 10.0.0.1:22",
  // "timed out after 3s". Empty when it connected and, if asked to, found
  // the expected text or read until the peer closed.
  std::string error;
};

class TcpClient {
 public:
  virtual ~TcpClient() = default;

  // `done` runs exactly once, later (never inside probe()), on the engine's
  // thread.
  virtual void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) = 0;
};

}  // namespace dnsfailover
