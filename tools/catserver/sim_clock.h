#pragma once
// catserver's notion of time: UTC that runs `scale` times faster than real
// time from a chosen time of day, so the demo's hour passes in a minute at
// scale 60. Reads the steady clock, so a wall-clock step does not jump it.

#include <chrono>
#include <optional>

#include "engine/core/time.h"

namespace dnsfailover::catserver {

class SimClock {
 public:
  // Simulated time starts at `start` now and advances `scale` times faster.
  SimClock(TimePoint start, double scale);
  TimePoint now() const;

 private:
  TimePoint start_;
  double scale_;
  std::chrono::steady_clock::time_point realStart_;
};

// Today's date (UTC) at `timeOfDay`, or the current time when none.
TimePoint startInstant(std::optional<Duration> timeOfDay);

}  // namespace dnsfailover::catserver
