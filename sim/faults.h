#pragma once
// The timeline of injected faults and operator actions of a scenario
// ("events": [{"at": "00:21", "kind": "server_down", "server": "charlie"}]).
// Each event is applied to the world (or, for maintenance and force push,
// to the engine, as an operator would) at its instant, and recorded in the
// trace as a `fault` event so reports can mark it.

#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config_loader.h"
#include "engine/core/time.h"
#include "fakes/fault_knobs.h"

#include "sim/seeded_random.h"

namespace dnsfailover {
class TraceSink;
}  // namespace dnsfailover

namespace dnsfailover::sim {

struct Scenario;
class EngineHost;
class Sites;
class World;
class WorldObserver;

struct FaultEvent {
  std::string path;  // "events[3]", for messages
  Duration at{};     // offset from the scenario's start
  std::string kind;
  std::string target;                // server, provider, nameserver, resolver, indicator, scheme or fqdn
  std::optional<bool> on;            // switches
  std::optional<Duration> duration;  // "for": windows (outage, storm, error ratio)
  std::optional<Duration> delay;     // server_slow, ns_lag
  std::optional<double> ratio;       // packet_loss, provider_errors
  std::optional<Duration> jitter;    // engine_crash: the instant moves by up to this, drawn from the seed
  std::string value;                 // server_page status, credentials_rotated secret value

  std::string describe() const;
};

// Every kind the timeline understands, with the target field it needs.
struct FaultKind {
  const char* name;
  const char* targetField;  // "server", "provider", ...; "" = the engine itself
  const char* summary;
};
const std::vector<FaultKind>& faultKinds();

// Parses `events`; checks kinds, fields and that targets exist in `scenario`
// (its world and engine config must already be loaded).
std::vector<FaultEvent> parseFaultEvents(const nlohmann::json& events, const Scenario& scenario,
                                         std::vector<ConfigError>& errors);

// Schedules every event of the scenario on the world's kernel. The engine
// is the one engine, or each site's (`sites`, for multi-site worlds: engine
// actions then go to every site, site faults to theirs).
class FaultInjector {
 public:
  FaultInjector(const Scenario& scenario, World& world, EngineHost* engine, Sites* sites, WorldObserver& observer,
                TraceSink& trace, uint64_t seed);
  void schedule();

 private:
  void apply(const FaultEvent& event);
  void applyToSite(const FaultEvent& event);
  void eachEngine(const std::function<void(EngineHost&)>& action);

  const Scenario& scenario_;
  World& world_;
  EngineHost* engine_;
  Sites* sites_;
  WorldObserver& observer_;
  TraceSink& trace_;
  SeededRandom random_;  // jitter of engine crashes
  // provider kind -> (window, error ratio) of every provider_errors event so far
  std::map<std::string, std::vector<std::pair<fakes::TimeWindow, double>>> errorWindows_;
};

}  // namespace dnsfailover::sim
