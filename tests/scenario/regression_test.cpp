// Goal: counterexamples the properties found stay fixed. Each file in
// tests/scenario/regressions/ is a world a property shrank to, kept with the
// seed and perturbation it failed under; it must pass every expectation.

#include <gtest/gtest.h>

#include "engine/ports/trace.h"
#include "sim/exploration.h"
#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

// A Cloudflare push planned "PATCH one record, DELETE the other", the
// DELETE failed with a 503, and the surviving record's id was already
// cached: the retry PATCHed it alone and the deleted server's address
// stayed published for 41 minutes (record_follows_truth failed).
TEST(Regression, CloudflareCachesTheSoleRecordOnlyAfterEveryWriteLanded) {
  const ScenarioLoad load =
      loadScenarioFile(testing::sourcePath("tests/scenario/regressions/cloudflare-failed-delete.json"));
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  RunOptions options = RunOptions::of(1);
  options.perturb = true;
  NullTraceSink trace;
  const RunReport report = runScenario(load.scenario, options, trace);
  for (const ExpectationResult& e : report.expectations) {
    EXPECT_TRUE(e.passed) << e.path << " " << e.description << ": " << e.detail
                          << "\n  replay: dnsfailover sim tests/scenario/regressions/cloudflare-failed-delete.json"
                             " --seed 1 --perturb";
  }
}


// Swarm seed 664: Cloudflare slower than the client's timeout while bravo
// flaps against charlie every 10 s. Every push lands in the order it was
// sent, each a little after the selection moved on; the record-order judge
// charged each landing to the newest selection naming its address and
// called the flapping stale. The judge now asks whether any order of
// sending explains the record (sim/record_order.h).
TEST(Regression, SwarmSeed664FlappingBehindASlowProviderIsNotStale) {
  const std::string file = testing::sourcePath("scenarios/cat-okerr-cloudflare.json");
  const ScenarioLoad load = loadScenarioFile(file);
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  ExploreSpec spec;
  spec.file = file;
  spec.swarm = true;
  const SeedOutcome outcome = exploreSeed(load.scenario, spec, 664);
  for (const ExpectationResult& e : outcome.report.expectations) {
    EXPECT_TRUE(e.passed) << e.path << " " << e.description << ": " << e.detail
                          << "\n  replay: dnsfailover sim scenarios/cat-okerr-cloudflare.json --seed 664 --swarm --perturb";
  }
}

}  // namespace
}  // namespace dnsfailover::sim
