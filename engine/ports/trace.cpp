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

}  // namespace dnsfailover
