#include "engine/ports/trace_json.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace dnsfailover {
namespace {

void appendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void appendValue(std::string& out, const TraceValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    appendJsonString(out, *s);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", *d);  // fixed precision keeps traces byte-stable
    out += buf;
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
}

}  // namespace

std::string traceEventJson(const TraceEvent& event) {
  std::string out = "{\"t\":\"" + formatIsoUtc(event.t) + "\",\"type\":";
  appendJsonString(out, event.typeName());
  for (const auto& [key, value] : event.fields) {
    out += ',';
    appendJsonString(out, key);
    out += ':';
    appendValue(out, value);
  }
  out += '}';
  return out;
}

std::string traceValueText(const TraceValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  std::string out;
  appendValue(out, value);
  return out;
}

std::optional<TraceEvent> parseTraceEventJson(std::string_view line, std::string* error) {
  auto fail = [&](std::string why) -> std::optional<TraceEvent> {
    if (error != nullptr) *error = std::move(why);
    return std::nullopt;
  };
  // Ordered, so the fields keep the order they were written in and an
  // event read back is written out the same.
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("expected one JSON object per line");
  const auto t = j.find("t");
  const auto type = j.find("type");
  const char* timeExpected = "\"t\": expected a UTC time like 2026-11-02T00:20:07.012Z";
  if (t == j.end() || !t->is_string()) return fail(timeExpected);
  if (type == j.end() || !type->is_string()) return fail("\"type\": expected a string");
  const std::optional<TimePoint> at = parseIsoUtc(t->get<std::string>());
  if (!at) return fail(timeExpected);
  TraceEvent event{*at, eventTypeFromName(type->get<std::string>()), {}, {}};
  if (event.type == EventType::Unknown) event.unknownName = type->get<std::string>();
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "t" || it.key() == "type") continue;
    const nlohmann::ordered_json& v = it.value();
    if (v.is_string()) {
      event.with(it.key(), v.get<std::string>());
    } else if (v.is_boolean()) {
      event.with(it.key(), v.get<bool>());
    } else if (v.is_number_integer()) {
      event.with(it.key(), v.get<int64_t>());
    } else if (v.is_number()) {
      event.with(it.key(), v.get<double>());
    } else {
      return fail("\"" + it.key() + "\": expected a string, number or boolean");
    }
  }
  return event;
}

}  // namespace dnsfailover
