#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "sim/exploration.h"
#include "sim/scenario.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/explore_print.h"
#include "tools/dnsfailover/progress.h"

namespace dnsfailover::cli {
namespace {

struct ExploreArgs {
  sim::ExploreSpec spec;
  unsigned jobs = 0;  // 0 = all cores
  std::string json;   // --json OUT
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

constexpr const char* kUsage =
    "usage: dnsfailover explore SCENARIO [--seeds N] [--first-seed S] [--jobs J] [--until T]\n"
    "                           [--swarm] [--no-perturb] [--shard K/N] [--json OUT.json]\n"
    "  --swarm       each seed also draws which fault kinds are on and how hard (replay with sim --swarm)\n"
    "  --no-perturb  no random extra delays or reordering of equal-time events (on by default here)\n"
    "  --shard K/N   run only the seeds whose index i has i % N == K (0 <= K < N)\n"
    "  --json OUT    write the result as JSON for `dnsfailover merge`\n";

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
      if (a == "--seeds") out.spec.seeds = *v;
      if (a == "--first-seed") out.spec.firstSeed = *v;
      if (a == "--jobs") out.jobs = static_cast<unsigned>(*v);
    } else if (a == "--until" && hasValue) {
      out.spec.until = parseDuration(args[++i]);
      if (!out.spec.until) {
        std::fprintf(stderr, "dnsfailover explore: --until expects a duration like 24h, got \"%s\"\n", args[i].c_str());
        return std::nullopt;
      }
    } else if (a == "--shard" && hasValue) {
      const std::string& text = args[++i];
      const size_t slash = text.find('/');
      const auto k = slash == std::string::npos ? std::nullopt : number(text.substr(0, slash));
      const auto n = slash == std::string::npos ? std::nullopt : number(text.substr(slash + 1));
      if (!k || !n || *n == 0 || *k >= *n) {
        std::fprintf(stderr, "dnsfailover explore: --shard expects K/N with 0 <= K < N, got \"%s\"\n", text.c_str());
        return std::nullopt;
      }
      out.spec.shardIndex = *k;
      out.spec.shardCount = *n;
    } else if (a == "--json" && hasValue) {
      out.json = args[++i];
    } else if (a == "--swarm") {
      out.spec.swarm = true;
    } else if (a == "--no-perturb") {
      out.spec.perturb = false;
    } else if (!a.empty() && a[0] != '-' && out.spec.file.empty()) {
      out.spec.file = a;
    } else {
      std::fprintf(stderr, "dnsfailover explore: unexpected argument \"%s\"\n", a.c_str());
      return std::nullopt;
    }
  }
  if (out.spec.file.empty()) {
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
  auto args = parse(rawArgs);
  if (!args) return kExitUsage;
  const std::optional<sim::Scenario> loaded = loadScenarioOrReport(args->spec.file);
  if (!loaded) return kExitBadInput;
  args->spec.scenario = loaded->name;
  const sim::ExploreSpec& spec = args->spec;
  const unsigned jobs = args->jobs ? args->jobs : std::max(1u, std::thread::hardware_concurrency());
  const uint64_t total = spec.seedsInShard();

  sim::ExploreResult result;
  result.spec = spec;
  result.shards = {spec.shardIndex};
  std::mutex resultMutex;
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};

  const auto wallStart = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  auto worker = [&] {
    for (uint64_t k = next++; k < total; k = next++) {
      const uint64_t seed = spec.firstSeed + spec.shardIndex + k * spec.shardCount;
      const sim::SeedOutcome outcome = sim::exploreSeed(*loaded, spec, seed);
      {
        std::lock_guard lock(resultMutex);
        result.add(outcome);
      }
      ++done;
    }
  };
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
  {
    ProgressBar bar("explore " + loaded->name);
    while (done < total) {
      bar.update(static_cast<double>(done) / static_cast<double>(std::max<uint64_t>(total, 1)),
                 std::to_string(done.load()) + "/" + std::to_string(total) + " seeds");
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
    }
  }
  for (auto& t : threads) t.join();
  result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;

  printExploreResult(result, jobs);
  if (!args->json.empty()) {
    std::ofstream out(args->json);
    out << sim::toJson(result).dump(2) << "\n";
    if (!out) {
      std::fprintf(stderr, "dnsfailover explore: %s: cannot write the result\n", args->json.c_str());
      return kExitBadInput;
    }
  }
  return result.failures.empty() ? kExitOk : kExitExpectationFailed;
}

}  // namespace dnsfailover::cli
