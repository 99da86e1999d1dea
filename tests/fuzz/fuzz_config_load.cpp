#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/config/config_loader.h"
#include "sim/scenario.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

void checkErrors(const std::vector<ConfigError>& errors) {
  for (const ConfigError& e : errors) {
    if (e.message.empty() || e.format().empty()) std::abort();
  }
}

// What the rest of the engine relies on once a config loaded cleanly.
void checkLoaded(const EngineConfig& config) {
  std::set<std::string> names;
  for (const IndicatorConfig& ind : config.indicators) {
    if (ind.name.empty() || !names.insert(ind.name).second) std::abort();
    if (ind.policy.period <= Duration::zero()) std::abort();
  }
  for (const SchemeConfig& s : config.schemes) {
    if (s.members.empty() || s.pushBackoff.empty() || s.fqdn.empty() || s.zone.empty()) std::abort();
    for (size_t i = 0; i < s.members.size(); ++i) {
      if (!isIpAddress(s.members[i].address) || config.findIndicator(s.members[i].indicator) == nullptr) std::abort();
      if (i > 0 && s.members[i - 1].priority < s.members[i].priority) std::abort();  // best first
    }
  }
}

}  // namespace

void engineConfig(std::span<const uint8_t> data) {
  const std::string text(data.begin(), data.end());
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return;
  const ConfigLoad load = loadEngineConfig(root);
  checkErrors(load.errors);
  if (load.ok()) checkLoaded(load.config);
  // Errors carry the caller's prefix, and loading is a pure function.
  const ConfigLoad again = loadEngineConfig(root, "engine");
  if (again.errors.size() != load.errors.size()) std::abort();
  for (size_t i = 0; i < again.errors.size(); ++i) {
    if (again.errors[i].path.rfind("engine", 0) != 0 || again.errors[i].message != load.errors[i].message) std::abort();
  }
}

void scenarioLoad(std::span<const uint8_t> data) {
  const sim::ScenarioLoad load = sim::loadScenarioText(std::string(data.begin(), data.end()), "fuzz.json");
  checkErrors(load.errors);
  if (!load.ok()) return;
  checkLoaded(load.scenario.engine);
  for (const sim::Expectation& e : load.scenario.expectations) (void)e.describe();
}

}  // namespace dnsfailover::fuzz
