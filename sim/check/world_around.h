#pragma once
// A scenario document built around an operator's config: the config's
// engine part, and a world of fakes shaped by it. Shared by
// `dnsfailover check` (random faults) and `dnsfailover replay` (the faults
// a live run observed).
//
// What the simulation must change in the config, and why:
//  - each check becomes httpgrep "status=OK" against the member's address:
//    the simulated servers serve the cat page, so the page rule is theirs;
//  - a provider `endpoint` override is dropped: the fake provider lives at
//    its real host name in the simulated network;
//  - `status`, `store` and `sites` are dropped (the simulation has none);
//  - with no `propagation` section, one is added (monitoring only) so the
//    run can tell when resolvers answer the new address.
// Credentials are never read: the scenario holds generated values under
// the config's env/file names.

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/time.h"

namespace dnsfailover::sim {

struct WorldShape {
  std::string name = "check";
  std::string purpose;
  std::string start = "2026-11-02T00:00:00Z";
  Duration duration = std::chrono::hours{12};
  // {"name", "role", "lag"}; addresses are assigned. Empty: one primary.
  std::vector<nlohmann::json> nameservers;
  // {"name", "address", "min_ttl", "serve_stale"}; empty: the config's
  // propagation resolvers, or two public ones.
  std::vector<nlohmann::json> resolvers;
  // server name -> cat role ("main", "backup"); the others never fail on their own.
  std::map<std::string, std::string> roles;
  nlohmann::json events = nlohmann::json::array();
};

// One simulated server per member address, named after the first
// indicator (in scheme and priority order) that watches it.
struct MemberServer {
  std::string name;
  std::string address;
  int rank = 0;  // position among its scheme's members
};
std::vector<MemberServer> memberServers(const EngineConfig& config);

nlohmann::json scenarioAround(const nlohmann::json& config, const EngineConfig& loaded, const WorldShape& shape);

// The resolvers the world will have (names and addresses), as scenarioAround picks them.
std::vector<std::pair<std::string, std::string>> worldResolvers(const EngineConfig& loaded, const WorldShape& shape);

// "12345ms": the lossless form the scenario timeline reads (whole seconds
// beyond ~24 days, where a count of milliseconds would not fit its reader).
std::string millis(Duration d);

}  // namespace dnsfailover::sim
