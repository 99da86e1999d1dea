#pragma once
// Subcommands of the dnsfailover CLI. Each takes its own arguments (without
// the subcommand name) and returns the process exit code.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/check/set_option.h"
#include "sim/scenario.h"

namespace dnsfailover::cli {

using Args = std::vector<std::string>;

int simCommand(const Args& args);
int validateCommand(const Args& args);
int runCommand(const Args& args);
int reportCommand(const Args& args);
int exploreCommand(const Args& args);
int mergeCommand(const Args& args);
int historyCommand(const Args& args);
int demoCommand(const Args& args);
int checkCommand(const Args& args);
int replayCommand(const Args& args);

// `sim SCENARIO --set ...`: the variants on one seed, side by side.
int simSweep(const std::string& file, const std::vector<sim::SetOption>& sets, std::optional<uint64_t> seed,
             std::optional<Duration> until, const std::string& reportFile);

// The "check" merger of `dnsfailover merge` (tools/dnsfailover/merge_check.cpp).
int mergeCheckDocuments(const std::vector<nlohmann::json>& shards, const std::string& output);

// Reads a JSON file, printing "file: cannot open file" or "file: not valid
// JSON: ..." to stderr; nullopt on either.
std::optional<nlohmann::json> readJsonFileOrReport(const std::string& file);

// Loads a scenario file, printing every error (file: path: message) to
// stderr; nullopt when it does not load.
std::optional<sim::Scenario> loadScenarioOrReport(const std::string& file);

// Builds the HTML report of a JSON-lines trace and writes it to `output`.
int writeReport(const std::string& traceText, const std::string& traceName, const std::string& output);

// True when the arguments ask for the subcommand's usage (-h or --help,
// anywhere): the command prints it to stdout and exits 0, without reading
// any other argument.
inline bool wantsHelp(const Args& args) {
  for (const std::string& a : args) {
    if (a == "-h" || a == "--help") return true;
  }
  return false;
}

// Exit codes shared by the subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitExpectationFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitBadInput = 3;

}  // namespace dnsfailover::cli
