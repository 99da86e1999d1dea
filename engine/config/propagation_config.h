#pragma once
// The optional top-level "propagation" object of the engine config: which
// public resolvers to ask, and how often to poll the zone's nameservers and
// the resolvers (densely right after a push, sparsely at rest).
//
//   "propagation": {
//     "resolvers": [ { "name": "one.one.one.one", "address": "1.1.1.1" } ],
//     "dense_interval": "2s", "dense_for": "15m", "settle": "2m",
//     "sparse_interval": "1m",
//     "timeout": "2s", "rediscover": "1h"
//   }

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

struct ConfigError;

struct ResolverEndpoint {
  std::string name;     // shown in traces: "one.one.one.one"
  std::string address;  // "1.1.1.1"
  uint16_t port = 53;
};

struct PropagationConfig {
  bool enabled = false;  // false when the config has no "propagation" object
  std::vector<ResolverEndpoint> resolvers;
  Duration denseInterval = std::chrono::seconds{2};
  Duration denseFor = std::chrono::minutes{15};  // at most, after a push
  // Once every server agrees, polling stays dense this long to catch one
  // flipping back (a resolver re-fetching from a lagging secondary).
  Duration settle = std::chrono::minutes{2};
  Duration sparseInterval = std::chrono::minutes{1};
  Duration timeout = std::chrono::seconds{2};
  Duration rediscover = std::chrono::hours{1};  // how often the NS set is looked up again
  uint16_t nameserverPort = 53;                 // loopback worlds serve on other ports
};

// Reads root["propagation"] (absent = disabled); errors are appended with
// paths under `base` ("propagation.resolvers[1].address").
PropagationConfig loadPropagationConfig(const nlohmann::json& root, const std::string& base,
                                        std::vector<ConfigError>& errors);

}  // namespace dnsfailover
