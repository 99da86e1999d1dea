#pragma once
// JSON -> EngineConfig, collecting every error with the path of the field
// that is wrong and what was expected (through the shared Reader of
// engine/config/json_reader.h, whose rules for durations and schedules hold
// in every input file), e.g.
//   schemes[0].members[2].address: expected an IPv4 or IPv6 address, got "10.0.0"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/config.h"
#include "engine/config/json_reader.h"  // ConfigError, Reader

namespace dnsfailover {

struct ConfigLoad {
  EngineConfig config;
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

// `root` is the object holding "policies", "indicators" and "schemes";
// `pathPrefix` is prepended to error paths (e.g. "engine." inside a scenario).
ConfigLoad loadEngineConfig(const nlohmann::json& root, const std::string& pathPrefix = "");

// IPv4 dotted quad or IPv6 text form.
bool isIpAddress(std::string_view text);
bool isIpv4Address(std::string_view text);

}  // namespace dnsfailover
