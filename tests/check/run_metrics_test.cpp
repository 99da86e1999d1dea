// Goal: the measures of a run are what their definitions say
// (sim/check/run_metrics.h), on hand-made events: failover stages timed
// from the true change, availability from what resolvers answered, a
// false failover when the left member was serving, a double push.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "sim/check/run_metrics.h"

namespace dnsfailover::sim {
namespace {

using std::chrono::seconds;

EngineConfig twoMembers() {
  const auto doc = nlohmann::json::parse(R"({
    "policies": {"p": {"period": "10s"}},
    "indicators": [
      {"name": "main", "policy": "p", "check": {"method": "httpstatus", "url": "https://a.example/"}},
      {"name": "backup", "policy": "p", "check": {"method": "httpstatus", "url": "https://b.example/"}}],
    "schemes": [{"name": "www", "fqdn": "www.example.net", "zone": "example.net", "provider": "he.net",
                 "credentials": {"env": "K"}, "ttl": 60,
                 "members": [{"indicator": "main", "priority": 100, "address": "192.0.2.1"},
                             {"indicator": "backup", "priority": 90, "address": "192.0.2.2"}]}]})");
  ConfigLoad load = loadEngineConfig(doc);
  EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].format());
  return load.config;
}

const TimePoint t0 = *parseIsoUtc("2026-11-02T00:00:00Z");
TimePoint at(int s) { return t0 + seconds{s}; }

TEST(RunMetrics, FailoverAndRecoveryStagesFromTheTrueChange) {
  const EngineConfig config = twoMembers();
  std::vector<TraceEvent> events = {
      events::serverState(at(0), "main", "192.0.2.1", true),
      events::serverState(at(0), "backup", "192.0.2.2", true),
      events::selection(at(5), "www", "192.0.2.1", 100, "main"),
      events::nsAnswerAddress(at(6), "www", "r1", "resolver", "192.0.2.1", 60),
      events::serverState(at(100), "main", "192.0.2.1", false),
      events::selection(at(107), "www", "192.0.2.2", 90, "backup"),
      events::push(at(108), "www", "192.0.2.2", true, "good 192.0.2.2"),
      events::converged(at(112), "www", "auth", "192.0.2.2", 4),
      events::nsAnswerAddress(at(150), "www", "r1", "resolver", "192.0.2.2", 60),
      events::converged(at(150), "www", "resolvers", "192.0.2.2", 42),
      events::serverState(at(500), "main", "192.0.2.1", true),
      events::selection(at(503), "www", "192.0.2.1", 100, "main"),
      events::push(at(504), "www", "192.0.2.1", true, "good 192.0.2.1"),
      events::nsAnswerAddress(at(520), "www", "r1", "resolver", "192.0.2.1", 60),
  };
  const auto runs = measureRun(events, config, t0, at(1000));
  ASSERT_EQ(runs.size(), 1u);
  const SchemeRun& r = runs[0];
  ASSERT_EQ(r.transitions.size(), 2u);
  const Transition& f = r.transitions[0];
  EXPECT_TRUE(f.failover);
  EXPECT_EQ(f.at, seconds{100});
  EXPECT_EQ(f.to, "192.0.2.2");
  EXPECT_DOUBLE_EQ(*f.detect, 7.0);
  EXPECT_DOUBLE_EQ(*f.push, 8.0);
  EXPECT_DOUBLE_EQ(*f.ns, 12.0);
  EXPECT_DOUBLE_EQ(*f.resolvers, 50.0);
  const Transition& back = r.transitions[1];
  EXPECT_FALSE(back.failover);
  EXPECT_DOUBLE_EQ(*back.detect, 3.0);
  EXPECT_FALSE(back.ns) << "no converged event for the recovery";
  // The resolver pointed at a dead main from 100 s to 150 s: 50 s of 1000.
  EXPECT_NEAR(r.availability, 0.95, 1e-9);
  EXPECT_EQ(r.falseFailovers, 0);
  EXPECT_EQ(r.pushes, 2);
  EXPECT_TRUE(r.doublePushes.empty());
}

TEST(RunMetrics, FalseFailoverAndDoublePush) {
  const EngineConfig config = twoMembers();
  std::vector<TraceEvent> events = {
      events::serverState(at(0), "main", "192.0.2.1", true),
      events::serverState(at(0), "backup", "192.0.2.2", true),
      events::selection(at(5), "www", "192.0.2.1", 100, "main"),
      // The monitor loses main while it serves (a partition): a false failover.
      events::selection(at(300), "www", "192.0.2.2", 90, "backup"),
      events::push(at(301), "www", "192.0.2.2", true, "good"),
      // Back to main two seconds later: two addresses within one period.
      events::selection(at(302), "www", "192.0.2.1", 100, "main"),
      events::push(at(303), "www", "192.0.2.1", true, "good"),
  };
  const auto runs = measureRun(events, config, t0, at(1000));
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].falseFailovers, 1);
  ASSERT_EQ(runs[0].doublePushes.size(), 1u);
  EXPECT_EQ(runs[0].doublePushes[0].first, "192.0.2.2");
  EXPECT_EQ(runs[0].doublePushes[0].second, "192.0.2.1");
  EXPECT_DOUBLE_EQ(runs[0].doublePushes[0].gap, 2.0);
  EXPECT_TRUE(runs[0].transitions.empty()) << "the truth never changed";
  EXPECT_EQ(runs[0].peakPushes, 2);
}

}  // namespace
}  // namespace dnsfailover::sim
