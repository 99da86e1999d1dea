#pragma once
// Name comparisons for hot paths (the fake servers answer every simulated
// query): the same answers as comparing normalizeName() results
// (engine/dns/message.h), without building the normalized copy.

#include <algorithm>
#include <string_view>

namespace dnsfailover::dns {

// Whether normalizeName(name) == name: lower case, no trailing dot.
inline bool isNormalizedName(std::string_view name) {
  if (!name.empty() && name.back() == '.') return false;
  return std::none_of(name.begin(), name.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Whether normalizeName(raw) == normalized.
inline bool sameName(std::string_view raw, std::string_view normalized) {
  while (!raw.empty() && raw.back() == '.') raw.remove_suffix(1);
  return raw.size() == normalized.size() &&
         std::equal(raw.begin(), raw.end(), normalized.begin(), [](char r, char n) {
           return (r >= 'A' && r <= 'Z' ? static_cast<char>(r - 'A' + 'a') : r) == n;
         });
}

}  // namespace dnsfailover::dns
