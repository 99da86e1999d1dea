#pragma once
// The optional top-level "status" object of the config: where the status
// server (page, JSON API, metrics, control) listens and where its control
// token lives.
//
//   "status": { "listen": "127.0.0.1:8053", "token_file": "/etc/dnsfailover/token",
//               "allow_remote": false }
//
// Safe by default: the server listens on loopback; any other address is an
// error unless "allow_remote" is true, so exposing control is never an
// accident. Without "token_file" every control request is refused.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace dnsfailover {

struct ConfigError;

struct StatusConfig {
  bool enabled = false;  // false when the config has no "status" object
  std::string host = "127.0.0.1";
  uint16_t port = 8053;  // 0 = any free port (tests)
  std::string tokenFile;  // "" = control refused
  bool allowRemote = false;
};

// True for 127.0.0.0/8 and ::1.
bool isLoopbackAddress(const std::string& host);

// Reads root["status"] (absent = disabled); errors are appended with paths
// under `base` ("status.listen").
StatusConfig loadStatusConfig(const nlohmann::json& root, const std::string& base,
                              std::vector<ConfigError>& errors);

}  // namespace dnsfailover
