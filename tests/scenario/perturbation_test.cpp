// Goal: perturbation and swarm mode draw everything from the seed. The
// kernel's perturbation keeps the scheduler contract (one lane's tasks for
// one instant run in the order they were scheduled; nothing runs early)
// while it varies what the contract leaves open; a perturbed or swarm run
// replays byte for byte, and differs from the plain run.

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "sim/kernel.h"
#include "sim/runner.h"
#include "sim/swarm.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

const TimePoint kStart{std::chrono::hours{24 * 365 * 56}};

TEST(KernelPerturbation, KeepsEachLanesOrderAndNeverRunsEarly) {
  std::set<std::string> orders;
  for (uint64_t seed = 1; seed <= 16; ++seed) {
    Kernel kernel(kStart);
    kernel.perturb({seed, 0.5, std::chrono::milliseconds{100}});
    std::string order;
    std::vector<TimePoint> ran;
    for (int instant = 0; instant < 8; ++instant) {
      const TimePoint at = kStart + std::chrono::seconds{instant};
      for (char c : std::string("abc")) {
        kernel.engineLane().scheduleAt(at, [&, c, at] {
          order += c;
          EXPECT_GE(kernel.now(), at) << "an engine task ran early";
        });
      }
      kernel.scheduleAt(at, [&] { order += 'W'; });
    }
    kernel.runUntil(kStart + std::chrono::minutes{1});
    // Within the engine lane, a, b, c of one instant stay in order.
    std::string engineOnly;
    for (char c : order) {
      if (c != 'W') engineOnly += c;
    }
    std::string expected;
    for (int i = 0; i < 8; ++i) expected += "abc";
    EXPECT_EQ(engineOnly, expected) << "seed " << seed;
    orders.insert(order);
  }
  EXPECT_GT(orders.size(), 1u) << "perturbation never changed the order between the lanes";
}

TEST(KernelPerturbation, UnperturbedTiesRunInInsertionOrderAcrossLanes) {
  Kernel kernel(kStart);
  std::string order;
  kernel.engineLane().scheduleAt(kStart, [&] { order += 'e'; });
  kernel.scheduleAt(kStart, [&] { order += 'w'; });
  kernel.engineLane().scheduleAt(kStart, [&] { order += 'E'; });
  kernel.runUntil(kStart + std::chrono::seconds{1});
  EXPECT_EQ(order, "ewE");
  EXPECT_EQ(kernel.lateInstants(), 0u);
}

std::string trace(const Scenario& scenario, uint64_t seed, bool perturb) {
  std::ostringstream out;
  JsonLinesSink sink(out);
  RunOptions options = RunOptions::of(seed, std::chrono::hours{2});
  options.perturb = perturb;
  runScenario(scenario, options, sink);
  return out.str();
}

Scenario cat() {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"));
  EXPECT_TRUE(load.ok());
  return load.scenario;
}

TEST(Perturbation, APerturbedRunReplaysByteForByteAndDiffersFromThePlainOne) {
  const Scenario scenario = cat();
  const std::string perturbed = trace(scenario, 7, true);
  EXPECT_EQ(perturbed, trace(scenario, 7, true));
  EXPECT_NE(perturbed, trace(scenario, 7, false));
}

TEST(Swarm, TheDrawIsAFunctionOfTheSeedAndVariesAcrossSeeds) {
  const Scenario scenario = cat();
  std::set<std::string> summaries;
  for (uint64_t seed = 1; seed <= 12; ++seed) {
    const SwarmDraw a = drawSwarm(scenario, seed);
    const SwarmDraw b = drawSwarm(scenario, seed);
    EXPECT_EQ(a.summary, b.summary);
    ASSERT_EQ(a.scenario.events.size(), b.scenario.events.size());
    for (const FaultEvent& e : a.scenario.events) {
      EXPECT_LT(e.at, scenario.duration / 2 + std::chrono::milliseconds{1}) << e.kind << ": every fault heals by half the run";
    }
    summaries.insert(a.summary);
  }
  EXPECT_GT(summaries.size(), 6u) << "the swarm drew the same faults for most seeds";
}

TEST(Swarm, KeepsOnlyExpectationsThatHoldUnderAnyFault) {
  const Scenario scenario = cat();
  const SwarmDraw draw = drawSwarm(scenario, 3);
  bool liveness = false;
  for (const Expectation& e : draw.scenario.expectations) {
    EXPECT_TRUE(e.kind == Expectation::Kind::NoStaleRecord || e.kind == Expectation::Kind::RecordFollowsTruth ||
                e.kind == Expectation::Kind::PushSpacing)
        << e.describe();
    if (e.kind == Expectation::Kind::RecordFollowsTruth) {
      liveness = true;
      ASSERT_TRUE(e.from.has_value());
      EXPECT_GE(*e.from, scenario.duration / 2) << "liveness judged before the faults healed";
    }
  }
  EXPECT_TRUE(liveness) << "the cat day is long enough to judge liveness after the heal";
}

TEST(Swarm, ASwarmRunReplaysByteForByte) {
  const SwarmDraw draw = drawSwarm(cat(), 11);
  EXPECT_EQ(trace(draw.scenario, 11, true), trace(draw.scenario, 11, true));
}

}  // namespace
}  // namespace dnsfailover::sim
