// Goal: a run is a function of (scenario, seed): the same seed gives a
// byte-identical trace, and different seeds give different runs.

#include <gtest/gtest.h>

#include <sstream>

#include "sim/runner.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

std::string traceOf(const Scenario& scenario, uint64_t seed) {
  std::ostringstream out;
  JsonLinesSink sink(out);
  runScenario(scenario, RunOptions::of(seed, std::chrono::hours{6}), sink);
  return out.str();
}

TEST(Determinism, SameSeedSameTraceOverSeveralSeeds) {
  const ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"));
  ASSERT_TRUE(load.ok());
  std::set<std::string> distinct;
  for (uint64_t seed : {1ULL, 2ULL, 3ULL, 42ULL, 0xdeadbeefULL}) {
    const std::string first = traceOf(load.scenario, seed);
    const std::string second = traceOf(load.scenario, seed);
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first, second) << "seed " << seed << " is not deterministic; replay: dnsfailover sim "
                             << "scenarios/cat-okerr.json --seed " << seed << " --until 6h --trace a.jsonl";
    distinct.insert(first);
  }
  EXPECT_EQ(distinct.size(), 5u) << "different seeds should move check phases and latencies";
}

}  // namespace
}  // namespace dnsfailover::sim
