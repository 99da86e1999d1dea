// Goal: every expectation kind can fail. For each one, a world is built to
// violate it (a fault, a config or a fake knob that really breaks the
// property); the run fails that expectation with a diagnosis that names
// what went wrong, while the same expectation passes in the world without
// the violation (so the failure comes from the world, not from the check).

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/memory_store.h"
#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json catScenario() {
  std::ifstream in(testing::sourcePath("scenarios/cat-okerr.json"));
  return json::parse(in);
}

struct Bite {
  std::string kind;                    // the expectation kind under test
  json expectation;                    // judged in both worlds
  std::function<void(json&)> violate;  // turns the plain world into one that breaks it
  std::string diagnosis;               // what the failure's detail must say
  std::string duration = "30m";
};

ExpectationResult judge(json doc, const json& expectation, const std::string& duration) {
  doc["duration"] = duration;
  doc["expectations"] = json::array({expectation});
  const ScenarioLoad load = loadScenarioText(doc.dump(), "bite.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  if (!load.ok()) return {};
  NullTraceSink trace;
  const RunReport report = runScenario(load.scenario, {}, trace);
  EXPECT_EQ(report.expectations.size(), 1u);
  return report.expectations.empty() ? ExpectationResult{} : report.expectations[0];
}

json event(const char* at, const char* kind, json fields) {
  fields["at"] = at;
  fields["kind"] = kind;
  return fields;
}

std::vector<Bite> bites() {
  return {
      {"record_follows_truth",
       {{"kind", "record_follows_truth"}, {"scheme", "cat"}, {"within", "11s"}, {"until", "00:19"}},
       // The monitor loses main while clients still reach it: the engine
       // fails over although the truth says main serves.
       [](json& d) { d["events"] = json::array({event("00:05", "partition", {{"server", "charlie"}, {"on", true}})}); },
       "the servers' states call for 116.202.27.149"},
      {"record_at",
       {{"kind", "record_at"}, {"fqdn", "cat.he.okerr.com"}, {"at", "00:10"}, {"address", "116.202.27.149"}},
       [](json& d) { d["events"] = json::array({event("00:05", "server_down", {{"server", "charlie"}})}); },
       "the record held \"51.158.104.109\""},
      {"record_never",
       {{"kind", "record_never"}, {"fqdn", "cat.he.okerr.com"}, {"address", "37.59.102.26"}, {"until", "00:19"}},
       [](json& d) {
         d["events"] = json::array({event("00:05", "server_down", {{"server", "charlie"}}),
                        event("00:05", "server_down", {{"server", "echo"}})});
       },
       "the record took it at 2026-"},
      {"selection_count",
       {{"kind", "selection_count"}, {"scheme", "cat"}, {"max", 1}},
       [](json& d) {
         d["events"] = json::array({event("00:02", "server_page", {{"server", "charlie"}, {"status", "ERR"}}),
                        event("00:04", "server_page", {{"server", "charlie"}, {"status", "OK"}}),
                        event("00:06", "server_page", {{"server", "charlie"}, {"status", "ERR"}}),
                        event("00:08", "server_page", {{"server", "charlie"}, {"status", "OK"}})});
       },
       " selection changes", "15m"},
      {"event_count",
       {{"kind", "event_count"}, {"type", "push"}, {"where", {{"ok", false}}}, {"max", 0}},
       [](json& d) {
         d["events"] = json::array({event("00:04", "provider_outage", {{"provider", "he.net"}, {"for", "5m"}}),
                        event("00:05", "server_down", {{"server", "charlie"}})});
       },
       "matching events, first at 2026-"},
      {"push_spacing",
       {{"kind", "push_spacing"}, {"scheme", "cat"}, {"min", "20s"}},
       // A backoff of 1s hammers a provider in outage.
       [](json& d) {
         d["events"] = json::array({event("00:04", "provider_outage", {{"provider", "he.net"}, {"for", "2m"}}),
                        event("00:05", "server_down", {{"server", "charlie"}})});
       },
       "for one selection"},
      {"no_stale_record",
       {{"kind", "no_stale_record"}, {"scheme", "cat"}},
       // The push of echo takes 2 min to reach the provider, longer than the
       // engine waits (10 s); the newer push of bravo, sent after that
       // timeout over a fast link again, lands first and echo's late
       // arrival takes the record back.
       [](json& d) {
         d["events"] = json::array({event("00:04:59", "provider_slow", {{"provider", "he.net"}, {"delay", "2m"}}),
                        event("00:05:00", "maintenance", {{"indicator", "charlie:cat"}, {"on", true}}),
                        event("00:05:01", "provider_slow", {{"provider", "he.net"}, {"delay", "20ms"}}),
                        event("00:05:03", "maintenance", {{"indicator", "echo:cat"}, {"on", true}})});
       },
       "the A record went back to 51.158.104.109 after 37.59.102.26 had landed", "19m"},
      {"ns_converge",
       {{"kind", "ns_converge"}, {"scheme", "cat"}, {"slack", "8s"}},
       [](json& d) {
         d["world"]["nameservers"][1]["stale"] = true;
         d["events"] = json::array({event("00:05", "server_down", {{"server", "charlie"}})});
       },
       "ns2.he.net still answered \"116.202.27.149\""},
      {"resolvers_converge",
       {{"kind", "resolvers_converge"}, {"scheme", "cat"}, {"slack", "10s"}},
       // 8.8.8.8 keeps answers an hour, which the world's spec does not say.
       [](json& d) {
         d["events"] = json::array({event("00:00", "resolver_clamp", {{"resolver", "8.8.8.8"}, {"delay", "1h"}}),
                        event("00:05", "server_down", {{"server", "charlie"}})});
       },
       "google-public-dns-b.google.com still answered \"116.202.27.149\""},
  };
}

class ExpectationBites : public ::testing::TestWithParam<Bite> {};

TEST_P(ExpectationBites, FailsInAWorldBuiltToViolateIt) {
  const Bite& bite = GetParam();
  json plain = catScenario();
  if (bite.kind == "push_spacing") plain["engine"]["schemes"][0]["push_backoff"] = "1s";
  json broken = plain;
  bite.violate(broken);
  const ExpectationResult control = judge(plain, bite.expectation, bite.duration);
  EXPECT_TRUE(control.passed) << bite.kind << " fails even without the violation: " << control.detail;
  const ExpectationResult failed = judge(broken, bite.expectation, bite.duration);
  EXPECT_FALSE(failed.passed) << bite.kind << " did not bite: " << failed.detail;
  EXPECT_NE(failed.detail.find(bite.diagnosis), std::string::npos)
      << bite.kind << ": the diagnosis should say \"" << bite.diagnosis << "\", it says: " << failed.detail;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, ExpectationBites, ::testing::ValuesIn(bites()),
                         [](const auto& info) { return info.param.kind; });

}  // namespace
}  // namespace dnsfailover::sim

