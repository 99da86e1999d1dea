// `dnsfailover sim SCENARIO --set PATH=V1,V2`: the scenario's what-if
// variants (sim/check/set_option.h; paths into the scenario document, e.g.
// engine.schemes[0].ttl) run on the same seed and compared side by side:
// expectations, failover times, availability; with --report, the check
// page (sim/check/check_run.h) with its per-variant plots.
#include <cstdio>
#include <fstream>

#include "sim/check/check_run.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {
namespace {

class KeepAll final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

}  // namespace

int simSweep(const std::string& file, const std::vector<sim::SetOption>& sets, std::optional<uint64_t> seed,
             std::optional<Duration> until, const std::string& reportFile) {
  const auto doc = readJsonFileOrReport(file);
  if (!doc) return kExitBadInput;
  const std::vector<sim::Variant> variants = sim::expandVariants(sets);
  sim::CheckResult result;
  result.config = file;
  result.options.runs = 1;
  bool allPassed = true;
  std::vector<std::string> lines;
  for (size_t v = 0; v < variants.size(); ++v) {
    std::string error;
    const auto variantDoc = sim::applyVariant(*doc, variants[v], error);
    if (!variantDoc) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), error.c_str());
      return kExitBadInput;
    }
    const sim::ScenarioLoad load = sim::loadScenarioText(variantDoc->dump(), file);
    for (const ConfigError& e : load.errors) {
      std::fprintf(stderr, "%s: with %s: %s\n", file.c_str(), variants[v].label.c_str(), e.format().c_str());
    }
    if (!load.ok()) return kExitBadInput;
    const sim::Scenario& scenario = load.scenario;
    const uint64_t runSeed = seed.value_or(scenario.seed);
    result.options.firstSeed = runSeed;
    result.options.world.duration = until.value_or(scenario.duration);
    result.options.world.start = formatIsoUtc(scenario.start);
    KeepAll keep;
    const sim::RunReport report = sim::runScenario(scenario, sim::RunOptions::of(runSeed, until), keep);
    result.events += report.events;
    sim::VariantResult vr;
    vr.variant = variants[v];
    for (const SchemeConfig& s : scenario.engine.schemes) {
      const IndicatorConfig* first = s.members.empty() ? nullptr : scenario.engine.findIndicator(s.members.front().indicator);
      vr.schemes.push_back({s.name, providerName(s.provider), sim::rateLimitOf(s.provider),
                            first ? static_cast<double>(first->policy.period.count()) / 1000.0 : 0});
    }
    sim::RunResult run;
    run.seed = runSeed;
    run.faults = "the scenario's";
    run.events = report.events;
    run.schemes = sim::measureRun(keep.events, scenario.engine, report.start, report.end);
    vr.runs.push_back(std::move(run));
    result.variants.push_back(std::move(vr));
    size_t failed = 0;
    for (const auto& e : report.expectations) failed += e.passed ? 0 : 1;
    allPassed = allPassed && failed == 0;
    char line[256];
    std::snprintf(line, sizeof line, "  %-40s expectations: %zu of %zu passed\n", variants[v].label.c_str(),
                  report.expectations.size() - failed, report.expectations.size());
    lines.push_back(line);
  }
  const std::string command = "dnsfailover sim " + file;
  std::fputs(sim::checkText(result, [&](size_t v, uint64_t s) {
               std::string cmd = command + " --seed " + std::to_string(s);
               for (const auto& [path, value] : variants[v].assignments) cmd += " --set '" + path + "=" + value + "'";
               return cmd;
             }).c_str(),
             stdout);
  std::printf("\nexpectations per variant (seed %llu):\n", static_cast<unsigned long long>(result.options.firstSeed));
  for (const std::string& l : lines) std::fputs(l.c_str(), stdout);
  if (!reportFile.empty()) {
    std::ofstream out(reportFile, std::ios::binary | std::ios::trunc);
    out << sim::checkHtml(result, [&](size_t, uint64_t s) { return command + " --seed " + std::to_string(s); });
    if (!out) {
      std::fprintf(stderr, "dnsfailover sim: cannot write %s\n", reportFile.c_str());
      return kExitBadInput;
    }
    std::printf("report: %s\n", reportFile.c_str());
  }
  return allPassed ? kExitOk : kExitExpectationFailed;
}

}  // namespace dnsfailover::cli
