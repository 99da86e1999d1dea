#pragma once
// Fail fast on credentials: before the daemon binds anything or claims to
// have started, every credential the config names must be readable, so a
// missing key is found at start (or by `validate`) and not at the first
// push hours later.
//
// A credential passes when it resolves through the live Secrets adapter
// (variable set and non-empty, file present, readable and non-empty) and,
// for a file, the file is not readable by everyone (mode & 0004): a key
// anyone on the machine can read is a leaked key.
//
// Findings carry the config path and what is wrong, in the loader's format
// ("schemes[0].credentials: environment variable CAT_HE_KEY is not set").
// A finding names the variable or the file, never the value.

#include <vector>

#include "engine/config/config.h"
#include "engine/config/config_loader.h"

namespace dnsfailover::cli {

std::vector<ConfigError> checkCredentials(const EngineConfig& config);

}  // namespace dnsfailover::cli
