#include "sim/runner.h"

#include <algorithm>

#include "engine/engine.h"
#include "sim/dns_expectations.h"
#include "sim/expectations.h"
#include "sim/world.h"

namespace dnsfailover::sim {
namespace {

// Counts what the expectations need while forwarding to the caller's sink.
class CountingSink final : public TraceSink {
 public:
  explicit CountingSink(TraceSink& next) : next_(next) {}
  void record(const TraceEvent& event) override {
    if (event.type == "selection") ++selections[event.text("scheme")];
    if (event.type == "push") ++pushes;
    next_.record(event);
  }
  std::map<std::string, uint64_t> selections;
  uint64_t pushes = 0;

 private:
  TraceSink& next_;
};

}  // namespace

bool RunReport::passed() const {
  return std::all_of(expectations.begin(), expectations.end(), [](const auto& e) { return e.passed; });
}

RunReport runScenario(const Scenario& scenario, const RunOptions& options, TraceSink& trace) {
  RunReport report;
  report.seed = options.seed.value_or(scenario.seed);
  report.start = scenario.start;
  report.end = scenario.start + options.until.value_or(scenario.duration);

  World world(scenario, report.seed);
  CountingSink counting(trace);
  DnsEventLog dnsLog(counting);
  {
    Engine engine(scenario.engine, EnginePorts{world.kernel(), world.network(), world.engineRandom(), dnsLog,
                                               world.secrets(), &world.dns().network()});
    engine.start();
    world.kernel().runUntil(report.end);
    engine.stop();
  }
  report.events = world.kernel().eventsRun();
  report.selections = 0;
  for (const auto& [scheme, n] : counting.selections) report.selections += n;
  report.pushes = counting.pushes;

  RunFacts facts{scenario, world, world.zones(), report.start, report.end, counting.selections, &dnsLog};
  for (const Expectation& e : scenario.expectations) report.expectations.push_back(evaluateExpectation(e, facts));
  return report;
}

}  // namespace dnsfailover::sim
