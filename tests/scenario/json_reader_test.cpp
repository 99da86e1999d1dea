// Goal: every input file is read by one reader with one set of rules: a
// duration written the same way means the same thing in the engine config,
// a scenario, its fault timeline and its DNS world, and each loader's
// mistakes come back through the shared reader with their full path.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/config/json_reader.h"
#include "sim/scenario.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

json catScenario() {
  std::ifstream in(testing::sourcePath("scenarios/cat-okerr.json"));
  return json::parse(in);
}

std::vector<std::string> errorsOf(const json& doc) {
  std::vector<std::string> out;
  for (const ConfigError& e : loadScenarioText(doc.dump(), "x.json").errors) out.push_back(e.format());
  return out;
}

TEST(DurationRule, OneTableForEveryFile) {
  struct Case {
    json value;
    std::optional<Duration> expected;
  };
  const std::vector<Case> cases = {
      {"250ms", milliseconds{250}}, {"10s", seconds{10}},    {"10sec", seconds{10}}, {"5m", minutes{5}},
      {"5min", minutes{5}},         {"1h5m", minutes{65}},   {"1d", std::chrono::hours{24}},
      {30, seconds{30}},            {"30", seconds{30}},     {0, Duration{0}},
      {-1, std::nullopt},           {1.5, std::nullopt},     {"1.5s", std::nullopt}, {"ten", std::nullopt},
      {"", std::nullopt},           {true, std::nullopt},    {json::array(), std::nullopt},
      {int64_t{10'000'000'000}, std::nullopt},               {"5m30", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(durationFromJson(c.value), c.expected) << c.value.dump();
    std::vector<ConfigError> errors;
    Reader reader(errors);
    const auto read = reader.duration(json{{"d", c.value}}, "here", "d", true);
    EXPECT_EQ(read, c.expected) << c.value.dump();
    ASSERT_EQ(errors.size(), c.expected ? 0u : 1u) << c.value.dump();
    if (!c.expected) {
      EXPECT_EQ(errors[0].path, "here.d");
      EXPECT_EQ(errors[0].message.rfind("expected a duration like", 0), 0u) << errors[0].message;
    }
  }
}

// A bare number of seconds is a duration in every part of a scenario, as it
// always was in the engine config.
TEST(DurationRule, BareSecondsMeanTheSameInEveryLoader) {
  json doc = catScenario();
  doc["duration"] = 7200;
  doc["world"]["network"]["latency"] = "15ms";
  doc["world"]["network"]["server_delay"] = 1;
  doc["world"]["resolvers"][2]["min_ttl"] = 600;
  doc["world"]["nameservers"][1]["lag"] = json::array({5, "20s"});
  doc["engine"]["policies"]["10s-nr"]["period"] = 10;
  doc["engine"]["propagation"]["dense_interval"] = 5;
  doc["expectations"][0]["within"] = 11;
  doc["events"] = json::array({{{"at", "00:05"}, {"kind", "server_slow"}, {"server", "charlie"}, {"delay", 2}},
                               {{"at", "00:06"}, {"kind", "provider_outage"}, {"provider", "he.net"}, {"for", "90"}}});
  const ScenarioLoad load = loadScenarioText(doc.dump(), "x.json");
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  const Scenario& s = load.scenario;
  EXPECT_EQ(s.duration, std::chrono::hours{2});
  EXPECT_EQ(s.network.serverDelay, seconds{1});
  EXPECT_EQ(s.resolvers[2].minTtl, minutes{10});
  EXPECT_EQ(s.nameservers[1].lagMin, seconds{5});
  EXPECT_EQ(s.nameservers[1].lagMax, seconds{20});
  EXPECT_EQ(s.engine.indicators[0].policy.period, seconds{10});
  EXPECT_EQ(s.engine.propagation.denseInterval, seconds{5});
  EXPECT_EQ(s.expectations[0].within, seconds{11});
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].delay, seconds{2});
  EXPECT_EQ(s.events[1].duration, seconds{90});
}