namespace dnsfailover::sim {
namespace {

// The store's disk fills up at `fullAt` (every commit fails, as
// MemoryStore::failNextCommits does) and is freed at `freedAt`; the engine
// holds what it could not write, so only a crash in between loses it.
RunReport runWithFullDisk(json doc, const json& expectation, Duration fullAt, Duration freedAt) {
  doc["duration"] = "20m";
  doc["expectations"] = json::array({expectation});
  const ScenarioLoad load = loadScenarioText(doc.dump(), "bite.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  RunOptions options;
  auto disk = [](uint32_t failures) {
    return [failures](Engine*, Scheduler&, Store* store) {
      ASSERT_NE(store, nullptr) << "a run that crashes the engine keeps a store";
      dynamic_cast<MemoryStore&>(*store).failNextCommits(failures);
    };
  };
  options.visits.push_back({fullAt, disk(1'000'000)});
  options.visits.push_back({freedAt, disk(0)});
  NullTraceSink trace;
  return runScenario(load.scenario, options, trace);
}

// An operator puts main in maintenance at 00:05: the push of echo takes 8 s
// (a slow provider). The disk fills while it is on the way, so its
// confirmation is held in memory, and the engine is killed before the disk
// is freed: the store never learns the push landed.
json diskFullWorld() {
  json doc = catScenario();
  doc["events"] = json::array({event("00:04:59", "provider_slow", {{"provider", "he.net"}, {"delay", "4s"}}),
                               event("00:05:00", "maintenance", {{"indicator", "charlie:cat"}, {"on", true}}),
                               event("00:05:02", "provider_slow", {{"provider", "he.net"}, {"delay", "20ms"}}),
                               event("00:05:20", "engine_crash", {{"for", "10s"}})});
  return doc;
}

TEST(ExpectationBitesWithAStore, HistoryCompleteFailsWhenACrashLosesWhatAFullDiskHeld) {
  const json expectation = {{"kind", "history_complete"}};
  const RunReport plain = runWithFullDisk(diskFullWorld(), expectation, std::chrono::hours{1}, std::chrono::hours{1});
  ASSERT_EQ(plain.expectations.size(), 1u);
  EXPECT_TRUE(plain.expectations[0].passed) << plain.expectations[0].detail;
  const RunReport full = runWithFullDisk(diskFullWorld(), expectation, std::chrono::seconds{304},
                                         std::chrono::seconds{325});
  ASSERT_EQ(full.expectations.size(), 1u);
  EXPECT_FALSE(full.expectations[0].passed) << "history_complete did not bite: " << full.expectations[0].detail;
  EXPECT_NE(full.expectations[0].detail.find("history row "), std::string::npos) << full.expectations[0].detail;
}

TEST(ExpectationBitesWithAStore, NoPushAfterRestartFailsWhenTheStoreForgotTheConfirmation) {
  const json expectation = {{"kind", "no_push_after_restart"}, {"scheme", "cat"}};
  const RunReport plain = runWithFullDisk(diskFullWorld(), expectation, std::chrono::hours{1}, std::chrono::hours{1});
  ASSERT_EQ(plain.expectations.size(), 1u);
  EXPECT_TRUE(plain.expectations[0].passed) << plain.expectations[0].detail;
  const RunReport full = runWithFullDisk(diskFullWorld(), expectation, std::chrono::seconds{304},
                                         std::chrono::seconds{325});
  ASSERT_EQ(full.expectations.size(), 1u);
  EXPECT_FALSE(full.expectations[0].passed) << "no_push_after_restart did not bite: " << full.expectations[0].detail;
  EXPECT_NE(full.expectations[0].detail.find("the provider already held 51.158.104.109, yet"), std::string::npos)
      << full.expectations[0].detail;
}

}  // namespace
}  // namespace dnsfailover::sim
