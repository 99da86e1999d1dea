// Goal: a multi-site world is several whole engines in one world, each in
// its own place (its own address, its own lost links), and each site judge
// can fail: on a world built to break it (sites that decide and push alone,
// with no coordination in their engine config) it fails with a diagnosis.

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "sim/runner.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"
#include "tests/support/site_world.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json siteWorld() { return testing::siteWorldDocument(); }

// The same world with engines that know nothing of the other sites: each
// probes, decides and pushes on its own.
json aloneWorld() {
  json doc = siteWorld();
  doc["engine"].erase("sites");
  return doc;
}

struct SiteRun {
  RunReport report;
  std::vector<TraceEvent> events;
};

SiteRun run(const json& doc) {
  const ScenarioLoad load = loadScenarioText(doc.dump(), "sites.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  class Keep final : public TraceSink {
   public:
    void record(const TraceEvent& e) override { events.push_back(e); }
    std::vector<TraceEvent> events;
  } keep;
  SiteRun out;
  if (!load.ok()) return out;
  out.report = runScenario(load.scenario, {}, keep);
  out.events = std::move(keep.events);
  return out;
}

ExpectationResult only(const SiteRun& r) {
  EXPECT_EQ(r.report.expectations.size(), 1u);
  if (r.report.expectations.empty()) return {};
  return r.report.expectations.at(0);
}

std::vector<ConfigError> errorsOf(const json& doc) { return loadScenarioText(doc.dump(), "sites.json").errors; }

