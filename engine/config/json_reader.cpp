#include "engine/config/json_reader.h"

#include <nlohmann/json.hpp>
#include <sstream>

namespace dnsfailover {
namespace {

constexpr const char* kDurationExpected =
    "expected a duration like \"10s\", \"5m\", \"5min\", \"1h5m\" or a number of seconds, got ";

}  // namespace

std::optional<Duration> durationFromJson(const nlohmann::json& v) {
  // Bare seconds, bounded as parseDuration bounds its numbers: a larger
  // count would overflow in milliseconds.
  if (v.is_number_integer()) {
    const int64_t n = v.get<int64_t>();
    if (n >= 0 && n <= 1'000'000'000) return std::chrono::seconds{n};
    return std::nullopt;
  }
  if (v.is_string()) return parseDuration(v.get<std::string>());
  return std::nullopt;
}

void Reader::fail(const std::string& path, std::string message) { errors_.push_back({path, std::move(message)}); }

const Reader::json* Reader::member(const json& object, const std::string& path, const char* key, bool required) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    if (required) fail(join(path, key), "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<std::string> Reader::string(const json& object, const std::string& path, const char* key,
                                          bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    fail(join(path, key), "expected a string, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::string> Reader::text(const json& object, const std::string& path, const char* key,
                                        bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string() || v->get<std::string>().empty()) {
    fail(join(path, key), "expected a non-empty string, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<int64_t> Reader::integer(const json& object, const std::string& path, const char* key,
                                       bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(join(path, key), "expected an integer, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<double> Reader::number(const json& object, const std::string& path, const char* key, bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    fail(join(path, key), "expected a number, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<double> Reader::ratio(const json& object, const std::string& path, const char* key, bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > 1) {
    fail(join(path, key), "expected a number between 0 and 1, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> Reader::boolean(const json& object, const std::string& path, const char* key) {
  const json* v = member(object, path, key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    fail(join(path, key), "expected true or false, got " + shown(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<Duration> Reader::duration(const json& object, const std::string& path, const char* key,
                                         bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  return durationValue(*v, join(path, key));
}

std::optional<Duration> Reader::positiveDuration(const json& object, const std::string& path, const char* key,
                                                 bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  const std::optional<Duration> d = durationFromJson(*v);
  if (!d || d->count() <= 0) {
    fail(join(path, key), std::string("expected a duration longer than zero like \"2s\" or \"1m\", got ") + shown(*v));
    return std::nullopt;
  }
  return d;
}

std::optional<Duration> Reader::durationValue(const json& v, const std::string& path) {
  if (auto d = durationFromJson(v)) return d;
  fail(path, kDurationExpected + shown(v));
  return std::nullopt;
}

std::vector<Duration> Reader::schedule(const json& object, const std::string& path, const char* key) {
  std::vector<Duration> out;
  const json* v = member(object, path, key, false);
  if (v == nullptr) return out;
  const std::string here = join(path, key);
  if (v->is_string()) {
    std::istringstream words(v->get<std::string>());
    std::string word;
    while (words >> word) {
      if (auto d = parseDuration(word)) {
        out.push_back(*d);
      } else {
        fail(here, "expected durations like \"20s 5m\", got " + shown(*v));
        return {};
      }
    }
  } else if (v->is_array()) {
    for (size_t i = 0; i < v->size(); ++i) {
      if (auto d = durationValue((*v)[i], index(here, i))) out.push_back(*d);
    }
  } else {
    fail(here, "expected a schedule like \"20s 5m\" or [\"20s\", \"5m\"], got " + shown(*v));
  }
  return out;
}

std::optional<uint16_t> Reader::port(const json& object, const std::string& path, const char* key, bool required) {
  const json* v = member(object, path, key, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer() || v->get<int64_t>() < 1 || v->get<int64_t>() > 65535) {
    fail(join(path, key), "expected a port 1..65535, got " + shown(*v));
    return std::nullopt;
  }
  return static_cast<uint16_t>(v->get<int64_t>());
}

std::string Reader::join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string Reader::index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string Reader::shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace dnsfailover
