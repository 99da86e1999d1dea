#pragma once
// The command line of `dnsfailover run`. Parsing is separate from running
// so the usage text, the defaults and the errors live in one place.

#include <optional>
#include <string>

#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {

// Where the state and history live when neither --store nor the config's
// "store.path" says: a file in the working directory.
inline constexpr const char* kDefaultStorePath = "dnsfailover.db";

struct RunOptions {
  std::string config;
  std::string traceFile;
  std::string caFile;
  std::string storePath;  // "" = from the config, else kDefaultStorePath
  std::string site;     // --site NAME: which of the config's sites this process is
  bool dryRun = false;  // pushes are would_push events, never sent
  bool help = false;
};

const char* runUsage();

// nullopt after printing the mistake (and the usage) to stderr.
std::optional<RunOptions> parseRunOptions(const Args& args);

}  // namespace dnsfailover::cli
