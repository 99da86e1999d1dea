#pragma once
// What-if variants: `--set PATH=V1,V2,...` names one field of a JSON
// document (the operator's config for `check`, the scenario for `sim`) by
// the same path the loaders print in their errors, and the values it takes
// in turn. Several --set options multiply: every combination is a variant,
// and all variants run on the same seeds so they compare side by side.
//
// Paths: `schemes[0].ttl`, `policies.10s-nr.period`, and an array element
// may be named by its "name" member: `schemes[cat].ttl`. The path must exist
// in the document (a typo is an error naming the path, not a silently added
// field), except that the last key may be new inside an existing object.
// Values are JSON when they parse as a number, true, false, null, a quoted
// string, an array or an object, and a plain string otherwise (`5s`).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dnsfailover::sim {

struct SetOption {
  std::string path;
  std::vector<std::string> values;  // as written
};

// Parses "PATH=V1,V2"; nullopt with `error` set ("--set schemes[0].ttl=: no values").
std::optional<SetOption> parseSetOption(const std::string& text, std::string& error);

// Sets `path` in `doc` to `value`; false with `error` naming the path and
// what was expected there.
bool applySet(nlohmann::json& doc, const std::string& path, const std::string& value, std::string& error);

struct Variant {
  std::string label;  // "schemes[0].ttl=60 policies.p.period=5s"; "as given" with no --set
  std::vector<std::pair<std::string, std::string>> assignments;  // path, value
};

// Every combination of the options' values, in the order given (the first
// option varies slowest); one variant "as given" without options.
std::vector<Variant> expandVariants(const std::vector<SetOption>& options);

// Applies a variant to a copy of `doc`; nullopt with `error` when a path is wrong.
std::optional<nlohmann::json> applyVariant(const nlohmann::json& doc, const Variant& variant, std::string& error);

}  // namespace dnsfailover::sim
