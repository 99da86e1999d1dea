// The propagation watcher on the simulated DNS world: NS discovery, answers
// reported only when they change, convergence per scope, dense/sparse pace.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "tests/dns/sim_dns_fixture.h"

namespace dnsfailover {
namespace {

using testing::SimDnsWorld;
using testing::t0;

std::pair<PropagationConfig, std::vector<ConfigError>> loadPropagationConfigForTest(const nlohmann::json& root) {
  std::vector<ConfigError> errors;
  PropagationConfig config = loadPropagationConfig(root, "", errors);
  return {config, errors};
}

TEST(Propagation, DiscoversTheNsSetAndReportsEachServerOnce) {
  SimDnsWorld world({{5s, 5s}, {20s, 20s}}, {{}, {}}, 300);
  world.startWatcher();
  world.kernel.runUntil(t0() + 10min);
  const auto& servers = world.watcher->servers();
  ASSERT_EQ(servers.size(), 5u);  // ns1..ns3, then the two resolvers
  EXPECT_EQ(servers[0].name, "ns1.he.net");
  EXPECT_EQ(servers[0].address, "203.0.113.1");
  EXPECT_EQ(servers[2].name, "ns3.he.net");
  EXPECT_EQ(servers[3].scope, PropagationScope::Resolver);
  for (const auto& s : servers) {
    EXPECT_EQ(s.answer, "116.202.27.149") << s.name;
    EXPECT_EQ(s.ttl.value_or(0) > 0, true);
  }
  // Ten minutes of polling, yet one ns_answer per server: only changes count.
  EXPECT_EQ(world.trace.of(EventType::NsAnswer).size(), 5u);
}

TEST(Propagation, ConvergesAuthAfterTheLongestLagAndResolversAfterTtl) {
  SimDnsWorld world({{4s, 4s}, {30s, 30s}}, {{}, {10min, false}}, 120);
  world.startWatcher();
  world.kernel.runUntil(t0() + 5min);
  world.push("51.158.104.109", 120);
  world.kernel.runUntil(t0() + 30min);
  const auto converged = world.trace.of(EventType::Converged);
  ASSERT_EQ(converged.size(), 2u);
  EXPECT_EQ(converged[0].text(field::scope), "auth");
  EXPECT_EQ(converged[0].text(field::address), "51.158.104.109");
  const Duration auth = *world.watcher->authConvergedAfter();
  EXPECT_GE(auth, 30s);
  EXPECT_LE(auth, 33s);  // the 30 s lag plus one 2 s dense poll plus latency
  const Duration resolvers = *world.watcher->resolversConvergedAfter();
  EXPECT_LE(resolvers, 30s + 10min + 3s);  // lag + clamped TTL + poll
  // ns2 (4 s lag) switched before ns3 (30 s lag).
  TimePoint ns2{}, ns3{};
  for (const TraceEvent& e : world.trace.of(EventType::NsAnswer)) {
    if (e.text(field::address) != "51.158.104.109") continue;
    if (e.text(field::server) == "ns2.he.net") ns2 = e.t;
    if (e.text(field::server) == "ns3.he.net") ns3 = e.t;
  }
  EXPECT_LT(ns2, ns3);
  EXPECT_GE(ns3 - (t0() + 5min), 30s);
}

TEST(Propagation, ReportsErrorsAsAnswersAndPollsSparselyAtRest) {
  SimDnsWorld world({{1s, 1s}}, {{}}, 60);
  world.config.sparseInterval = 5min;
  world.startWatcher();
  world.kernel.runUntil(t0() + 1min);
  const uint64_t before = world.network.queriesSent();
  world.kernel.runUntil(t0() + 31min);
  // 6 rounds of 3 queries in 30 minutes at rest.
  EXPECT_LE(world.network.queriesSent() - before, 6u * 3u + 3u);
  world.nameservers[1]->setServfail(true);
  world.push("51.158.104.109", 60);
  world.kernel.runUntil(t0() + 40min);
  bool sawServfail = false;
  for (const TraceEvent& e : world.trace.of(EventType::NsAnswer)) sawServfail |= e.text(field::error) == "SERVFAIL";
  EXPECT_TRUE(sawServfail);
  EXPECT_FALSE(world.watcher->authConvergedAfter().has_value());
}

TEST(PropagationConfig, ParsesAndNamesEveryWrongField) {
  const auto ok = loadPropagationConfigForTest(nlohmann::json::parse(R"({"propagation": {
      "resolvers": [{"name": "one.one.one.one", "address": "1.1.1.1"}],
      "dense_interval": "1s", "sparse_interval": "5m", "dense_for": "20m"}})"));
  EXPECT_TRUE(ok.second.empty());
  EXPECT_TRUE(ok.first.enabled);
  EXPECT_EQ(ok.first.denseInterval, 1s);
  EXPECT_EQ(ok.first.sparseInterval, 5min);
  const auto bad = loadPropagationConfigForTest(nlohmann::json::parse(R"({"propagation": {
      "resolvers": [{"name": "x", "address": "1.1.1"}], "dense_interval": "soon"}})"));
  ASSERT_EQ(bad.second.size(), 2u);
  EXPECT_EQ(bad.second[0].path, "propagation.resolvers[0].address");
  EXPECT_EQ(bad.second[1].path, "propagation.dense_interval");
  EXPECT_FALSE(loadPropagationConfigForTest(nlohmann::json::object()).first.enabled);
}

}  // namespace
}  // namespace dnsfailover
