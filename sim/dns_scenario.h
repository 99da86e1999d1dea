#pragma once
// Scenario JSON for the DNS world and the DNS expectations:
//   world.nameservers: [{name, address, role: primary|secondary,
//                        lag: "5s" | ["2s", "20s"], stale, down, servfail}]
//   world.resolvers:   [{name, address, min_ttl, serve_stale}]
//   expectations:      {kind: ns_converge | resolvers_converge, scheme, slack}

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace dnsfailover::sim {

void readDnsWorld(const nlohmann::json& world, Scenario& scenario, std::vector<ConfigError>& errors);

// True when `kind` is a DNS expectation (then `e` is filled, errors noted).
bool readDnsExpectation(const nlohmann::json& v, const std::string& path, const std::string& kind, Expectation& e,
                        std::vector<ConfigError>& errors);

std::string describeDnsExpectation(const Expectation& e);

}  // namespace dnsfailover::sim
