// Goal: replaying a trace with the config that made it reproduces its
// failover times (each push within one check period of the observed one),
// with the servers' truth rebuilt from the observed status changes and the
// provider failing where the observed pushes failed; and a changed policy
// replays the same truth with its own timing.
//
// The trace is synthetic: a simulated run of the cat config whose world
// events (server_state, record, fault) are removed, which leaves what a
// live run writes.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "engine/ports/trace_json.h"
#include "sim/check/replay.h"
#include "sim/check/world_around.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json catConfig() {
  std::ifstream in(testing::sourcePath("examples/cat-okerr.config.json"));
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

EngineConfig loaded(const json& doc) {
  ConfigLoad load = loadEngineConfig(doc);
  EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].format());
  return load.config;
}

class KeepAll final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

std::vector<TraceEvent> run(const json& scenario) {
  const ScenarioLoad load = loadScenarioText(scenario.dump(), "replay-test.json");
  EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].format());
  KeepAll keep;
  runScenario(load.scenario, RunOptions::of(5), keep);
  return keep.events;
}

// What `dnsfailover run --trace` would have written for the same run, as text.
std::string liveTraceText(const json& config) {
  WorldShape shape;
  shape.duration = std::chrono::minutes{40};
  shape.events = json::parse(R"([
    {"at": "00:05:00", "kind": "server_page", "server": "charlie:cat", "status": "ERR"},
    {"at": "00:05:00", "kind": "provider_outage", "provider": "he.net", "for": "40s"},
    {"at": "00:10:00", "kind": "server_page", "server": "echo:cat", "status": "ERR"},
    {"at": "00:13:00", "kind": "server_page", "server": "echo:cat", "status": "schedule"},
    {"at": "00:20:00", "kind": "server_page", "server": "charlie:cat", "status": "schedule"}
  ])");
  std::string text;
  for (const TraceEvent& e : run(scenarioAround(config, loaded(config), shape))) {
    if (e.type == EventType::ServerState || e.type == EventType::Record || e.type == EventType::Fault ||
        e.type == EventType::RunStart || e.type == EventType::RunEnd) {
      continue;
    }
    text += traceEventJson(e) + "\n";
  }
  return text;
}

struct Replayed {
  ReplayPlan plan;
  SchemeRun observed, replayed;
};

Replayed replay(const std::string& traceText, const json& runConfig, const json& replayConfig) {
  std::string error;
  auto trace = parseTraceText(traceText, error);
  EXPECT_TRUE(trace) << error;
  const EngineConfig before = loaded(runConfig), after = loaded(replayConfig);
  auto plan = planReplay(*trace, before, replayConfig, after, error);
  EXPECT_TRUE(plan) << error;
  Replayed out{*plan, {}, {}};
  const auto events = run(plan->scenario);
  out.observed = measureRun(plan->observed, before, plan->start, plan->end)[0];
  out.replayed = measureRun(events, after, plan->start, plan->end)[0];
  return out;
}

TEST(Replay, SameConfigReproducesTheFailoverTimes) {
  const json config = catConfig();
  const std::string trace = liveTraceText(config);
  const Replayed r = replay(trace, config, config);
  EXPECT_EQ(r.plan.statusChanges, 4u) << "charlie ERR and OK, echo ERR and OK";
  EXPECT_GT(r.plan.failedPushes, 0u) << "the provider was out when charlie failed";
  EXPECT_GT(r.plan.providerWindows, 0u);
  ASSERT_EQ(r.observed.transitions.size(), 4u);
  ASSERT_EQ(r.replayed.transitions.size(), 4u) << "the same truth, so the same transitions";
  const auto startOf = [&](const Transition& t) { return r.plan.start + t.at; };
  for (size_t i = 0; i < 4; ++i) {
    const Transition& o = r.observed.transitions[i];
    const Transition& p = r.replayed.transitions[i];
    EXPECT_EQ(o.at, p.at);
    EXPECT_EQ(o.to, p.to);
    ASSERT_TRUE(o.push && p.push) << "transition " << i << " at +" << formatDuration(o.at);
    // Within one check period (10 s) and a second of network.
    EXPECT_NEAR(*p.push, *o.push, 11.0) << "transition " << i << " to " << o.to << " at "
                                        << formatIsoUtc(startOf(o));
  }
  // The first failover waited out the provider's outage in both.
  EXPECT_GT(*r.observed.transitions[0].push, 30.0);
  EXPECT_GT(*r.replayed.transitions[0].push, 30.0);
}

TEST(Replay, AChangedPolicyReplaysTheSameTruthWithItsOwnTiming) {
  const json config = catConfig();
  const std::string trace = liveTraceText(config);
  json slower = config;
  slower["policies"]["10s-nr"]["period"] = "60s";
  slower["policies"]["10s-nr"]["retry_schedule"] = "30s";
  const Replayed r = replay(trace, config, slower);
  ASSERT_EQ(r.replayed.transitions.size(), r.observed.transitions.size());
  double observedSum = 0, replayedSum = 0;
  for (size_t i = 0; i < r.observed.transitions.size(); ++i) {
    if (r.observed.transitions[i].detect) observedSum += *r.observed.transitions[i].detect;
    if (r.replayed.transitions[i].detect) replayedSum += *r.replayed.transitions[i].detect;
  }
  EXPECT_GT(replayedSum, observedSum) << "a 60 s period with a 30 s retry notices later than 10 s without";
  EXPECT_LT(r.replayed.recordAvailability, r.observed.recordAvailability);
  const std::string text = replayText(r.plan, {{r.observed}, {r.replayed}}, "trace", "slower");
  EXPECT_NE(text.find("failover"), std::string::npos) << text;
}

TEST(Replay, AMalformedLineIsNamed) {
  std::string error;
  EXPECT_FALSE(parseTraceText("{\"t\":\"2026-11-02T00:00:00.000Z\",\"type\":\"engine_stop\"}\nnot json\n", error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
}

}  // namespace
}  // namespace dnsfailover::sim