bool mentions(const std::vector<ConfigError>& errors, const std::string& text) {
  for (const ConfigError& e : errors) {
    if (e.format().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(SiteWorld, TheLoaderNamesTheWrongField) {
  json noEtcd = siteWorld();
  noEtcd["world"].erase("etcd");
  EXPECT_TRUE(mentions(errorsOf(noEtcd), "world.etcd: is required with \"sites\""));

  json twice = siteWorld();
  twice["sites"][1]["name"] = "paris";
  EXPECT_TRUE(mentions(errorsOf(twice), "sites[1].name: duplicate site \"paris\" (also sites[0])"));

  json unknownSite = siteWorld();
  unknownSite["events"] = json::array({{{"at", "00:01"}, {"kind", "site_crash"}, {"site", "tokyo"}}});
  EXPECT_TRUE(mentions(errorsOf(unknownSite), "events[0].site: no site named \"tokyo\""));

  json badFrom = siteWorld();
  badFrom["events"] = json::array({{{"at", "00:01"}, {"kind", "site_partition"}, {"site", "paris"}, {"from", "moon"}, {"on", true}}});
  EXPECT_TRUE(mentions(errorsOf(badFrom), "events[0].from: expected \"servers\", \"providers\", \"coordination\" or an IP address"));

  json badDrift = siteWorld();
  badDrift["events"] = json::array({{{"at", "00:01"}, {"kind", "clock_drift"}, {"site", "paris"}, {"ratio", 0}}});
  EXPECT_TRUE(mentions(errorsOf(badDrift), "events[0].ratio: expected a speed in (0, 100]"));

  json noMember = siteWorld();
  noMember["events"] = json::array({{{"at", "00:01"}, {"kind", "etcd_member_down"}, {"member", "7"}, {"on", true}}});
  EXPECT_TRUE(mentions(errorsOf(noMember), "events[0].member: no member named \"7\""));

  json oneSite = aloneWorld();
  oneSite.erase("sites");
  oneSite["expectations"] = json::array({{{"kind", "one_leader"}}});
  EXPECT_TRUE(mentions(errorsOf(oneSite), "expectations[0].kind: one_leader judges sites"));
}

TEST(SiteWorld, EachSiteProbesFromItsOwnPlace) {
  // frankfurt alone loses the servers: only its engine sees them fail.
  const SiteRun r = run(aloneWorld());
  std::map<std::string, int> errors;
  for (const TraceEvent& e : r.events) {
    if (e.type == EventType::IndicatorStatus && e.text(field::status) == "ERR" && e.t < r.report.start + std::chrono::minutes{19}) {
      ++errors[e.text(field::origin)];
    }
  }
  EXPECT_GT(errors["frankfurt"], 0);
  EXPECT_EQ(errors["paris"], 0);
  EXPECT_EQ(errors["virginia"], 0);
  // Three engines started, each tagged with its site.
  int starts = 0;
  for (const TraceEvent& e : r.events) starts += e.type == EventType::EngineStart && !e.text(field::origin).empty();
  EXPECT_EQ(starts, 3);
}

TEST(SiteJudges, NoPushWithoutLeaseFailsWhenSitesPushAlone) {
  json doc = aloneWorld();
  doc["expectations"] = json::array({{{"kind", "no_push_without_lease"}}});
  const ExpectationResult e = only(run(doc));
  EXPECT_FALSE(e.passed);
  EXPECT_NE(e.detail.find("to the provider at 216.218.130.2 while nobody held the lease"), std::string::npos) << e.detail;
}

TEST(SiteJudges, OneLeaderFailsWhenNobodyCampaigns) {
  json doc = aloneWorld();
  doc["expectations"] = json::array({{{"kind", "one_leader"}, {"from", "00:01"}}});
  const ExpectationResult e = only(run(doc));
  EXPECT_FALSE(e.passed);
  EXPECT_NE(e.detail.find("no site held a live lease on the leader key"), std::string::npos) << e.detail;
}

TEST(SiteJudges, NoFalseFailoverFailsWhenACutOffSiteDecidesAlone) {
  json doc = aloneWorld();
  doc["expectations"] = json::array({{{"kind", "no_false_failover"}, {"scheme", "cat"}}});
  const ExpectationResult e = only(run(doc));
  EXPECT_FALSE(e.passed);
  EXPECT_NE(e.detail.find("the record moved from 116.202.27.149 to 37.59.102.26, but 116.202.27.149 had been serving"),
            std::string::npos)
      << e.detail;
}

TEST(SiteJudges, HandoverWithinFailsWhenNoOtherSiteCanReachTheProvider) {
  json doc = siteWorld();
  json events = json::array();
  for (const char* site : {"paris", "frankfurt", "virginia"}) {
    events.push_back({{"at", "00:02"}, {"kind", "site_partition"}, {"site", site}, {"from", "providers"}, {"on", true}});
  }
  events.push_back({{"at", "00:20:05"}, {"kind", "site_crash"}, {"site", "leader"}, {"for", "10m"}});
  doc["events"] = events;
  doc["expectations"] = json::array({{{"kind", "handover_within"}, {"within", "30s"}}});
  const ExpectationResult e = only(run(doc));
  EXPECT_FALSE(e.passed);
  EXPECT_NE(e.detail.find("died at 2026-11-02T00:20:05"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("no other site pushed after"), std::string::npos) << e.detail;
}

TEST(SiteJudges, HandoverWithinFailsWhenTheLeaderNeverDied) {
  json doc = siteWorld();
  doc["events"] = json::array();
  doc["duration"] = "5m";
  doc["expectations"] = json::array({{{"kind", "handover_within"}, {"within", "30s"}}});
  const ExpectationResult e = only(run(doc));
  EXPECT_FALSE(e.passed);
  EXPECT_NE(e.detail.find("the leader never died"), std::string::npos) << e.detail;
}

// Several engines in one world stay a function of (scenario, seed), with
// every site fault and the perturbation on.
TEST(SiteWorld, SameSeedSameTrace) {
  json doc = siteWorld();
  doc["duration"] = "6m";
  doc["engine"].erase("propagation");
  doc["events"] = json::array({
      {{"at", "00:01:10"}, {"kind", "site_pause"}, {"site", "leader"}, {"for", "25s"}},
      {{"at", "00:02"}, {"kind", "clock_drift"}, {"site", "virginia"}, {"ratio", 1.1}},
      {{"at", "00:02:30"}, {"kind", "site_partition"}, {"site", "paris"}, {"from", "coordination"}, {"on", true}},
      {{"at", "00:03"}, {"kind", "etcd_member_down"}, {"member", "0"}, {"on", true}},
      {{"at", "00:03:30"}, {"kind", "site_crash"}, {"site", "leader"}, {"for", "20s"}},
      {{"at", "00:04"}, {"kind", "site_partition"}, {"site", "paris"}, {"from", "coordination"}, {"on", false}},
  });
  const ScenarioLoad load = loadScenarioText(doc.dump(), "sites.json");
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  auto traceOf = [&load](uint64_t seed) {
    std::ostringstream out;
    JsonLinesSink sink(out);
    RunOptions options = RunOptions::of(seed);
    options.perturb = true;
    runScenario(load.scenario, options, sink);
    return out.str();
  };
  for (uint64_t seed : {3u, 4u}) {
    const std::string first = traceOf(seed);
    EXPECT_EQ(first, traceOf(seed)) << "seed " << seed;
    EXPECT_NE(first.find("\"origin\":\"virginia\""), std::string::npos);
  }
}

// The stale leader of leader-pause: its lease runs out while it is stopped
// and it still believes it leads, so the summary measures a window, and the
// site sends nothing to the provider inside it.
TEST(SiteWorld, TheLeaderPauseSummaryMeasuresTheStaleLeaderWindow) {
  const ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/leader-pause.json"));
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  NullTraceSink none;
  const RunReport report = runScenario(load.scenario, {}, none);
  for (const ExpectationResult& e : report.expectations) std::cout << "  " << e.description << ": " << e.detail << "\n";
  std::string windows;
  for (const std::string& note : report.notes) {
    std::cout << "  " << note << "\n";
    if (note.starts_with("stale-leader window")) windows += note + "\n";
  }
  EXPECT_NE(windows.find("stale-leader window of "), std::string::npos) << "no window measured";
  EXPECT_NE(windows.find("; 0 provider requests sent in it"), std::string::npos) << windows;
}

}  // namespace
}  // namespace dnsfailover::sim
