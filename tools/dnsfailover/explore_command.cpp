#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "engine/ports/trace.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/progress.h"

namespace dnsfailover::cli {
namespace {

struct ExploreArgs {
  std::string scenario;
  uint64_t seeds = 100;
  uint64_t firstSeed = 1;
  unsigned jobs = 0;  // 0 = all cores
  std::optional<Duration> until;
};

std::optional<uint64_t> number(const std::string& text) {
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

constexpr const char* kUsage =
    "usage: dnsfailover explore SCENARIO [--seeds N] [--first-seed S] [--jobs J] [--until T]\n";

std::optional<ExploreArgs> parse(const Args& args) {
  ExploreArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if ((a == "--seeds" || a == "--first-seed" || a == "--jobs") && hasValue) {
      const auto v = number(args[++i]);
      if (!v) {
        std::fprintf(stderr, "dnsfailover explore: %s expects a non-negative integer, got \"%s\"\n", a.c_str(),
                     args[i].c_str());
        return std::nullopt;
      }
      if (a == "--seeds") out.seeds = *v;
      if (a == "--first-seed") out.firstSeed = *v;
      if (a == "--jobs") out.jobs = static_cast<unsigned>(*v);
    } else if (a == "--until" && hasValue) {
      out.until = parseDuration(args[++i]);
      if (!out.until) {
        std::fprintf(stderr, "dnsfailover explore: --until expects a duration like 24h, got \"%s\"\n", args[i].c_str());
        return std::nullopt;
      }
    } else if (!a.empty() && a[0] != '-' && out.scenario.empty()) {
      out.scenario = a;
    } else {
      std::fprintf(stderr, "dnsfailover explore: unexpected argument \"%s\"\n", a.c_str());
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

// Runs many seeds of one scenario on all cores. Each seed is an independent,
// single-threaded, deterministic run; only the bookkeeping is shared.
int exploreCommand(const Args& rawArgs) {
  if (wantsHelp(rawArgs)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  const auto args = parse(rawArgs);
  if (!args) return kExitUsage;
  const std::optional<sim::Scenario> loaded = loadScenarioOrReport(args->scenario);
  if (!loaded) return kExitBadInput;
  const unsigned jobs = args->jobs ? args->jobs : std::max(1u, std::thread::hardware_concurrency());
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> events{0};
  std::mutex failuresMutex;
  std::vector<std::pair<uint64_t, std::string>> failures;  // seed, first failed expectation

  const auto wallStart = std::chrono::steady_clock::now();
  auto worker = [&] {
    for (uint64_t i = next++; i < args->seeds; i = next++) {
      const uint64_t seed = args->firstSeed + i;
      NullTraceSink trace;
      const sim::RunReport report = sim::runScenario((*loaded), sim::RunOptions::of(seed, args->until), trace);
      events += report.events;
      if (!report.passed()) {
        std::vector<sim::ExpectationResult> judged = report.expectations;
        judged.insert(judged.end(), report.audit.begin(), report.audit.end());
        for (const auto& e : judged) {
          if (e.passed) continue;
          std::lock_guard lock(failuresMutex);
          failures.emplace_back(seed, e.path + " " + e.description + ": " + e.detail);
          break;
        }
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
  {
    ProgressBar bar("explore " + (*loaded).name);
    while (done < args->seeds) {
      bar.update(static_cast<double>(done) / static_cast<double>(std::max<uint64_t>(args->seeds, 1)),
                 std::to_string(done.load()) + "/" + std::to_string(args->seeds) + " seeds");
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
  }
  for (auto& t : threads) t.join();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

  std::sort(failures.begin(), failures.end());
  for (const auto& [seed, why] : failures) {
    std::printf("FAIL seed %llu: %s\n  replay: dnsfailover sim %s --seed %llu%s\n",
                static_cast<unsigned long long>(seed), why.c_str(), args->scenario.c_str(),
                static_cast<unsigned long long>(seed),
                args->until ? (" --until " + formatDuration(*args->until)).c_str() : "");
  }
  std::printf("explore %s: %llu seeds (%llu..%llu), %zu failed, %llu events in %.2f s on %u threads\n",
              (*loaded).name.c_str(), static_cast<unsigned long long>(args->seeds),
              static_cast<unsigned long long>(args->firstSeed),
              static_cast<unsigned long long>(args->firstSeed + args->seeds - 1), failures.size(),
              static_cast<unsigned long long>(events.load()), wall, jobs);
  return failures.empty() ? kExitOk : kExitExpectationFailed;
}

}  // namespace dnsfailover::cli
