#include "tools/dnsfailover/explore_print.h"

#include <cstdio>

namespace dnsfailover::cli {

void printExploreResult(const sim::ExploreResult& r, unsigned jobs) {
  const sim::ExploreSpec& spec = r.spec;
  for (const sim::SeedFailure& f : r.failures) {
    std::printf("FAIL seed %llu: %s\n", static_cast<unsigned long long>(f.seed), f.expectation.c_str());
    if (!f.swarm.empty()) std::printf("  swarm: %s\n", f.swarm.c_str());
    std::printf("  replay: %s\n", sim::replayCommand(spec, f.seed).c_str());
  }
  std::string missing;
  std::printf("coverage marks (runs that hit each, of %llu):\n", static_cast<unsigned long long>(r.runs));
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    const coverage::MarkInfo& info = coverage::markInfo(static_cast<coverage::Mark>(i));
    const sim::MarkTally& m = r.marks[i];
    if (m.runs == 0) {
      missing += (missing.empty() ? "" : ", ") + std::string(info.name);
      continue;
    }
    std::printf("  %-28s %6llu runs, %8llu hits, first seed %llu\n", std::string(info.name).c_str(),
                static_cast<unsigned long long>(m.runs), static_cast<unsigned long long>(m.hits),
                static_cast<unsigned long long>(m.firstSeed.value_or(0)));
  }
  if (!missing.empty()) std::printf("  never hit: %s\n", missing.c_str());
  if (spec.swarm) {
    std::printf("swarm fault kinds (runs that drew each):");
    for (const auto& [kind, runs] : r.swarmKinds) std::printf(" %s %llu", kind.c_str(), static_cast<unsigned long long>(runs));
    std::printf("\n");
  }
  const std::string shard = spec.shardCount == 1 ? std::string{}
                            : r.shards.size() == 1
                                ? ", shard " + std::to_string(r.shards.front()) + "/" + std::to_string(spec.shardCount)
                                : ", " + std::to_string(r.shards.size()) + " of " + std::to_string(spec.shardCount) +
                                      " shards merged";
  std::printf("explore %s: %llu seeds (%llu..%llu%s)%s%s, %zu failed, %llu events, %.2f s CPU, %.2f s wall", spec.scenario.c_str(),
              static_cast<unsigned long long>(r.runs), static_cast<unsigned long long>(spec.firstSeed),
              static_cast<unsigned long long>(spec.firstSeed + spec.seeds - 1), shard.c_str(),
              spec.swarm ? ", swarm" : "", spec.perturb ? ", perturbed" : "", r.failures.size(),
              static_cast<unsigned long long>(r.events), r.cpuSeconds, r.wallSeconds);
  if (jobs > 0) std::printf(" on %u threads", jobs);
  if (r.cpuSeconds > 0) std::printf(", %.0f events/s per core", static_cast<double>(r.events) / r.cpuSeconds);
  std::printf("\n");
}

}  // namespace dnsfailover::cli
