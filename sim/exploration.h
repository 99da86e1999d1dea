#pragma once
// Many seeds of one scenario: the model of an `explore` sweep and of one
// shard of it. A sweep is the seeds [firstSeed, firstSeed + seeds); shard K
// of N takes the seeds whose index i (seed - firstSeed) has i % N == K, so
// shards are balanced whatever the seed count, and each is a plain process
// (a Kubernetes indexed Job's completion index, a Slurm array task id).
//
// A result holds only what merges exactly: failing seeds (each with the
// command that replays it), histograms of per-run counts, coverage marks,
// event totals. Merging the N shards of a sweep gives the same result as
// running the sweep in one process, apart from the CPU and wall time.
//
// As JSON (docs/explore.md) every result has "kind": "explore", so `merge`
// can tell it from the results of other sweep kinds.

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config_loader.h"
#include "engine/core/coverage.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace dnsfailover::sim {

struct ExploreSpec {
  std::string file;      // the scenario as named on the command line (for replay commands)
  std::string scenario;  // its name
  uint64_t firstSeed = 1;
  uint64_t seeds = 100;
  uint64_t shardIndex = 0;  // K of --shard K/N, 0-based
  uint64_t shardCount = 1;  // N
  bool swarm = false;
  bool perturb = true;
  std::optional<Duration> until;

  bool inShard(uint64_t seed) const { return (seed - firstSeed) % shardCount == shardIndex; }
  uint64_t seedsInShard() const;
  // Everything but the shard: shards of one sweep agree on it.
  bool sameSweep(const ExploreSpec& other) const;
};

// `dnsfailover sim FILE --seed S [--swarm] [--perturb] [--until T]`.
std::string replayCommand(const ExploreSpec& spec, uint64_t seed);

struct SeedFailure {
  uint64_t seed = 0;
  std::string expectation;  // "expectations[2] pushes of cat ...: detail"
  std::string swarm;        // the faults the seed drew (swarm mode), else ""
  bool operator==(const SeedFailure&) const = default;
};

struct MarkTally {
  uint64_t hits = 0;  // times the path was taken, over all runs
  uint64_t runs = 0;  // runs that took it at least once
  std::optional<uint64_t> firstSeed;  // the lowest seed that took it (to replay)
  bool operator==(const MarkTally&) const = default;
};

// What one seed gave.
struct SeedOutcome {
  uint64_t seed = 0;
  RunReport report;
  coverage::Counts marks{};
  std::vector<std::string> swarmKinds;  // fault kinds drawn on (swarm mode)
  std::string swarmSummary;
};

// Runs one seed of the sweep on the calling thread.
SeedOutcome exploreSeed(const Scenario& scenario, const ExploreSpec& spec, uint64_t seed);

struct ExploreResult {
  ExploreSpec spec;
  std::vector<uint64_t> shards;  // shard indices folded in, ascending
  uint64_t runs = 0;
  uint64_t events = 0;           // kernel events over all runs
  std::vector<SeedFailure> failures;  // ascending by seed
  // name -> value -> number of runs: "selections" and "pushes" per run,
  // "faults_on" per run in swarm mode.
  std::map<std::string, std::map<int64_t, uint64_t>> distributions;
  std::array<MarkTally, coverage::kMarkCount> marks{};
  std::map<std::string, uint64_t> swarmKinds;  // fault kind -> runs that drew it
  double cpuSeconds = 0;   // not compared: differs between runs
  double wallSeconds = 0;  // for one shard; for a merge, the slowest shard's

  void add(const SeedOutcome& outcome);
  // Same counts, failures and marks (not the timings).
  bool sameFindings(const ExploreResult& other) const;
};

nlohmann::json toJson(const ExploreResult& result);
// Reads what toJson wrote; errors name the field path ("failures[3].seed: ...").
std::optional<ExploreResult> exploreResultFromJson(const nlohmann::json& json, std::vector<ConfigError>& errors);

// Folds `shard` into `into` (both of one sweep, disjoint shards); on a
// mismatch, returns why and leaves `into` as it was.
std::optional<std::string> mergeExploreResults(ExploreResult& into, const ExploreResult& shard);

}  // namespace dnsfailover::sim
