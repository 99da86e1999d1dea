#include "sim/check/set_option.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

struct Step {
  bool index = false;  // [..]
  std::string key;     // object key, or the text inside [..]
};

// Splits "a.b[0].c[name]" into steps; false on an empty key or an unclosed bracket.
bool splitPath(const std::string& path, std::vector<Step>& steps) {
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[') {
      const size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return false;
      steps.push_back({true, path.substr(i + 1, close - i - 1)});
      i = close + 1;
      if (i < path.size() && path[i] == '.') ++i;
      continue;
    }
    size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    if (end == i) return false;
    steps.push_back({false, path.substr(i, end - i)});
    i = end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) return false;
    }
  }
  return !steps.empty();
}

std::string prefixOf(const std::vector<Step>& steps, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (steps[i].index) out += "[" + steps[i].key + "]";
    else out += (out.empty() ? "" : ".") + steps[i].key;
  }
  return out.empty() ? "(top level)" : out;
}

json parseValue(const std::string& text) {
  try {
    json v = json::parse(text);
    return v;
  } catch (const json::exception&) {
    return text;
  }
}

}  // namespace

std::optional<SetOption> parseSetOption(const std::string& text, std::string& error) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    error = "--set " + text + ": expected PATH=VALUE[,VALUE...] (e.g. schemes[0].ttl=60,300)";
    return std::nullopt;
  }
  SetOption out;
  out.path = text.substr(0, eq);
  std::vector<Step> steps;
  if (!splitPath(out.path, steps)) {
    error = "--set " + out.path + ": not a path like schemes[0].ttl or policies.NAME.period";
    return std::nullopt;
  }
  // Commas inside a quoted, bracketed or braced value do not split it.
  const std::string values = text.substr(eq + 1);
  std::string current;
  int depth = 0;
  bool quoted = false;
  for (char c : values) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '[' || c == '{')) ++depth;
    if (!quoted && (c == ']' || c == '}')) --depth;
    if (c == ',' && depth == 0 && !quoted) {
      out.values.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  out.values.push_back(current);
  for (const std::string& v : out.values) {
    if (v.empty()) {
      error = "--set " + out.path + ": empty value in \"" + values + "\" (expected V1,V2,...)";
      return std::nullopt;
    }
  }
  return out;
}

bool applySet(json& doc, const std::string& path, const std::string& value, std::string& error) {
  std::vector<Step> steps;
  if (!splitPath(path, steps)) {
    error = "--set " + path + ": not a path like schemes[0].ttl or policies.NAME.period";
    return false;
  }
  json* at = &doc;
  for (size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    const bool last = i + 1 == steps.size();
    const std::string where = "--set " + path + ": " + prefixOf(steps, i);
    if (s.index) {
      if (!at->is_array()) {
        error = where + " is not an array";
        return false;
      }
      const bool numeric = s.key.find_first_not_of("0123456789") == std::string::npos;
      json* found = nullptr;
      if (numeric) {
        const size_t n = std::stoul(s.key);
        if (n >= at->size()) {
          error = where + " has " + std::to_string(at->size()) + " entries, no [" + s.key + "]";
          return false;
        }
        found = &(*at)[n];
      } else {
        for (json& item : *at) {
          if (item.is_object() && item.contains("name") && item["name"] == s.key) found = &item;
        }
        if (found == nullptr) {
          error = where + " has no entry with \"name\": \"" + s.key + "\"";
          return false;
        }
      }
      at = found;
    } else {
      if (!at->is_object()) {
        error = where + " is not an object, so it has no \"" + s.key + "\"";
        return false;
      }
      if (!at->contains(s.key)) {
        if (!last) {
          error = where + " has no \"" + s.key + "\"";
          return false;
        }
      }
      at = &(*at)[s.key];
    }
  }
  *at = parseValue(value);
  return true;
}

std::vector<Variant> expandVariants(const std::vector<SetOption>& options) {
  std::vector<Variant> out{Variant{}};
  for (const SetOption& option : options) {
    std::vector<Variant> next;
    for (const Variant& v : out) {
      for (const std::string& value : option.values) {
        Variant w = v;
        w.assignments.emplace_back(option.path, value);
        w.label += (w.label.empty() ? "" : " ") + option.path + "=" + value;
        next.push_back(std::move(w));
      }
    }
    out = std::move(next);
  }
  if (options.empty()) out[0].label = "as given";
  return out;
}

std::optional<json> applyVariant(const json& doc, const Variant& variant, std::string& error) {
  json copy = doc;
  for (const auto& [path, value] : variant.assignments) {
    if (!applySet(copy, path, value, error)) return std::nullopt;
  }
  return copy;
}

}  // namespace dnsfailover::sim
