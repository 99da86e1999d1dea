// Goal: each record scenario (dual stack, multivalue, all-down keep/none,
// proxied record untouched) fails when the rule it shows is broken, so its
// passing run means something: the same world with the rule switched off
// (or with the outcome the broken rule would give written as the
// expectation) must miss the named expectation.

#include <gtest/gtest.h>

#include <functional>

#include "engine/ports/trace.h"
#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

// Runs `file` after `breakRule` and returns the report.
RunReport runBroken(const std::string& file, const std::function<void(Scenario&)>& breakRule) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/" + file));
  EXPECT_TRUE(load.ok()) << (load.ok() ? "" : load.errors[0].format());
  breakRule(load.scenario);
  NullTraceSink trace;
  return runScenario(load.scenario, {}, trace);
}

bool failed(const RunReport& report, const std::string& path) {
  for (const auto& e : report.expectations) {
    if (e.path == path) return !e.passed;
  }
  ADD_FAILURE() << "no expectation " << path;
  return false;
}

TEST(RecordRules, MultivalueNeedsAllHealthy) {
  const RunReport r = runBroken("multivalue.json", [](Scenario& s) { s.engine.schemes[0].answer.mode = AnswerMode::One; });
  EXPECT_TRUE(failed(r, "expectations[1]")) << "three addresses at 00:10";
  EXPECT_TRUE(failed(r, "expectations[2]")) << "two addresses at 00:30 (one of three down)";
}

TEST(RecordRules, MaxAnswersCapsTheSet) {
  const RunReport r = runBroken("multivalue.json", [](Scenario& s) { s.engine.schemes[0].answer.maxAnswers = 2; });
  EXPECT_TRUE(failed(r, "expectations[1]"));
  EXPECT_FALSE(failed(r, "expectations[2]")) << "two healthy members fit under the cap";
}

TEST(RecordRules, KeepKeepsTheLastPushedAddress) {
  const RunReport r = runBroken("all-down-keep.json", [](Scenario& s) {
    s.engine.schemes[0].answer.whenAllDown = WhenAllDown::HighestPriority;
  });
  EXPECT_TRUE(failed(r, "expectations[2]")) << "okerr's rule would point at charlie while all are down";
  EXPECT_TRUE(failed(r, "expectations[3]"));
}

TEST(RecordRules, NoneWithdrawsTheRecord) {
  const RunReport r = runBroken("all-down-none.json", [](Scenario& s) {
    s.engine.schemes[0].answer.whenAllDown = WhenAllDown::HighestPriority;
  });
  EXPECT_TRUE(failed(r, "expectations[1]")) << "the record would hold charlie instead of nothing";
}

TEST(RecordRules, DualStackSelectsEachFamilyOnItsOwn) {
  // One joint choice would keep AAAA on charlie until charlie's IPv4 side
  // fails too; the scenario's world says AAAA moves at :10.
  const RunReport r = runBroken("dual-stack.json", [](Scenario& s) {
    for (Expectation& e : s.expectations) {
      if (e.kind == Expectation::Kind::RecordAt && e.address == "2001:db8:104::109") e.address = "2001:db8:27::149";
    }
  });
  EXPECT_TRUE(failed(r, "expectations[4]"));
}

TEST(RecordRules, ProxiedRecordKeepsItsFields) {
  // A push that wrote the TTL would be caught by the field check.
  const RunReport ttl = runBroken("proxied-untouched.json", [](Scenario& s) {
    s.engine.schemes[0].ttl = 300;
    s.engine.schemes[0].ttlSet = true;
  });
  EXPECT_TRUE(failed(ttl, "expectations[2]"));
  // Not proxied: pushes and convergence are plain, and the checks see it.
  const RunReport plain = runBroken("proxied-untouched.json", [](Scenario& s) {
    s.providers[0].cfRecords[0].proxied = false;
  });
  EXPECT_TRUE(failed(plain, "expectations[2]"));
  EXPECT_TRUE(failed(plain, "expectations[3]"));
  EXPECT_TRUE(failed(plain, "expectations[4]"));
}

}  // namespace
}  // namespace dnsfailover::sim
