#pragma once
// The worlds `dnsfailover check` builds around an operator's own config:
// one scenario document per seed, holding their indicators, policies,
// schemes (members, TTL, provider, push backoff) unchanged, and around them
// simulated servers at the members' addresses, the scheme's provider fake,
// authoritative nameservers that lag, the config's resolvers (or two public
// ones), and a fault timeline drawn from the seed.
//
// Each seed first draws which fault kinds are on (swarm style, so some
// worlds are quiet and some stormy), then their instants, lengths and
// rates: server outages (ERR pages and refused connections) of random
// length and phase, a joint outage of every member but the last that heals
// at one instant, flapping, slow pages, a monitor partition, provider 5xx,
// 429 storms and outages, nameserver lag, resolver TTL clamps. Every fault
// is over in the last half hour, so each run ends converged.
//
// The world itself (servers, provider, zones, what the config must lose
// to run in it) is sim/check/world_around.h's.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/time.h"

namespace dnsfailover::sim {

struct CheckWorldOptions {
  Duration duration = std::chrono::hours{12};
  // Member servers also follow the cat demo schedule (the first member of
  // each scheme fails at :20, the second at :40, both recover at :00).
  bool catSchedule = false;
  std::string start = "2026-11-02T00:00:00Z";
};

// `config` is the operator's document and `loaded` what it loads to (the
// caller has already reported its errors).
nlohmann::json checkScenario(const nlohmann::json& config, const EngineConfig& loaded, uint64_t seed,
                             const CheckWorldOptions& options);

// "HH:MM:SS" from the start, as scenario timelines write instants.
std::string clockOffset(Duration offset);

}  // namespace dnsfailover::sim
