#include "engine/ports/trace.h"

namespace dnsfailover {

const TraceValue* TraceEvent::field(std::string_view key) const {
  for (const auto& [k, v] : fields) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string TraceEvent::text(std::string_view key) const {
  const TraceValue* v = field(key);
  if (v == nullptr) return {};
  if (const auto* s = std::get_if<std::string>(v)) return *s;
  return {};
}

bool TraceEvent::flag(std::string_view key) const {
  const TraceValue* v = field(key);
  const bool* b = v != nullptr ? std::get_if<bool>(v) : nullptr;
  return b != nullptr && *b;
}

std::optional<int64_t> TraceEvent::integer(std::string_view key) const {
  const TraceValue* v = field(key);
  const int64_t* i = v != nullptr ? std::get_if<int64_t>(v) : nullptr;
  if (i == nullptr) return std::nullopt;
  return *i;
}

std::optional<double> TraceEvent::number(std::string_view key) const {
  const TraceValue* v = field(key);
  if (v == nullptr) return std::nullopt;
  if (const auto* d = std::get_if<double>(v)) return *d;
  if (const auto* i = std::get_if<int64_t>(v)) return static_cast<double>(*i);
  return std::nullopt;
}

}  // namespace dnsfailover
