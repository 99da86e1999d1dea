#include "engine/core/time.h"

#include <cctype>
#include <cstdio>

namespace dnsfailover {
namespace {

struct CivilTime {
  std::chrono::year_month_day date;
  std::chrono::hh_mm_ss<Duration> clock;
};

CivilTime toCivil(TimePoint t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  return {std::chrono::year_month_day{day}, std::chrono::hh_mm_ss<Duration>{t - day}};
}

bool readDigits(std::string_view text, size_t& pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  out = value;
  return true;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

// Hand-rolled digit writing: traces and pages format a timestamp per event,
// and snprintf dominated the simulation's profile.
static void putDigits(char* out, long value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

std::string formatIsoUtc(TimePoint t) {
  const CivilTime c = toCivil(t);
  char buf[] = "0000-00-00T00:00:00.000Z";
  putDigits(buf, static_cast<int>(c.date.year()), 4);
  putDigits(buf + 5, static_cast<unsigned>(c.date.month()), 2);
  putDigits(buf + 8, static_cast<unsigned>(c.date.day()), 2);
  putDigits(buf + 11, static_cast<long>(c.clock.hours().count()), 2);
  putDigits(buf + 14, static_cast<long>(c.clock.minutes().count()), 2);
  putDigits(buf + 17, static_cast<long>(c.clock.seconds().count()), 2);
  putDigits(buf + 20, static_cast<long>(c.clock.subseconds().count()), 3);
  return std::string(buf, sizeof buf - 1);
}

std::string formatClock(TimePoint t) {
  const CivilTime c = toCivil(t);
  char buf[] = "00:00:00.000";
  putDigits(buf, static_cast<long>(c.clock.hours().count()), 2);
  putDigits(buf + 3, static_cast<long>(c.clock.minutes().count()), 2);
  putDigits(buf + 6, static_cast<long>(c.clock.seconds().count()), 2);
  putDigits(buf + 9, static_cast<long>(c.clock.subseconds().count()), 3);
  return std::string(buf, sizeof buf - 1);
}

std::optional<TimePoint> parseIsoUtc(std::string_view text) {
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  if (!readDigits(text, pos, 4, year) || !expect(text, pos, '-') ||
      !readDigits(text, pos, 2, month) || !expect(text, pos, '-') ||
      !readDigits(text, pos, 2, day) || !expect(text, pos, 'T') ||
      !readDigits(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !readDigits(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !readDigits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!readDigits(text, pos, 3, millis)) return std::nullopt;
  }
  if (!expect(text, pos, 'Z') || pos != text.size()) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return TimePoint{std::chrono::sys_days{ymd}} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second} + Duration{millis};
}

std::optional<Duration> parseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int64_t totalMs = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[pos]))) return std::nullopt;
    int64_t number = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      number = number * 10 + (text[pos] - '0');
      if (number > 1'000'000'000) return std::nullopt;
      ++pos;
    }
    size_t unitStart = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) ++pos;
    const std::string_view unit = text.substr(unitStart, pos - unitStart);
    int64_t unitMs = 0;
    if (unit.empty()) {
      // A bare number is seconds, and only allowed as the whole text.
      if (unitStart != pos || totalMs != 0 || pos != text.size()) return std::nullopt;
      unitMs = 1000;
    } else if (unit == "ms") {
      unitMs = 1;
    } else if (unit == "s" || unit == "sec") {
      unitMs = 1000;
    } else if (unit == "m" || unit == "min") {
      unitMs = 60'000;
    } else if (unit == "h") {
      unitMs = 3'600'000;
    } else if (unit == "d") {
      unitMs = 86'400'000;
    } else {
      return std::nullopt;
    }
    totalMs += number * unitMs;
  }
  return Duration{totalMs};
}

std::string formatDuration(Duration d) {
  int64_t ms = d.count();
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  if (ms < 60'000) {
    char buf[32];
    if (ms % 1000 == 0) {
      std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(ms / 1000));
    } else {
      std::snprintf(buf, sizeof buf, "%.3gs", static_cast<double>(ms) / 1000.0);
    }
    return out + buf;
  }
  const int64_t totalSeconds = ms / 1000;
  const int64_t days = totalSeconds / 86400;
  const int64_t hours = totalSeconds % 86400 / 3600;
  const int64_t minutes = totalSeconds % 3600 / 60;
  const int64_t seconds = totalSeconds % 60;
  if (days) out += std::to_string(days) + "d";
  if (hours) out += std::to_string(hours) + "h";
  if (minutes) out += std::to_string(minutes) + "m";
  if (seconds) out += std::to_string(seconds) + "s";
  return out;
}

int minuteOfHour(TimePoint t) {
  return static_cast<int>(toCivil(t).clock.minutes().count());
}

TimePoint startOfHour(TimePoint t) { return std::chrono::floor<std::chrono::hours>(t); }

}  // namespace dnsfailover
