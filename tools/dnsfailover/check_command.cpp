// `dnsfailover check CONFIG`: property-tests an operator's own config in
// generated worlds (sim/check/check_run.h) and prints, per scheme, failover
// and recovery times, availability, false failovers, provider load and the
// worst runs, each written out as a scenario that `dnsfailover sim` replays.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "sim/check/check_run.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/progress.h"

namespace dnsfailover::cli {
namespace {

using json = nlohmann::json;

constexpr const char* kUsage =
    "usage: dnsfailover check CONFIG [--runs N] [--seed S] [--duration D] [--cat-schedule] [--jobs J]\n"
    "                         [--set PATH=V1,V2,...]... [--json OUT] [--report F.html] [--shard K/N]\n"
    "                         [--scenarios DIR] [--quiet]\n"
    "  property-tests CONFIG (the file `dnsfailover run` takes) in N generated worlds\n"
    "  (default 100 of 12h, seeds S.., S=1); --set compares variants on the same seeds;\n"
    "  the worst runs are written to DIR (default check-runs) with their replay command.\n";

struct CheckArgs {
  std::string config;
  sim::CheckOptions options;
  std::vector<sim::SetOption> sets;
  std::string jsonOut, reportOut, scenarioDir = "check-runs";
  bool quiet = false;
};

std::optional<uint64_t> number(const std::string& text) {
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(text, &used);
    if (used == text.size() && !text.empty() && text[0] != '-') return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::optional<CheckArgs> parse(const Args& args) {
  CheckArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "dnsfailover check: %s needs a value\n", a.c_str());
        return std::nullopt;
      }
      return args[++i];
    };
    auto count = [&](uint64_t& into, bool positive) {
      auto v = value();
      if (!v) return false;
      auto n = number(*v);
      if (!n || (positive && *n == 0)) {
        std::fprintf(stderr, "dnsfailover check: %s expects a %s integer, got \"%s\"\n", a.c_str(),
                     positive ? "positive" : "non-negative", v->c_str());
        return false;
      }
      into = *n;
      return true;
    };
    if (a == "--runs") {
      if (!count(out.options.runs, true)) return std::nullopt;
    } else if (a == "--seed") {
      if (!count(out.options.firstSeed, false)) return std::nullopt;
    } else if (a == "--jobs") {
      uint64_t j = 0;
      if (!count(j, false)) return std::nullopt;
      out.options.jobs = static_cast<unsigned>(j);
    } else if (a == "--duration") {
      auto v = value();
      if (!v) return std::nullopt;
      auto d = parseDuration(*v);
      if (!d || *d < std::chrono::hours{1}) {
        std::fprintf(stderr, "dnsfailover check: --duration expects a duration of at least 1h, got \"%s\"\n", v->c_str());
        return std::nullopt;
      }
      out.options.world.duration = *d;
    } else if (a == "--cat-schedule") {
      out.options.world.catSchedule = true;
    } else if (a == "--set") {
      auto v = value();
      if (!v) return std::nullopt;
      std::string error;
      auto set = sim::parseSetOption(*v, error);
      if (!set) {
        std::fprintf(stderr, "dnsfailover check: %s\n", error.c_str());
        return std::nullopt;
      }
      out.sets.push_back(*set);
    } else if (a == "--shard") {
      auto v = value();
      if (!v) return std::nullopt;
      const size_t slash = v->find('/');
      auto k = slash == std::string::npos ? std::nullopt : number(v->substr(0, slash));
      auto n = slash == std::string::npos ? std::nullopt : number(v->substr(slash + 1));
      if (!k || !n || *n == 0 || *k >= *n) {
        std::fprintf(stderr, "dnsfailover check: --shard expects K/N with 0 <= K < N, got \"%s\"\n", v->c_str());
        return std::nullopt;
      }
      out.options.shardIndex = *k;
      out.options.shardCount = *n;
    } else if (a == "--json" || a == "--report" || a == "--scenarios") {
      auto v = value();
      if (!v) return std::nullopt;
      (a == "--json" ? out.jsonOut : a == "--report" ? out.reportOut : out.scenarioDir) = *v;
    } else if (a == "--quiet" || a == "-q") {
      out.quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "dnsfailover check: unknown option %s\n", a.c_str());
      return std::nullopt;
    } else if (out.config.empty()) {
      out.config = a;
    } else {
      std::fprintf(stderr, "dnsfailover check: more than one config given\n");
      return std::nullopt;
    }
  }
  if (out.config.empty()) {
    std::fputs(kUsage, stderr);
    return std::nullopt;
  }
  return out;
}

