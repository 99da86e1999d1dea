#include "sim/offset.h"

#include <charconv>

namespace dnsfailover::sim {
namespace {

// Reads "H:MM" or "H:MM:SS" (hours may exceed 23 for multi-day runs).
std::optional<Duration> clockForm(std::string_view text) {
  int parts[3] = {0, 0, 0};
  int count = 0;
  size_t pos = 0;
  while (count < 3) {
    const size_t colon = text.find(':', pos);
    const std::string_view field = text.substr(pos, colon == std::string_view::npos ? text.npos : colon - pos);
    if (field.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), parts[count]);
    if (ec != std::errc{} || end != field.data() + field.size() || parts[count] < 0) return std::nullopt;
    ++count;
    if (colon == std::string_view::npos) break;
    pos = colon + 1;
  }
  if (count < 2 || pos > text.size() || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  if (count == 3 && text.find(':', pos) != std::string_view::npos) return std::nullopt;
  return std::chrono::hours{parts[0]} + std::chrono::minutes{parts[1]} + std::chrono::seconds{parts[2]};
}

}  // namespace

std::optional<Duration> parseOffset(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return clockForm(text);
  return parseDuration(text);
}

}  // namespace dnsfailover::sim
