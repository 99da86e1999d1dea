#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "engine/core/coverage.h"
#include "engine/core/time.h"
#include "sim/check/set_option.h"
#include "sim/runner.h"
#include "sim/swarm.h"
#include "sim/scenario.h"
#include "sim/trace_writers.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/progress.h"

namespace dnsfailover::cli {
namespace {

struct SimArgs {
  std::string scenario;
  std::optional<uint64_t> seed;
  std::optional<Duration> until;
  std::string traceFile;
  std::string reportFile;
  bool quiet = false;
  std::vector<sim::SetOption> sets;
  bool swarm = false;    // draw faults from the seed, as explore --swarm does
  bool perturb = false;  // random extra delays and equal-time reordering, as explore does
};

constexpr const char* kUsage =
    "usage: dnsfailover sim SCENARIO [--seed N] [--until DURATION] [--trace FILE] [--report FILE.html] [--quiet]\n"
    "                       [--swarm] [--perturb] [--set PATH=V1,V2,...]...\n"
    "  --swarm    add the faults swarm mode draws from the seed (as explore --swarm)\n"
    "  --perturb  small random delays and equal-time reordering drawn from the seed (as explore)\n"
    "  --set      compare variants of a config value on the same seed\n";

std::optional<SimArgs> parse(const Args& args) {
  SimArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "dnsfailover sim: %s needs a value\n", a.c_str());
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--seed") {
      auto v = value();
      if (!v) return std::nullopt;
      try {
        size_t used = 0;
        out.seed = std::stoull(*v, &used);
        if (used != v->size()) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        std::fprintf(stderr, "dnsfailover sim: --seed expects a non-negative integer, got \"%s\"\n", v->c_str());
        return std::nullopt;
      }
    } else if (a == "--until") {
      auto v = value();
      if (!v) return std::nullopt;
      out.until = parseDuration(*v);
      if (!out.until) {
        std::fprintf(stderr, "dnsfailover sim: --until expects a duration like 24h or 365d, got \"%s\"\n", v->c_str());
        return std::nullopt;
      }
    } else if (a == "--trace") {
      auto v = value();
      if (!v) return std::nullopt;
      out.traceFile = *v;
    } else if (a == "--report") {
      auto v = value();
      if (!v) return std::nullopt;
      out.reportFile = *v;
    } else if (a == "--set") {
      auto v = value();
      if (!v) return std::nullopt;
      std::string error;
      auto set = sim::parseSetOption(*v, error);
      if (!set) {
        std::fprintf(stderr, "dnsfailover sim: %s\n", error.c_str());
        return std::nullopt;
      }
      out.sets.push_back(*set);
    } else if (a == "--quiet" || a == "-q") {
      out.quiet = true;
    } else if (a == "--swarm") {
      out.swarm = true;
    } else if (a == "--perturb") {
      out.perturb = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "dnsfailover sim: unknown option %s\n", a.c_str());
      return std::nullopt;
    } else if (out.scenario.empty()) {
      out.scenario = a;
    } else {
      std::fprintf(stderr, "dnsfailover sim: more than one scenario given\n");
      return std::nullopt;
    }
  }
  if (out.scenario.empty()) {
    std::fputs(kUsage, stderr);
    return std::nullopt;
  }
  return out;
}

}  // namespace

