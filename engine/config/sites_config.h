#pragma once
// The optional top-level "sites" object of the config (issue 10): several
// `dnsfailover run --site NAME` instances with the same config probe every
// indicator, share what they see through a coordination service (etcd), and
// one of them, the leader, pushes. Absent = one site, everything as before.
//
//   "sites": {
//     "names": ["paris", "frankfurt", "virginia"],
//     "coordination": {"endpoints": ["http://127.0.0.21:2379"], "prefix": "/dnsfailover/demo/",
//                      "lease_ttl": "10s", "timeout": "5s"},
//     "report_every": "5s", "stale_after": "30s",
//     "sanity": {"url": "http://reference.example/", "contains": "ok"}
//   }
//
// Per indicator, "quorum": "majority" (the default) or {"at_least": k}
// says how many voting sites must see ERR for the indicator to be ERR
// (engine/sites/quorum.h).

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

struct ConfigError;

struct CoordinationConfig {
  // Client URLs of the etcd members, "http://HOST:PORT".
  std::vector<std::string> endpoints;
  // Every key of this deployment starts with it; ends with "/".
  std::string prefix = "/dnsfailover/";
  // The lease that keeps a site's reports and its leadership alive.
  Duration leaseTtl = std::chrono::seconds{10};
  // One coordination call, every member tried.
  Duration timeout = std::chrono::seconds{5};
};

// A target every site checks on itself: a site that cannot reach it has
// lost its own view of the world, and withdraws its votes.
struct SanityConfig {
  std::string url;
  std::string contains;  // "" = any 2xx answer will do
};

struct SitesConfig {
  bool enabled = false;  // false when the config has no "sites"
  std::vector<std::string> names;
  CoordinationConfig coordination;
  Duration reportEvery = std::chrono::seconds{5};
  Duration staleAfter = std::chrono::seconds{30};
  std::optional<SanityConfig> sanity;

  bool hasSite(const std::string& name) const;
};

// How the votes of the sites make an indicator's status.
struct QuorumRule {
  enum class Kind { Majority, AtLeast };
  Kind kind = Kind::Majority;
  int64_t atLeast = 0;  // AtLeast: ERR once this many voting sites see ERR

  bool operator==(const QuorumRule&) const = default;
};

// "majority" or "at_least 2" (for keys, pages and logs).
std::string quorumRuleText(const QuorumRule& rule);

// Reads root["sites"] (absent = disabled); errors are appended with paths
// under `base` ("sites.coordination.endpoints[1]").
SitesConfig loadSitesConfig(const nlohmann::json& root, const std::string& base, std::vector<ConfigError>& errors);

// Reads indicator["quorum"] at `path` (absent = majority). `sites` is how
// many sites the config names (0 without sites: then any quorum is an error).
QuorumRule loadQuorumRule(const nlohmann::json& indicator, const std::string& path, size_t sites,
                          std::vector<ConfigError>& errors);

}  // namespace dnsfailover
