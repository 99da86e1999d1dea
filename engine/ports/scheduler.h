#pragma once
// The Clock/Scheduler port: the engine's only source of time and its only way
// to act later. Live, it is backed by Boost.Asio timers; in the harness, by
// the simulation kernel's virtual clock.

#include <cstdint>
#include <functional>

#include "engine/core/time.h"

namespace dnsfailover {

using TimerId = uint64_t;
inline constexpr TimerId kNoTimer = 0;

class Scheduler {
 public:
  virtual ~Scheduler() = default;

  // Current UTC time. Never goes backwards.
  virtual TimePoint now() const = 0;

  // Runs `task` once at `when` (or as soon as possible when `when` is in the
  // past). Tasks due at the same instant run in the order they were scheduled.
  // Returns an id for cancel(); never kNoTimer.
  virtual TimerId scheduleAt(TimePoint when, std::function<void()> task) = 0;

  // Drops a task that has not run yet. Cancelling a task that already ran, or
  // kNoTimer, does nothing.
  virtual void cancel(TimerId id) = 0;

  TimerId scheduleAfter(Duration delay, std::function<void()> task) {
    return scheduleAt(now() + delay, std::move(task));
  }
};

}  // namespace dnsfailover
