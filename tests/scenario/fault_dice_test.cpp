// Goal: the provider fakes' fault dice come from the run's seed. Different
// seeds give different provider errors (explore varies them), and one seed
// gives a byte-identical trace every time (a failure replays).

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "sim/runner.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

Scenario flakyProvider() {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"));
  EXPECT_TRUE(load.ok());
  FaultEvent errors;
  errors.path = "events[x]";
  errors.kind = "provider_errors";
  errors.target = "he.net";
  errors.at = std::chrono::minutes{1};
  errors.duration = std::chrono::hours{3};
  errors.ratio = 0.5;
  load.scenario.events.push_back(errors);
  load.scenario.expectations.clear();
  return load.scenario;
}

struct DiceRun {
  std::string jsonl;
  std::string pushes;  // '+' per confirmed push, '-' per failed one: what the dice decided
};

class PushPattern final : public TraceSink {
 public:
  void record(const TraceEvent& event) override {
    if (event.type == EventType::Push) pattern += event.flag(field::ok) ? '+' : '-';
  }
  std::string pattern;
};

DiceRun run(const Scenario& scenario, uint64_t seed) {
  std::ostringstream out;
  JsonLinesSink json(out);
  PushPattern pushes;
  TeeTraceSink tee;
  tee.add(json);
  tee.add(pushes);
  runScenario(scenario, RunOptions::of(seed, std::chrono::hours{3}), tee);
  return {out.str(), pushes.pattern};
}

TEST(FaultDice, DifferentSeedsDrawDifferentProviderErrors) {
  const Scenario scenario = flakyProvider();
  std::set<std::string> patterns;
  for (uint64_t seed = 1; seed <= 6; ++seed) patterns.insert(run(scenario, seed).pushes);
  EXPECT_GT(patterns.size(), 1u) << "every seed drew the same provider errors: the dice ignore the seed";
}

TEST(FaultDice, OneSeedReplaysByteForByte) {
  const Scenario scenario = flakyProvider();
  const DiceRun first = run(scenario, 42);
  EXPECT_NE(first.pushes.find('-'), std::string::npos) << "a 50% error ratio failed no push";
  EXPECT_EQ(first.jsonl, run(scenario, 42).jsonl);
}

}  // namespace
}  // namespace dnsfailover::sim
