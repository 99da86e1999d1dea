#include <cstdio>
#include <fstream>
#include <sstream>

#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {

std::optional<nlohmann::json> readJsonFileOrReport(const std::string& file) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open file\n", file.c_str());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {  // parse errors, and numbers out of range such as 1e999
    std::fprintf(stderr, "%s: not valid JSON: %s\n", file.c_str(), e.what());
    return std::nullopt;
  }
}

std::optional<sim::Scenario> loadScenarioOrReport(const std::string& file) {
  sim::ScenarioLoad load = sim::loadScenarioFile(file);
  for (const auto& e : load.errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
  if (!load.ok()) return std::nullopt;
  return std::move(load.scenario);
}

}  // namespace dnsfailover::cli
