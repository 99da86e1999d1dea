#pragma once
// The DnsClient port: one asynchronous query to one server, one result.
// Live, it is the UDP/TCP client in engine/live/ (ldns wire format); in the
// harness, the simulated DNS network delivering to in-process fakes.
// The engine chooses whether recursion is desired: RD=0 to ask an
// authoritative server directly, RD=1 to ask a public resolver.
//
// exchange() carries a message the engine encoded itself (an RFC 2136
// UPDATE signed with TSIG: the MAC covers the exact bytes, so no adapter
// may re-encode it) and hands back the reply's bytes for the engine to
// parse and verify.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"
#include "engine/dns/message.h"

namespace dnsfailover {

struct DnsQuery {
  std::string server;  // IPv4 or IPv6 address of the server to ask
  uint16_t port = 53;
  std::string name;    // normalized (lower case, no trailing dot)
  dns::Type type = dns::Type::A;
  bool recursionDesired = false;
  // Covers every try (UDP, then TCP after a truncated answer).
  Duration timeout = std::chrono::seconds{2};
};

// Either a reply (any rcode, with its flags and sections) or a transport
// error ("timed out after 2s", "connection refused", "malformed reply: ...").
struct DnsResult {
  std::optional<dns::Message> reply;
  std::string error;
  Duration latency{};  // from sending to the result

  bool ok() const { return reply.has_value(); }
  static DnsResult success(dns::Message m, Duration latency) { return {std::move(m), {}, latency}; }
  static DnsResult failure(std::string e, Duration latency) { return {std::nullopt, std::move(e), latency}; }
};

// A message in wire form, its id in the first two bytes. Sent over UDP
// and retried over TCP when the reply comes back truncated, or over TCP
// from the start.
struct DnsWireExchange {
  std::string server;  // IPv4 or IPv6 address
  uint16_t port = 53;
  std::vector<uint8_t> message;
  bool tcpOnly = false;
  Duration timeout = std::chrono::seconds{10};  // covers every try
};

// The reply's bytes (a response with the request's id; not otherwise
// checked), or a transport error as for DnsResult.
struct DnsWireResult {
  std::optional<std::vector<uint8_t>> reply;
  std::string error;
  Duration latency{};

  bool ok() const { return reply.has_value(); }
  static DnsWireResult success(std::vector<uint8_t> bytes, Duration latency) { return {std::move(bytes), {}, latency}; }
  static DnsWireResult failure(std::string e, Duration latency) { return {std::nullopt, std::move(e), latency}; }
};

class DnsClient {
 public:
  virtual ~DnsClient() = default;

  // Sends `query`; `done` runs exactly once, later (never inside query()),
  // on the engine's thread.
  virtual void query(DnsQuery query, std::function<void(DnsResult)> done) = 0;

  // Sends `exchange.message`; `done` runs exactly once, later, on the
  // engine's thread.
  virtual void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) = 0;
};

}  // namespace dnsfailover