int simCommand(const Args& rawArgs) {
  if (wantsHelp(rawArgs)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const auto args = parse(rawArgs);
  if (!args) return kExitUsage;
  if (!args->sets.empty()) {
    if (!args->traceFile.empty()) {
      std::fprintf(stderr, "dnsfailover sim: --trace writes one run; with --set there is one per variant\n");
      return kExitUsage;
    }
    return simSweep(args->scenario, args->sets, args->seed, args->until, args->reportFile);
  }
  const std::optional<sim::Scenario> loaded = loadScenarioOrReport(args->scenario);
  if (!loaded) return kExitBadInput;
  const uint64_t seed = args->seed.value_or(loaded->seed);
  std::optional<sim::SwarmDraw> swarm;
  if (args->swarm) swarm = sim::drawSwarm(*loaded, seed);
  const sim::Scenario& scenario = swarm ? swarm->scenario : *loaded;
  std::printf("scenario %s (%s)\nseed %llu, start %s, until +%s\n", scenario.name.c_str(), args->scenario.c_str(),
              static_cast<unsigned long long>(seed), formatIsoUtc(scenario.start).c_str(),
              formatDuration(args->until.value_or(scenario.duration)).c_str());
  if (!scenario.purpose.empty()) std::printf("purpose: %s\n", scenario.purpose.c_str());
  if (swarm) std::printf("swarm: %s\n", swarm->summary.c_str());
  if (args->perturb) std::printf("perturbed: extra delays and equal-time reordering drawn from the seed\n");

  TeeTraceSink sinks;
  sim::TimelineSink timeline(std::cout);
  if (!args->quiet) sinks.add(timeline);
  std::ofstream traceOut;
  std::optional<sim::JsonLinesSink> json;
  if (!args->traceFile.empty()) {
    traceOut.open(args->traceFile, std::ios::binary | std::ios::trunc);
    if (!traceOut) {
      std::fprintf(stderr, "dnsfailover sim: cannot write trace file %s\n", args->traceFile.c_str());
      return kExitBadInput;
    }
    json.emplace(traceOut);
    sinks.add(*json);
  }

  // The report is built from the trace, kept in memory for it.
  std::ostringstream reportTrace;
  std::optional<sim::JsonLinesSink> reportSink;
  if (!args->reportFile.empty()) {
    reportSink.emplace(reportTrace);
    sinks.add(*reportSink);
  }

  sim::RunOptions options;
  options.seed = seed;
  options.until = args->until;
  options.perturb = args->perturb;
  ProgressBar bar("sim " + scenario.name);
  // A bar on a terminal only when the timeline is not being printed there.
  if (args->quiet) options.progress = [&bar](double done) { bar.update(done); };
  const auto wallStart = std::chrono::steady_clock::now();
  const coverage::Counts marksBefore = coverage::threadCounts();
  const sim::RunReport report = sim::runScenario(scenario, options, sinks);
  const coverage::Counts marks = coverage::since(marksBefore);
  bar.finish();
  const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  std::cout.flush();

  std::printf("\nexpectations:\n");
  for (const auto& e : report.expectations) {
    std::printf("  %s %s: %s\n      %s\n", e.passed ? "PASS" : "FAIL", e.path.c_str(), e.description.c_str(),
                e.detail.c_str());
  }
  std::printf("world audit (the trace against the fakes' own logs):\n");
  for (const auto& e : report.audit) {
    std::printf("  %s %s: %s\n      %s\n", e.passed ? "PASS" : "FAIL", e.path.c_str(), e.description.c_str(),
                e.detail.c_str());
  }
  if (!report.notes.empty()) std::printf("sites:\n");
  for (const std::string& note : report.notes) std::printf("  %s\n", note.c_str());
  std::printf("\n%llu events, %llu selection changes, %llu pushes in %.3f s wall (%.2f M events/s)\n",
              static_cast<unsigned long long>(report.events), static_cast<unsigned long long>(report.selections),
              static_cast<unsigned long long>(report.pushes), wallSeconds,
              wallSeconds > 0 ? static_cast<double>(report.events) / wallSeconds / 1e6 : 0.0);
  std::string hit;
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    if (marks[i] == 0) continue;
    hit += " " + std::string(coverage::markInfo(static_cast<coverage::Mark>(i)).name) + " " + std::to_string(marks[i]);
  }
  std::printf("coverage marks hit:%s\n", hit.empty() ? " none" : hit.c_str());
  if (!args->reportFile.empty()) {
    const int status = writeReport(reportTrace.str(), args->scenario, args->reportFile);
    if (status != kExitOk) return status;
  }
  if (!report.passed()) {
    std::printf("FAILED. Replay with: dnsfailover sim %s --seed %llu%s%s%s\n", args->scenario.c_str(),
                static_cast<unsigned long long>(seed), args->swarm ? " --swarm" : "", args->perturb ? " --perturb" : "",
                args->until ? (" --until " + formatDuration(*args->until)).c_str() : "");
    return kExitExpectationFailed;
  }
  std::printf("all %zu expectations passed\n", report.expectations.size());
  return kExitOk;
}

}  // namespace dnsfailover::cli
