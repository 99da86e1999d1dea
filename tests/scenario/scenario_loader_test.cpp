// Goal: scenario mistakes are reported by path with what was expected.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/scenario.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

nlohmann::json catScenario() {
  std::ifstream in(testing::sourcePath("scenarios/cat-okerr.json"));
  return nlohmann::json::parse(in);
}

std::string firstError(const nlohmann::json& doc) {
  const ScenarioLoad load = loadScenarioText(doc.dump(), "x.json");
  return load.errors.empty() ? "no error" : load.errors[0].format();
}

TEST(ScenarioLoader, NamesThePathOfEachMistake) {
  auto doc = catScenario();
  doc["world"]["servers"][1]["role"] = "spare";
  EXPECT_EQ(firstError(doc), "world.servers[1].role: expected \"main\", \"backup\" or \"sorry\", got \"spare\"");

  doc = catScenario();
  doc["expectations"][1]["at"] = "noonish";
  EXPECT_EQ(firstError(doc), "expectations[1].at: expected a time like 01:05 or 1h5m, got \"noonish\"");

  doc = catScenario();
  doc["start"] = "yesterday";
  EXPECT_EQ(firstError(doc), "start: expected a UTC time like 2026-11-02T00:00:00Z, got \"yesterday\"");

  doc = catScenario();
  doc["engine"]["schemes"][0]["members"][2]["address"] = "37.59.102";
  EXPECT_EQ(firstError(doc),
            "engine.schemes[0].members[2].address: expected an IPv4 or IPv6 address, got \"37.59.102\"");
}

TEST(ScenarioLoader, NamesMistakesInTheFaultTimeline) {
  auto doc = catScenario();
  doc["events"] = nlohmann::json::parse(R"([
    {"at": "00:05", "kind": "server_down", "server": "charlie"},
    {"at": "00:06", "kind": "meteor_strike"},
    {"at": "00:07", "kind": "server_down", "server": "delta"},
    {"at": "soon", "kind": "force_push", "scheme": "cat"},
    {"at": "00:08", "kind": "provider_outage", "provider": "he.net"},
    {"at": "00:09", "kind": "maintenance", "indicator": "charlie:cat"}
  ])");
  const ScenarioLoad load = loadScenarioText(doc.dump(), "x.json");
  std::vector<std::string> errors;
  for (const auto& e : load.errors) errors.push_back(e.format());
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_NE(errors[0].find("events[1].kind: unknown kind \"meteor_strike\" (expected one of server_down"), std::string::npos)
      << errors[0];
  EXPECT_EQ(errors[1], "events[2].server: no server named \"delta\" in this scenario");
  EXPECT_EQ(errors[2], "events[3].at: expected a time like 01:05 or 1h5m, got \"soon\"");
  EXPECT_EQ(errors[3], "events[4].for: is required for provider_outage (a duration)");
  EXPECT_EQ(errors[4], "events[5].on: is required for maintenance (true or false)");
}

// event_count names its type and fields from the trace schema: a typo
// would otherwise count nothing and fail (or pass) for the wrong reason.
TEST(ScenarioLoader, EventCountIsCheckedAgainstTheTraceSchema) {
  auto withCount = [](nlohmann::json count) {
    auto doc = catScenario();
    doc["expectations"] = nlohmann::json::array({count});
    return doc;
  };
  EXPECT_EQ(firstError(withCount({{"kind", "event_count"}, {"type", "pushh"}})).substr(0, 52),
            "expectations[0].type: unknown event type \"pushh\" (ex");
  EXPECT_EQ(firstError(withCount({{"kind", "event_count"}, {"type", "push"}, {"where", {{"okay", true}}}})),
            "expectations[0].where.okay: push events have no field \"okay\" (fields: scheme, address, ok, reply, "
            "superseded_by, permanent, failures, retry_in_s, rtype, proxied, recheck_in_s)");
  EXPECT_EQ(firstError(withCount({{"kind", "event_count"}, {"type", "push"}, {"where", {{"ok", "yes"}}}})),
            "expectations[0].where.ok: push.ok is a boolean");
  const ScenarioLoad good = loadScenarioText(
      withCount({{"kind", "event_count"}, {"type", "push"}, {"where", {{"ok", false}, {"failures", 2}}}}).dump(),
      "x.json");
  ASSERT_TRUE(good.ok()) << good.errors[0].format();
  EXPECT_EQ(good.scenario.expectations[0].eventType, EventType::Push);
}

TEST(ScenarioLoader, ExtendsMergesOverTheBase) {
  const ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/maintenance-main.json"));
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.scenario.name, "maintenance-main");
  EXPECT_EQ(load.scenario.servers.size(), 3u) << "the world comes from cat-okerr.json";
  EXPECT_EQ(load.scenario.events.size(), 2u);
  EXPECT_EQ(load.scenario.duration, std::chrono::minutes{19});
}

TEST(ScenarioLoader, RejectsBrokenJsonClearly) {
  const ScenarioLoad load = loadScenarioText("{\"name\": ", "broken.json");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_NE(load.errors[0].message.find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace dnsfailover::sim
