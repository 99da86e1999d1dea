// `dnsfailover replay TRACE.jsonl|STORE.db --config CONFIG [--was RUN_CONFIG]`:
// turns what a live run observed into a scenario (sim/check/replay.h),
// runs it with CONFIG, and prints the observed and the replayed run side
// by side: when each failover happened and would have, availability, pushes.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/live/sqlite_store.h"
#include "sim/check/replay.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "sim/trace_writers.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {
namespace {

using json = nlohmann::json;

constexpr const char* kUsage =
    "usage: dnsfailover replay TRACE.jsonl|STORE.db --config CONFIG [--was RUN_CONFIG] [--scenario OUT.json]\n"
    "                          [--trace OUT.jsonl] [--report OUT.html]\n"
    "  replays what a live run observed (its --trace file, or its store's history) with CONFIG;\n"
    "  RUN_CONFIG is the config the run used (default: CONFIG, which then reproduces the run).\n";

struct Loaded {
  json doc;
  EngineConfig config;
};

std::optional<Loaded> loadConfig(const std::string& file) {
  auto doc = readJsonFileOrReport(file);
  if (!doc) return std::nullopt;
  ConfigLoad load = loadEngineConfig(*doc);
  for (const ConfigError& e : load.errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
  if (!load.ok()) return std::nullopt;
  return Loaded{std::move(*doc), std::move(load.config)};
}

bool isSqlite(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[16] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 16 && std::string(magic, 15) == "SQLite format 3";
}

class KeepAll final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

}  // namespace

int replayCommand(const Args& args) {
  if (wantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::string input, configFile, wasFile, scenarioOut, traceOut, reportOut;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if (a == "--config" && hasValue) configFile = args[++i];
    else if (a == "--was" && hasValue) wasFile = args[++i];
    else if (a == "--scenario" && hasValue) scenarioOut = args[++i];
    else if (a == "--trace" && hasValue) traceOut = args[++i];
    else if (a == "--report" && hasValue) reportOut = args[++i];
    else if (!a.empty() && a[0] != '-' && input.empty()) input = a;
    else {
      std::fprintf(stderr, "dnsfailover replay: unexpected argument \"%s\"\n%s", a.c_str(), kUsage);
      return kExitUsage;
    }
  }
  if (input.empty() || configFile.empty()) {
    std::fprintf(stderr, "%s%s", input.empty() ? "" : "dnsfailover replay: --config is needed (a trace does not carry the config)\n",
                 kUsage);
    return kExitUsage;
  }
  const auto replay = loadConfig(configFile);
  if (!replay) return kExitBadInput;
  const auto run = wasFile.empty() ? replay : loadConfig(wasFile);
  if (!run) return kExitBadInput;

  std::vector<TraceEvent> trace;
  if (isSqlite(input)) {
    try {
      live::SqliteStore store(input, {.mode = live::SqliteStoreOptions::Mode::ReadOnly});
      HistoryQuery query;
      query.limit = std::numeric_limits<size_t>::max();
      for (HistoryRow& row : store.history(query)) trace.push_back(std::move(row.event));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: cannot read the store's history: %s\n", input.c_str(), e.what());
      return kExitBadInput;
    }
  } else {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "%s: cannot open file\n", input.c_str());
      return kExitBadInput;
    }
    std::stringstream text;
    text << in.rdbuf();
    std::string error;
    auto parsed = sim::parseTraceText(text.str(), error);
    if (!parsed) {
      std::fprintf(stderr, "%s: %s\n", input.c_str(), error.c_str());
      return kExitBadInput;
    }
    trace = std::move(*parsed);
  }

  std::string error;
  const auto plan = sim::planReplay(trace, run->config, replay->doc, replay->config, error);
  if (!plan) {
    std::fprintf(stderr, "%s: %s\n", input.c_str(), error.c_str());
    return kExitBadInput;
  }
  if (!scenarioOut.empty()) {
    std::ofstream(scenarioOut, std::ios::binary | std::ios::trunc) << plan->scenario.dump(2) << '\n';
  }
  const sim::ScenarioLoad load = sim::loadScenarioText(plan->scenario.dump(), "replay-scenario.json");
  if (!load.ok()) {
    std::fprintf(stderr, "%s: the rebuilt scenario does not load (a bug of replay): %s\n", input.c_str(),
                 load.errors[0].format().c_str());
    return kExitBadInput;
  }
  KeepAll keep;
  TeeTraceSink sinks;
  sinks.add(keep);
  std::ostringstream replayTrace;
  sim::JsonLinesSink json(replayTrace);
  sinks.add(json);
  const sim::RunReport report = sim::runScenario(load.scenario, sim::RunOptions::of(1), sinks);
  sim::ReplayOutcome outcome;
  outcome.observed = sim::measureRun(plan->observed, run->config, plan->start, plan->end);
  outcome.replayed = sim::measureRun(keep.events, replay->config, report.start, report.end);
  std::fputs(sim::replayText(*plan, outcome, input + " (" + (wasFile.empty() ? configFile : wasFile) + ")",
                             "simulation with " + configFile)
                 .c_str(),
             stdout);
  if (!traceOut.empty()) std::ofstream(traceOut, std::ios::binary | std::ios::trunc) << replayTrace.str();
  if (!reportOut.empty()) return writeReport(replayTrace.str(), configFile, reportOut);
  return kExitOk;
}

}  // namespace dnsfailover::cli
