#include "tests/status/door.h"

#include <gtest/gtest.h>

#include "engine/ports/trace.h"
#include "sim/scenario.h"
#include "tests/support/paths.h"

namespace dnsfailover::testing {
namespace {

class NullSink final : public TraceSink {
 public:
  void record(const TraceEvent&) override {}
};

}  // namespace

sim::RunReport visit(const sim::Scenario& scenario, std::vector<sim::RunOptions::Visit> visits, Duration until) {
  sim::RunOptions options;
  options.until = until;
  options.visits = std::move(visits);
  NullSink sink;
  return sim::runScenario(scenario, options, sink);
}

sim::Scenario loadScenario(const std::string& relative) {
  sim::ScenarioLoad load = sim::loadScenarioFile(sourcePath(relative));
  if (!load.ok()) ADD_FAILURE() << relative << ": " << load.errors[0].format();
  return std::move(load.scenario);
}

}  // namespace dnsfailover::testing
