#pragma once
// Time as the engine sees it: UTC wall-clock instants with millisecond
// resolution. The engine never reads a clock itself; instants come from the
// Scheduler port, so the same code runs on real and on simulated time.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dnsfailover {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::sys_time<Duration>;

using namespace std::chrono_literals;

// "2026-11-02T00:20:07.012Z"
std::string formatIsoUtc(TimePoint t);

// "00:20:07.012" (time of day only; the timeline's short form).
std::string formatClock(TimePoint t);

// Parses "2026-11-02T00:00:00Z" (optionally with ".mmm" before the Z).
std::optional<TimePoint> parseIsoUtc(std::string_view text);

// okerr's duration syntax: "10s", "5m", "5min", "2h", "1d", "250ms",
// plain seconds ("30"), and concatenations such as "1h5m".
std::optional<Duration> parseDuration(std::string_view text);

// Readable form used in logs and the timeline: "7.2s", "5m", "1h30m".
std::string formatDuration(Duration d);

// Minute of the hour and the start of the current hour, for calendar-driven
// behaviour such as the cat servers.
int minuteOfHour(TimePoint t);
TimePoint startOfHour(TimePoint t);

}  // namespace dnsfailover
