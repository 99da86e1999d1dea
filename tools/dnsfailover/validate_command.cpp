#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "sim/scenario.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/credential_check.h"

namespace dnsfailover::cli {

// A file with a "world" (or that extends another scenario) is a scenario;
// anything else is an engine config. For a config, the credentials `run`
// would refuse to start without are reported as warnings: validate runs
// where the config is written, which is often not where the keys live, so
// they do not change the exit status.
int validateCommand(const Args& args) {
  constexpr const char* kUsage = "usage: dnsfailover validate CONFIG_OR_SCENARIO\n";
  if (wantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  if (args.size() != 1) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  const std::string& file = args[0];
  const std::optional<nlohmann::json> parsed = readJsonFileOrReport(file);
  if (!parsed) return kExitBadInput;
  const nlohmann::json& root = *parsed;
  std::vector<ConfigError> errors;
  size_t indicators = 0, schemes = 0;
  const bool isScenario = root.is_object() && (root.contains("world") || root.contains("extends"));
  if (isScenario) {
    sim::ScenarioLoad load = sim::loadScenarioFile(file);
    errors = load.errors;
    indicators = load.scenario.engine.indicators.size();
    schemes = load.scenario.engine.schemes.size();
  } else {
    ConfigLoad load = loadEngineConfig(root);
    errors = load.errors;
    indicators = load.config.indicators.size();
    schemes = load.config.schemes.size();
    if (load.ok()) {
      for (const auto& w : checkCredentials(load.config)) {
        std::fprintf(stderr, "%s: warning: %s\n", file.c_str(), w.format().c_str());
      }
    }
  }
  for (const auto& e : errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
  if (!errors.empty()) {
    std::fprintf(stderr, "%s: %zu error(s)\n", file.c_str(), errors.size());
    return kExitBadInput;
  }
  std::printf("%s: valid %s (%zu indicators, %zu schemes)\n", file.c_str(), isScenario ? "scenario" : "config",
              indicators, schemes);
  return kExitOk;
}

}  // namespace dnsfailover::cli