TEST(DurationRule, ABadDurationIsTheSameErrorEverywhere) {
  auto only = [](json doc) {
    const auto errors = errorsOf(doc);
    return errors.size() == 1 ? errors[0] : "got " + std::to_string(errors.size()) + " errors";
  };
  const std::string expected = ": expected a duration like \"10s\", \"5m\", \"5min\", \"1h5m\" or a number of seconds, got 1.5";
  json doc = catScenario();
  doc["duration"] = 1.5;
  EXPECT_EQ(only(doc), "duration" + expected);
  doc = catScenario();
  doc["world"]["network"]["jitter"] = 1.5;
  EXPECT_EQ(only(doc), "world.network.jitter" + expected);
  doc = catScenario();
  doc["world"]["nameservers"][2]["lag"][1] = 1.5;
  EXPECT_EQ(only(doc), "world.nameservers[2].lag[1]" + expected);
  doc = catScenario();
  doc["engine"]["policies"]["10s-nr"]["period"] = 1.5;
  EXPECT_EQ(only(doc), "engine.policies.10s-nr.period" + expected);
  doc = catScenario();
  doc["expectations"][5]["slack"] = 1.5;
  EXPECT_EQ(only(doc), "expectations[5].slack" + expected);
  doc = catScenario();
  doc["events"] = json::array({{{"at", "00:05"}, {"kind", "server_slow"}, {"server", "charlie"}, {"delay", 1.5}}});
  const auto errors = errorsOf(doc);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "events[0].delay" + expected);
  EXPECT_EQ(errors[1], "events[0].delay: is required for server_slow (a duration)");
}

// Each loader's own mistakes, reported through the shared reader by path.
TEST(JsonReader, EachLoaderNamesThePath) {
  struct Case {
    std::function<void(json&)> edit;
    std::string error;
  };
  const std::vector<Case> cases = {
      {[](json& d) { d["world"]["network"]["loss"] = 2; }, "world.network.loss: expected a number between 0 and 1, got 2"},
      {[](json& d) { d["world"]["servers"][0]["fail_minute"] = "20"; },
       "world.servers[0].fail_minute: expected an integer, got \"20\""},
      {[](json& d) { d["world"]["nameservers"][1]["stale"] = "yes"; },
       "world.nameservers[1].stale: expected true or false, got \"yes\""},
      {[](json& d) { d["world"]["resolvers"][3]["name"] = ""; },
       "world.resolvers[3].name: expected a non-empty string, got \"\""},
      {[](json& d) { d["engine"]["schemes"][0]["ttl"] = "300"; }, "engine.schemes[0].ttl: expected an integer, got \"300\""},
      {[](json& d) { d["engine"]["propagation"]["resolvers"][1]["port"] = 0; },
       "engine.propagation.resolvers[1].port: expected a port 1..65535, got 0"},
      {[](json& d) { d["engine"]["propagation"]["settle"] = "0s"; },
       "engine.propagation.settle: expected a duration longer than zero like \"2s\" or \"1m\", got \"0s\""},
      {[](json& d) { d["engine"]["status"] = {{"allow_remote", "yes"}}; },
       "engine.status.allow_remote: expected true or false, got \"yes\""},
      {[](json& d) { d["engine"]["store"] = {{"history_max_events", "many"}}; },
       "engine.store.history_max_events: expected an integer, got \"many\""},
      {[](json& d) { d["expectations"][0]["scheme"] = 7; }, "expectations[0].scheme: expected a string, got 7"},
      {[](json& d) {
         d["events"] = json::array({{{"at", "00:05"}, {"kind", "packet_loss"}, {"server", "charlie"}, {"ratio", -0.5}}});
       },
       "events[0].ratio: expected a number between 0 and 1, got -0.5"},
      {[](json& d) {
         d["events"] = json::array({{{"at", "00:05"}, {"kind", "server_page"}, {"server", "charlie"}, {"status", 1}}});
       },
       "events[0].status: expected a string, got 1"},
  };
  for (const Case& c : cases) {
    json doc = catScenario();
    c.edit(doc);
    const auto errors = errorsOf(doc);
    ASSERT_FALSE(errors.empty()) << c.error;
    EXPECT_EQ(errors[0], c.error);
  }
}

// A null field is an absent one, in every file.
TEST(JsonReader, NullIsAbsent) {
  json doc = catScenario();
  doc["world"]["network"]["jitter"] = nullptr;
  doc["world"]["resolvers"][0]["serve_stale"] = nullptr;
  doc["engine"]["propagation"]["settle"] = nullptr;
  doc["engine"]["status"] = nullptr;
  const ScenarioLoad load = loadScenarioText(doc.dump(), "x.json");
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.scenario.network.jitter, Duration{0});
  EXPECT_FALSE(load.scenario.engine.status.enabled);
}

}  // namespace
}  // namespace dnsfailover::sim
