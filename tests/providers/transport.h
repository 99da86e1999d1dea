#pragma once
// How the engine's HttpClient reaches a fake in the conformance suite. The
// sim transport is sim::Kernel + sim::Network; a loopback transport (live
// HTTP client + the fakes' network doors) implements the same few calls,
// and adding it to the suite is one more line in the type list.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/scheduler.h"
#include "fakes/dns/door.h"
#include "fakes/fault_knobs.h"

namespace dnsfailover::test {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual Scheduler& scheduler() = 0;
  virtual HttpClient& http() = 0;
  // Serves `door` as `hostname` (at `address` where the transport has
  // addresses); returns the scheme + authority clients use, e.g.
  // "https://api.cloudflare.com" or "http://127.0.0.1:40123".
  virtual std::string serve(fakes::TimedDoor& door, const std::string& hostname, const std::string& address) = 0;
  // DNS (the RFC 2136 provider): the client, and `door` served at
  // `address` (sim) or on a loopback address; returns where clients send.
  virtual DnsClient& dns() = 0;
  virtual std::pair<std::string, uint16_t> serveDns(fakes::DnsDoor& door, const std::string& address) = 0;
  // Advances time until `done()` holds or `limit` has passed; returns done().
  virtual bool runUntil(const std::function<bool()>& done, Duration limit) = 0;
  // From now on and for `length`, requests (HTTP or DNS) to `address` get
  // no answer at all: the client times out.
  virtual void blackhole(const std::string& address, Duration length) = 0;
  // Ends everything that still calls into the fakes (servers on threads),
  // so a test can destroy them; the transport is not used afterwards.
  virtual void shutdown() {}
};

}  // namespace dnsfailover::test
