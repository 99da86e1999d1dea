#pragma once
// A scenario: a world made of fakes, an engine config, a timeline of
// injected faults and the expectations a run must meet. Loaded from JSON
// with errors that name the path of the wrong field.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/config/config_loader.h"
#include "fakes/cat_server.h"
#include "engine/ports/trace.h"
#include "sim/dns_specs.h"
#include "sim/faults.h"
#include "sim/network.h"

namespace dnsfailover::sim {

struct ServerSpec {
  std::string name;
  std::string address;
  fakes::CatRole role = fakes::CatRole::Main;
  std::optional<int> failMinute;
  std::string host = "cat.okerr.com";
};

struct RecordSpec {
  std::string name;
  std::string type = "A";
  std::string value;
  int ttl = 300;
};

struct ZoneSpec {
  std::string name;
  std::vector<RecordSpec> records;
};

struct HeHostSpec {
  std::string fqdn;
  std::string secret;  // name of the entry in `secrets` holding the DDNS key
};

struct CloudflareTokenSpec {
  std::string secret;               // name of the entry in `secrets` holding the token
  std::vector<std::string> zones;   // zones it may edit; empty = all
};

struct CloudflareAccountSpec {
  std::string email;
  std::string secret;  // name of the entry in `secrets` holding the global key
};

struct ProviderSpec {
  std::string kind;     // "he.net" or "cloudflare"
  std::string address;  // where the API lives in the simulated network
  std::string hostname; // the API's host name (URL host)
  std::vector<HeHostSpec> heHosts;
  // cloudflare
  std::vector<std::string> cfZones;
  std::vector<CloudflareTokenSpec> cfTokens;
  std::vector<CloudflareAccountSpec> cfAccounts;
};

// Link conditions for one address of the simulated network.
struct LinkSpec {
  std::string address;
  LinkConditions conditions;
};

struct Expectation {
  enum class Kind {
    RecordFollowsTruth,
    RecordAt,
    RecordNever,
    SelectionCount,
    EventCount,
    PushSpacing,
    NoStaleRecord,
    NsConverge,
    ResolversConverge,
    NoPushAfterRestart,
    HistoryComplete,
  };
  Kind kind = Kind::RecordFollowsTruth;
  std::string path;  // "expectations[2]", for messages
  std::string scheme;
  std::string fqdn;
  Duration within{};                 // RecordFollowsTruth
  Duration at{};                     // RecordAt: offset from the start of the day/hour
  std::optional<Duration> every;     // RecordAt: repeat period
  std::string address;               // RecordAt, RecordNever
  RecordType recordType = RecordType::A;  // the record `address` lives in
  int64_t min = 0, max = INT64_MAX;  // SelectionCount, EventCount
  // SelectionCount: the bounds hold per this much run time (scaled to the
  // run's length), so a scenario keeps its meaning under --until 365d.
  std::optional<Duration> per;
  // Limits RecordFollowsTruth, RecordAt and RecordNever to [from, until].
  std::optional<Duration> from;
  std::optional<Duration> until;
  EventType eventType = EventType::Unknown;                    // EventCount
  std::vector<std::pair<std::string, TraceValue>> where;       // EventCount: fields that must match
  Duration minSpacing{};                                       // PushSpacing
  std::string describe() const;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string purpose;
  TimePoint start{};
  Duration duration = std::chrono::hours{24};
  uint64_t seed = 1;
  LinkConditions network;
  std::vector<LinkSpec> links;
  std::vector<ServerSpec> servers;
  std::vector<ZoneSpec> zones;
  std::vector<ProviderSpec> providers;
  std::vector<NameserverSpec> nameservers;
  std::vector<ResolverSpec> resolvers;
  std::map<std::string, std::string> secrets;
  EngineConfig engine;
  std::vector<Expectation> expectations;
  std::vector<FaultEvent> events;  // the timeline of injected faults
};

struct ScenarioLoad {
  Scenario scenario;
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

ScenarioLoad loadScenarioText(const std::string& text, const std::string& file);
ScenarioLoad loadScenarioFile(const std::string& path);

}  // namespace dnsfailover::sim
