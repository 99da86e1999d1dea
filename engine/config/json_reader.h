#pragma once
// The one path-reporting JSON reader behind every input file: the engine
// config (config_loader, propagation_config, status_config), scenarios
// (sim/scenario_loader), their fault timelines (sim/faults) and DNS worlds
// (sim/dns_scenario). It walks a parsed document and, instead of stopping at
// the first problem, collects every error with the path of the field and
// what was expected, so a user fixes a file in one round:
//   schemes[0].members[2].address: expected an IPv4 or IPv6 address, got "10.0.0"
//
// One set of rules for every file:
// - A field that is absent or null is missing ("is required" when it must
//   be there). A field read from something that is not an object is missing
//   without an error: the caller has already said what the parent should be.
// - A duration is a string of one or more number+unit parts, units ms,
//   s/sec, m/min, h, d ("250ms", "10s", "5min", "1h5m", "30d"), or a bare
//   non-negative whole number of seconds, as a JSON integer (30) or a string
//   ("30"). Numbers are bounded (1e9 per part) so nothing overflows.
// - A schedule is okerr's "20s 5m" (space-separated durations) or an array
//   of durations.

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

struct ConfigError {
  std::string path;     // "schemes[0].members[1].priority"
  std::string message;  // "duplicate priority 95 (also members[0])"
  std::string format() const { return path.empty() ? message : path + ": " + message; }
};

class Reader {
 public:
  using json = nlohmann::json;

  explicit Reader(std::vector<ConfigError>& errors) : errors_(errors) {}

  void fail(const std::string& path, std::string message);
  std::vector<ConfigError>& errors() { return errors_; }

  // object[key], or nullptr when absent or null ("is required" if `required`).
  const json* member(const json& object, const std::string& path, const char* key, bool required);

  std::optional<std::string> string(const json& object, const std::string& path, const char* key, bool required);
  // A string that must not be empty.
  std::optional<std::string> text(const json& object, const std::string& path, const char* key, bool required);
  std::optional<int64_t> integer(const json& object, const std::string& path, const char* key, bool required);
  std::optional<double> number(const json& object, const std::string& path, const char* key, bool required = false);
  // A probability in [0, 1].
  std::optional<double> ratio(const json& object, const std::string& path, const char* key, bool required = false);
  std::optional<bool> boolean(const json& object, const std::string& path, const char* key);
  std::optional<Duration> duration(const json& object, const std::string& path, const char* key, bool required);
  // A duration longer than zero.
  std::optional<Duration> positiveDuration(const json& object, const std::string& path, const char* key,
                                           bool required);
  // `v` itself as a duration; `path` names it in errors.
  std::optional<Duration> durationValue(const json& v, const std::string& path);
  std::vector<Duration> schedule(const json& object, const std::string& path, const char* key);
  std::optional<uint16_t> port(const json& object, const std::string& path, const char* key, bool required = false);

  // "a.b" (or "b" at the root) and "a[3]".
  static std::string join(const std::string& path, const std::string& key);
  static std::string index(const std::string& path, size_t i);
  // The JSON text of `v`, for "got ..." in messages (invalid UTF-8 replaced).
  static std::string shown(const json& v);

 private:
  std::vector<ConfigError>& errors_;
};

// The one duration rule (see the header comment), for a value already taken
// out of its document.
std::optional<Duration> durationFromJson(const nlohmann::json& v);

}  // namespace dnsfailover
