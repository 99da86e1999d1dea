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

TEST(ScenarioLoader, RejectsBrokenJsonClearly) {
  const ScenarioLoad load = loadScenarioText("{\"name\": ", "broken.json");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_NE(load.errors[0].message.find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace dnsfailover::sim