bool writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    std::fprintf(stderr, "dnsfailover check: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace

int checkCommand(const Args& rawArgs) {
  if (wantsHelp(rawArgs)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  auto args = parse(rawArgs);
  if (!args) return kExitUsage;
  std::optional<json> config = readJsonFileOrReport(args->config);
  if (!config) return kExitBadInput;
  if (config->is_object() && config->contains("sites")) {
    // The generated worlds hold one monitor. Several sites are judged by
    // scenarios with a "sites" world (docs/scenarios.md, "Several sites").
    std::fprintf(stderr, "dnsfailover check: %s: sites: judged as one site (the quorum and the leader are left out)\n",
                 args->config.c_str());
    config->erase("sites");
    if (auto it = config->find("indicators"); it != config->end() && it->is_array()) {
      for (json& indicator : *it) {
        if (indicator.is_object()) indicator.erase("quorum");
      }
    }
  }
  const std::vector<sim::Variant> variants = sim::expandVariants(args->sets);

  ProgressBar bar("check " + args->config);
  args->options.progress = [&bar](double done) { bar.update(done); };
  std::vector<std::string> errors;
  const std::optional<sim::CheckResult> result = sim::runCheck(*config, args->config, variants, args->options, errors);
  bar.finish();
  for (const std::string& e : errors) std::fprintf(stderr, "%s: %s\n", args->config.c_str(), e.c_str());
  if (!result) return kExitBadInput;

  // The worst runs, written out so `dnsfailover sim` replays them.
  std::map<std::pair<size_t, uint64_t>, std::string> written;
  std::error_code ec;
  std::filesystem::create_directories(args->scenarioDir, ec);
  for (size_t v = 0; v < result->variants.size(); ++v) {
    std::string error;
    const auto doc = sim::applyVariant(*config, result->variants[v].variant, error);
    const ConfigLoad load = loadEngineConfig(*doc);
    for (const sim::SchemeSummary& s : sim::summarize(result->variants[v], args->options.world.duration)) {
      for (const sim::WorstRun& w : s.worst) {
        if (written.count({v, w.seed})) continue;
        const std::string path = args->scenarioDir + "/check-v" + std::to_string(v) + "-seed-" + std::to_string(w.seed) + ".json";
        json scenario = sim::checkScenario(*doc, load.config, w.seed, args->options.world);
        scenario["name"] = "check-seed-" + std::to_string(w.seed);
        if (!writeFile(path, scenario.dump(2) + "\n")) return kExitBadInput;
        written[{v, w.seed}] = path;
      }
    }
  }
  auto replay = [&](size_t v, uint64_t seed) {
    auto it = written.find({v, seed});
    return it == written.end() ? std::string("dnsfailover check " + args->config + " --seed " + std::to_string(seed) + " --runs 1")
                               : "dnsfailover sim " + it->second + " --seed " + std::to_string(seed);
  };
  if (!args->quiet) std::fputs(sim::checkText(*result, replay).c_str(), stdout);
  std::printf("\n%llu events in %.2f s wall (%.2f M events/s)\n", static_cast<unsigned long long>(result->events),
              result->wallSeconds, result->wallSeconds > 0 ? static_cast<double>(result->events) / result->wallSeconds / 1e6 : 0.0);
  if (!args->jsonOut.empty() && !writeFile(args->jsonOut, sim::checkJson(*result).dump(1) + "\n")) return kExitBadInput;
  if (!args->reportOut.empty()) {
    if (!writeFile(args->reportOut, sim::checkHtml(*result, replay))) return kExitBadInput;
    std::printf("report: %s\n", args->reportOut.c_str());
  }
  return kExitOk;
}

}  // namespace dnsfailover::cli
