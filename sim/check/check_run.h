#pragma once
// `dnsfailover check`: runs the operator's config in many generated worlds
// (sim/check/check_world.h), one per seed, for every what-if variant on the
// same seeds (sim/check/set_option.h), measures each run
// (sim/check/run_metrics.h) and sums the runs up per variant and scheme.
//
// The result keeps every run's measurements, so the summary is a pure
// function of the runs: a sharded check (`--shard K/N` runs the seeds whose
// index is K modulo N) merged with mergeCheckJson gives the same summary
// as one process running all seeds.

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config_loader.h"
#include "sim/check/check_world.h"
#include "sim/check/run_metrics.h"
#include "sim/check/set_option.h"

namespace dnsfailover::sim {

struct CheckOptions {
  uint64_t runs = 100;
  uint64_t firstSeed = 1;
  unsigned jobs = 0;  // 0 = all cores
  uint64_t shardIndex = 0, shardCount = 1;
  CheckWorldOptions world;
  std::function<void(double)> progress;  // share done, from the calling thread
};

struct RunResult {
  uint64_t seed = 0;
  std::string faults;  // the fault kinds the seed switched on
  uint64_t events = 0;
  std::vector<SchemeRun> schemes;
};

struct SchemeInfo {
  std::string name;
  std::string provider;
  RateLimit limit;
  double period = 0;  // seconds, the first member's check period
};

struct VariantResult {
  Variant variant;
  std::vector<SchemeInfo> schemes;
  std::vector<RunResult> runs;  // by seed
};

struct CheckResult {
  std::string config;  // the file, as given
  CheckOptions options;
  std::vector<VariantResult> variants;
  uint64_t events = 0;
  double wallSeconds = 0;
};

// Loads each variant of `config` (errors: "--set ...: ..." or the config
// loader's path errors, prefixed with the variant) and runs it.
std::optional<CheckResult> runCheck(const nlohmann::json& config, const std::string& file,
                                    const std::vector<Variant>& variants, const CheckOptions& options,
                                    std::vector<std::string>& errors);

// The seeds a shard runs.
std::vector<uint64_t> shardSeeds(const CheckOptions& options);

// --- the summary ---------------------------------------------------------

struct Distribution {
  size_t count = 0;
  double p50 = 0, p99 = 0, max = 0;
};
Distribution distributionOf(std::vector<double> values);

struct StageStats {
  size_t transitions = 0;
  size_t incomplete = 0;  // the push never happened before the truth moved on
  Distribution detect, push, ns, resolvers;
};

struct WorstRun {
  uint64_t seed = 0;
  std::string why;
};

struct SchemeSummary {
  SchemeInfo info;
  StageStats failover, recovery;
  double availabilityMean = 1, availabilityMin = 1, recordAvailabilityMean = 1;
  int falseFailovers = 0;
  size_t runsWithFalseFailovers = 0;
  double pushesPerHourMean = 0, pushesPerHourMax = 0;
  int peakPushes = 0;  // in one rate-limit window, worst run
  size_t runsOverLimit = 0;
  size_t doublePushes = 0, runsWithDoublePushes = 0;
  std::vector<WorstRun> worst;  // a few, each with its reason
};

std::vector<SchemeSummary> summarize(const VariantResult& variant, Duration runLength);

// --- output ----------------------------------------------------------------

nlohmann::json checkJson(const CheckResult& result);
// Reads checkJson's form back; nullopt with `error` naming the field.
std::optional<CheckResult> checkFromJson(const nlohmann::json& doc, std::string& error);
// Combines shards of one check (same config, runs, first seed and
// variants) into the document one process would have written.
std::optional<nlohmann::json> mergeCheckJson(const std::vector<nlohmann::json>& shards, std::string& error);

// The readable summary; `replay(variant, seed)` gives the command that
// replays a run (the caller writes the scenario file).
std::string checkText(const CheckResult& result,
                      const std::function<std::string(size_t variant, uint64_t seed)>& replay);
std::string checkHtml(const CheckResult& result,
                      const std::function<std::string(size_t variant, uint64_t seed)>& replay);

}  // namespace dnsfailover::sim
