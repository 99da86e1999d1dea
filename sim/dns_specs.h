#pragma once
// The DNS part of a scenario's world: authoritative nameservers (a primary
// and lagging secondaries) and public resolvers. Plain data; parsed by
// sim/dns_scenario.cpp, built into fakes by sim/dns_world.cpp.

#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover::sim {

// A TSIG key the primary accepts UPDATEs from; `secret` names an entry of
// the scenario's secrets holding the base64 secret.
struct TsigKeySpec {
  std::string name;
  std::string algorithm = "hmac-sha256";
  std::string secret;
};

struct NameserverSpec {
  std::string name;     // "ns2.he.net"
  std::string address;  // "216.218.131.2"
  bool primary = false;
  Duration lagMin{};    // a secondary picks up each change after a lag in [lagMin, lagMax]
  Duration lagMax{};
  bool stale = false;   // fault knobs, set for the whole run
  bool down = false;
  bool servfail = false;
  std::vector<TsigKeySpec> tsigKeys;  // primary only
};

struct ResolverSpec {
  std::string name;     // "one.one.one.one"
  std::string address;  // "1.1.1.1"
  Duration minTtl{};    // minimum-TTL clamp
  bool serveStale = false;
};

}  // namespace dnsfailover::sim
