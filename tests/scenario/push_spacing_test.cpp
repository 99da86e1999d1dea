// Goal: push_spacing judges retries of one address for one selection, not a
// push that was superseded in flight and the newer push that follows it by
// contract. Seeds 1010, 1063 and 1294 of bad-credentials are the runs where
// the backup's push at HH:00 was superseded by the main's while in flight;
// they used to fail. The expectation must still bite when retries really are
// too close.

#include <gtest/gtest.h>

#include "engine/ports/trace.h"
#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

class KeepAll final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

Expectation spacing(Duration min, std::string address = {}) {
  Expectation e;
  e.kind = Expectation::Kind::PushSpacing;
  e.path = "expectations[x]";
  e.scheme = "cat";
  e.minSpacing = min;
  e.address = std::move(address);
  return e;
}

class SupersededSeed : public ::testing::TestWithParam<uint64_t> {};

TEST_P(SupersededSeed, ASupersededPushAndTheNewerOneAreNotRetriesOfEachOther) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/bad-credentials.json"));
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  load.scenario.expectations.push_back(spacing(std::chrono::hours{2}));  // every address, not just the backup's
  KeepAll trace;
  const RunReport report = runScenario(load.scenario, RunOptions::of(GetParam()), trace);
  // The world this seed builds: a push answered after the selection moved on.
  const bool superseded = std::any_of(trace.events.begin(), trace.events.end(), [](const TraceEvent& event) {
    return event.type == EventType::Push && event.field(field::supersededBy) != nullptr;
  });
  EXPECT_TRUE(superseded) << "seed " << GetParam() << " no longer supersedes a push in flight";
  for (const auto& e : report.expectations) {
    EXPECT_TRUE(e.passed) << e.path << " " << e.description << ": " << e.detail
                          << "\nreplay: dnsfailover sim scenarios/bad-credentials.json --seed " << GetParam();
  }
}

INSTANTIATE_TEST_SUITE_P(BadCredentials, SupersededSeed, ::testing::Values(1010u, 1063u, 1294u));

TEST(PushSpacing, RetriesCloserThanTheBoundFailWithADiagnosis) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/provider-outage.json"));
  ASSERT_TRUE(load.ok());
  // During the outage the main's push is retried after 0, 30, 60 s...: a
  // minute's bound must fail, naming the address and both instants.
  load.scenario.expectations = {spacing(std::chrono::minutes{1}, "51.158.104.109"),
                                spacing(std::chrono::minutes{1}, "192.0.2.99")};
  NullTraceSink trace;
  const RunReport report = runScenario(load.scenario, RunOptions::of(std::nullopt, std::chrono::hours{1}), trace);
  ASSERT_EQ(report.expectations.size(), 2u);
  EXPECT_FALSE(report.expectations[0].passed);
  EXPECT_NE(report.expectations[0].detail.find("pushes of 51.158.104.109 at "), std::string::npos)
      << report.expectations[0].detail;
  // An address never pushed has no retries to judge.
  EXPECT_TRUE(report.expectations[1].passed) << report.expectations[1].detail;
  EXPECT_EQ(report.expectations[1].detail, "0 retries");
}

}  // namespace
}  // namespace dnsfailover::sim
