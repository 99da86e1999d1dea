#include <cstdlib>
#include <nlohmann/json.hpp>

#include "sim/exploration.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {

void exploreResult(std::span<const uint8_t> data) {
  const nlohmann::json root = nlohmann::json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return;
  std::vector<ConfigError> errors;
  const std::optional<sim::ExploreResult> result = sim::exploreResultFromJson(root, errors);
  if (result.has_value() != errors.empty()) std::abort();
  for (const ConfigError& e : errors) {
    if (e.message.empty()) std::abort();
  }
  if (!result) return;
  // What it reads, it writes back the same.
  std::vector<ConfigError> again;
  const std::optional<sim::ExploreResult> reread = sim::exploreResultFromJson(sim::toJson(*result), again);
  if (!reread || !reread->sameFindings(*result) || reread->shards != result->shards) std::abort();
  // A shard is never merged twice.
  sim::ExploreResult into = *result;
  if (!result->shards.empty() && !sim::mergeExploreResults(into, *result)) std::abort();
}

}  // namespace dnsfailover::fuzz
