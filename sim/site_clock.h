#pragma once
// One site's view of time in a multi-site world: the engine lane of the
// one kernel, seen through what can go wrong with one machine.
//
// - Pause (SIGSTOP): while paused, nothing of the site runs. Timers that
//   come due and answers that arrive (sim/site_network.h hands them here)
//   wait in order; resume() runs them all at once, at the resume instant,
//   in the order they came due. That is the stale leader: a process that
//   wakes up believing what it believed when it stopped.
// - Drift: a site whose clock runs at `ratio` times real speed sees every
//   delay it schedules pass `ratio` times too fast (a delay d lands after
//   d / ratio of world time). now() stays the world's, so every trace keeps
//   one time line; what drifts is the length of the site's own intervals
//   (lease renewals, check periods), which is what clock drift breaks.
// - Crash: reset() forgets what was held and unpauses (kill -9 of a
//   stopped process), so the restarted engine starts clean.
//
// Timer ids are the site's own: a timer that came due while paused can
// still be cancelled (by a held task that runs before it on resume), as the
// engine, which never saw it fire, may do.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>

#include "engine/ports/scheduler.h"

namespace dnsfailover::sim {

class SiteClock final : public Scheduler {
 public:
  explicit SiteClock(Scheduler& lane) : lane_(lane) {}
  SiteClock(const SiteClock&) = delete;
  SiteClock& operator=(const SiteClock&) = delete;
  ~SiteClock() override;

  TimePoint now() const override { return lane_.now(); }
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override;
  void cancel(TimerId id) override;

  // Runs `task` now, or holds it until resume() while paused (answers).
  void deliver(std::function<void()> task);

  void pause();
  void resume();
  bool paused() const { return paused_; }
  void reset();
  // From now on, the site's delays run `ratio` (> 0) times fast.
  void setDrift(double ratio);
  double drift() const { return ratio_; }
  uint64_t heldOnResume() const { return heldOnResume_; }  // tasks that waited, over the run

 private:
  struct Timer {
    TimerId laneId = kNoTimer;
    std::function<void()> task;
    bool held = false;
  };
  void fire(TimerId id);
  void release(TimerId id, std::function<void()> task);

  Scheduler& lane_;
  bool paused_ = false;
  double ratio_ = 1.0;
  TimerId nextId_ = 1;
  std::map<TimerId, Timer> timers_;
  // In the order they came due: a timer's id, or kNoTimer and an answer.
  struct Held {
    TimerId id = kNoTimer;
    std::function<void()> task;
  };
  std::deque<Held> held_;
  uint64_t heldOnResume_ = 0;
};

}  // namespace dnsfailover::sim
