#include "tools/catserver/sim_clock.h"

namespace dnsfailover::catserver {

SimClock::SimClock(TimePoint start, double scale)
    : start_(start), scale_(scale), realStart_(std::chrono::steady_clock::now()) {}

TimePoint SimClock::now() const {
  const std::chrono::duration<double> real = std::chrono::steady_clock::now() - realStart_;
  return start_ + std::chrono::duration_cast<Duration>(real * scale_);
}

TimePoint startInstant(std::optional<Duration> timeOfDay) {
  const TimePoint now = std::chrono::floor<Duration>(std::chrono::system_clock::now());
  if (!timeOfDay) return now;
  return std::chrono::floor<std::chrono::days>(now) + *timeOfDay;
}

}  // namespace dnsfailover::catserver
