// Goal: in the simulation the status views are read through the
// in-process door at any instant, and say what the world says: after the
// 00:20 failover of the cat day echo is active and synced, the nameservers
// follow with a match mark, the convergence is measured, the metrics
// counters move, and nothing served holds a credential.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "engine/engine.h"
#include "tests/status/door.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

// The value of one sample line `name{labels} value` in a metrics text, or -1.
double sample(const std::string& text, const std::string& nameAndLabels) {
  const size_t at = text.find("\n" + nameAndLabels + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + nameAndLabels.size() + 2));
}

TEST(SimDoor, AfterTheFailoverEchoIsActiveSyncedAndTheNameserversFollow) {
  const sim::Scenario scenario = loadScenario("scenarios/cat-okerr.json");
  Door door;
  json before, after, later;
  std::string metricsBefore, metricsAfter;
  auto look = [&](json& into, std::string* metrics) {
    return [&into, metrics, &door](Engine* engine, Scheduler& clock, Store* store) {
      ASSERT_NE(engine, nullptr);
      const status::Response r = door.call(*engine, clock, store, get("/api/v1/status"));
      ASSERT_EQ(r.status, 200) << r.body;
      into = json::parse(r.body);
      if (metrics != nullptr) *metrics = door.call(*engine, clock, store, get("/metrics")).body;
    };
  };
  visit(scenario, {{15min, look(before, &metricsBefore)}, {21min, look(after, &metricsAfter)}, {35min, look(later, nullptr)}},
        36min);

  ASSERT_EQ(before["schemes"].size(), 1u);
  const json& s0 = before["schemes"][0];
  EXPECT_EQ(s0["selected"]["indicator"], "charlie:cat");
  EXPECT_EQ(s0["sync"]["status"], "synced");

  const json& s1 = after["schemes"][0];
  EXPECT_EQ(s1["fqdn"], "cat.he.okerr.com");
  EXPECT_EQ(s1["provider"], "he.net");
  EXPECT_EQ(s1["selected"]["indicator"], "echo:cat");
  EXPECT_EQ(s1["selected"]["address"], "51.158.104.109");
  EXPECT_EQ(s1["sync"]["status"], "synced");
  EXPECT_EQ(s1["sync"]["provider_holds"], "51.158.104.109");
  EXPECT_TRUE(std::regex_match(s1["sync"]["text"].get<std::string>(), std::regex(R"(synced \((\d+m )?\d+s\))")))
      << s1["sync"]["text"];
  EXPECT_EQ(s1["failovers"], 1);
  int active = 0;
  for (const json& m : s1["members"]) {
    if (m["active"].get<bool>()) {
      ++active;
      EXPECT_EQ(m["indicator"], "echo:cat");
    }
    if (m["indicator"] == "charlie:cat") {
      EXPECT_EQ(m["status"], "ERR");
    }
  }
  EXPECT_EQ(active, 1);

  // By 00:35 every authoritative nameserver answers echo, marked as a match.
  const json& s2 = later["schemes"][0];
  ASSERT_TRUE(s2["propagation"]["watching"].get<bool>());
  int auth = 0, resolvers = 0;
  for (const json& v : s2["propagation"]["servers"]) {
    if (v["kind"] == "auth") {
      ++auth;
      EXPECT_EQ(v["answer"], "51.158.104.109") << v["name"];
      EXPECT_TRUE(v["matches"].get<bool>()) << v["name"];
      // It matched after the failover and not before.
      EXPECT_GE(v["match_since"].get<std::string>(), std::string("2026-11-02T00:20"));
    } else {
      ++resolvers;
    }
  }
  EXPECT_EQ(auth, 5);
  EXPECT_EQ(resolvers, 4);
  ASSERT_FALSE(s2["propagation"]["convergences"].empty());
  const json& conv = s2["propagation"]["convergences"].back();
  EXPECT_EQ(conv["address"], "51.158.104.109");
  ASSERT_TRUE(conv["auth_s"].is_number()) << conv;
  EXPECT_GT(conv["auth_s"].get<double>(), 0.0);

  // The counters moved with the failover.
  EXPECT_EQ(sample(metricsBefore, R"(dnsfailover_failovers_total{scheme="cat"})"), 0);
  EXPECT_EQ(sample(metricsAfter, R"(dnsfailover_failovers_total{scheme="cat"})"), 1);
  EXPECT_GT(sample(metricsAfter, R"(dnsfailover_pushes_total{scheme="cat",provider="he.net"})"),
            sample(metricsBefore, R"(dnsfailover_pushes_total{scheme="cat",provider="he.net"})"));
  EXPECT_EQ(sample(metricsAfter,
                   R"(dnsfailover_scheme_selected_info{scheme="cat",indicator="echo:cat",address="51.158.104.109"})"),
            1);
  EXPECT_EQ(sample(metricsAfter, R"(dnsfailover_indicator_up{indicator="charlie:cat"})"), 0);
  EXPECT_EQ(sample(metricsAfter, R"(dnsfailover_probe_success{indicator="echo:cat"})"), 1);
  EXPECT_GT(sample(metricsAfter, R"(dnsfailover_last_push_success_timestamp_seconds{scheme="cat"})"), 1.7e9);
}

