#include <cstdio>

#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {

std::optional<sim::Scenario> loadScenarioOrReport(const std::string& file) {
  sim::ScenarioLoad load = sim::loadScenarioFile(file);
  for (const auto& e : load.errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
  if (!load.ok()) return std::nullopt;
  return std::move(load.scenario);
}

}  // namespace dnsfailover::cli
