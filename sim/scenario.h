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
#include "sim/link_model.h"

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

// A record made in the Cloudflare dashboard: besides what the zone holds,
// the fields only Cloudflare keeps (a push must leave them as they are).
struct CloudflareRecordSpec {
  RecordSpec record;
  bool proxied = false;
  std::optional<std::string> comment;
  std::vector<std::string> tags;
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
  std::vector<CloudflareRecordSpec> cfRecords;
};

// A fake webhook receiver (fakes/webhook_receiver.h) in the world.
struct WebhookSpec {
  std::string name;
  std::string address;
  std::string hostname;  // the URL host the engine's notify config names
  std::string path = "/hook";
  std::string secret;    // name of the entry in `secrets` it checks signatures with; "" = none
};

// A program the simulated machine can run for a command hook.
struct ProgramSpec {
  std::string path;
  int exitCode = 0;
  Duration runTime = std::chrono::milliseconds{50};
};

// Link conditions for one address of the simulated network.
struct LinkSpec {
  std::string address;
  LinkConditions conditions;
};

// One site of a multi-site world: a `dnsfailover run --site NAME` process
// with its own address on the simulated network (sim/site_network.h).
struct SiteSpec {
  std::string name;
  std::string address;
};

// The fake etcd cluster of a multi-site world (sim/coordination_world.h).
struct EtcdSpec {
  std::vector<std::string> members;     // one address per member
  // Where the leader key lives, <prefix>leader: the engine config's
  // sites.coordination.prefix unless given (set by the loader).
  std::string prefix;
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
    WebhookDeliveries,
    CloudflareRecord,
    // Multi-site (sim/site_expectations.h).
    OneLeader,
    NoFalseFailover,
    HandoverWithin,
    NoPushWithoutLease,
  };
  Kind kind = Kind::RecordFollowsTruth;
  std::string path;  // "expectations[2]", for messages
  std::string scheme;
  std::string fqdn;
  Duration within{};                 // RecordFollowsTruth, HandoverWithin
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
  std::string receiver;                                        // WebhookDeliveries
  std::string notification;                                    // WebhookDeliveries: "" = any event
  // CloudflareRecord: at the end of the run, every record of fqdn and
  // recordType at the Cloudflare fakes has these fields (those given).
  std::optional<bool> proxied;
  std::optional<std::string> comment;
  std::optional<std::vector<std::string>> tags;
  std::optional<int64_t> ttl;
  std::string describe() const;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string purpose;
  TimePoint start{};
  Duration duration = std::chrono::hours{24};
  uint64_t seed = 1;
  // The engine runs as `dnsfailover run --dry-run` would: pushes are
  // would_push events and never reach the fake provider.
  bool dryRun = false;
  LinkConditions network;
  std::vector<LinkSpec> links;
  std::vector<ServerSpec> servers;
  std::vector<ZoneSpec> zones;
  std::vector<ProviderSpec> providers;
  std::vector<NameserverSpec> nameservers;
  std::vector<ResolverSpec> resolvers;
  std::vector<WebhookSpec> webhooks;
  std::vector<ProgramSpec> programs;
  std::map<std::string, std::string> secrets;
  EngineConfig engine;
  std::vector<Expectation> expectations;
  std::vector<FaultEvent> events;  // the timeline of injected faults
  // Several sites, each with its own engine (empty = the one engine of old).
  std::vector<SiteSpec> sites;
  EtcdSpec etcd;  // members empty = no coordination service in the world

  // The index of the site of that name; -1 when there is none.
  int siteIndex(const std::string& name) const;
};

struct ScenarioLoad {
  Scenario scenario;
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

ScenarioLoad loadScenarioText(const std::string& text, const std::string& file);
ScenarioLoad loadScenarioFile(const std::string& path);

}  // namespace dnsfailover::sim