// Every body served at an instant, for the credential grep.
std::string everythingServed(Door& door, Engine& engine, Scheduler& clock, Store* store) {
  std::string all;
  for (const char* target : {"/", "/assets/app.js", "/assets/app.css", "/api/v1/status", "/metrics",
                             "/api/v1/history?limit=10000"}) {
    const status::Response r = door.call(engine, clock, store, get(target));
    const bool history = std::string(target).starts_with("/api/v1/history");
    EXPECT_EQ(r.status, history && store == nullptr ? 503 : 200) << target << ": " << r.body;
    all += r.body;
    all += '\n';
  }
  return all;
}

TEST(SimDoor, NothingServedHoldsACredential) {
  // engine-crash keeps a store, so the history is served too.
  for (const char* file : {"scenarios/cat-okerr.json", "scenarios/engine-crash.json", "scenarios/cat-okerr-cloudflare.json"}) {
    const sim::Scenario scenario = loadScenario(file);
    Door door;
    std::string served;
    auto look = [&](Engine* engine, Scheduler& clock, Store* store) {
      if (engine == nullptr) return;
      served += everythingServed(door, *engine, clock, store);
    };
    visit(scenario, {{21min, look}, {45min, look}, {70min, look}}, 71min);
    ASSERT_FALSE(served.empty()) << file;
    ASSERT_FALSE(scenario.secrets.empty()) << file;
    for (const auto& [name, value] : scenario.secrets) {
      EXPECT_EQ(served.find(value), std::string::npos) << file << ": the credential " << name << " was served";
    }
  }
}

TEST(SimDoor, HistoryIsFilteredAndLimited) {
  const sim::Scenario scenario = loadScenario("scenarios/engine-crash.json");
  Door door;
  bool looked = false;
  visit(scenario,
        {{70min,
          [&](Engine* engine, Scheduler& clock, Store* store) {
            ASSERT_NE(engine, nullptr);
            ASSERT_NE(store, nullptr);
            looked = true;
            json all = json::parse(door.call(*engine, clock, store, get("/api/v1/history?limit=10000")).body);
            ASSERT_GT(all["events"].size(), 3u);
            json limited = json::parse(door.call(*engine, clock, store, get("/api/v1/history?limit=3")).body);
            EXPECT_EQ(limited["events"].size(), 3u);
            EXPECT_EQ(limited["events"].back(), all["events"].back()) << "newest rows, oldest first";
            const std::string name = engine->indicators()[0]->name();
            json one = json::parse(
                door.call(*engine, clock, store, get("/api/v1/history?limit=10000&indicator=" + name)).body);
            for (const json& row : one["events"]) EXPECT_EQ(row["event"]["indicator"], name);
            const status::Response bad = door.call(*engine, clock, store, get("/api/v1/history?since=yesterday"));
            EXPECT_EQ(bad.status, 400) << bad.body;
          }}},
        71min);
  EXPECT_TRUE(looked);
}

}  // namespace
}  // namespace dnsfailover::testing
