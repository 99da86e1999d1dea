#pragma once
// The Scheduler port on real time: now() is UTC, and tasks run on the
// EventLoop's thread when their time has elapsed on the monotonic clock.
//
// Two clocks, two jobs. The wall clock (UTC) may be stepped by NTP or by an
// operator; the steady clock never is. Timers run on the steady clock:
// scheduleAt(when) turns `when` into a steady deadline, steadyNow +
// (when - now()), at the moment it is called, and the queue is ordered by
// those deadlines. So a step of the wall clock neither stalls the queue nor
// makes every task due in the next hour fire at once.
//
// The calendar (now()) is the steady clock plus an offset read from the wall
// clock. A change of that offset by more than kStepTolerance is a step:
//   - forward: now() jumps with it. Tasks already queued keep their steady
//     deadlines, so nothing bunches; they run at the elapsed time asked for,
//     and now() then reads later than their `when`.
//   - backward: now() stays where it was (the calendar pauses) until the
//     wall clock catches up, because the port promises a clock that never
//     goes backwards. Timers keep running on steady time meanwhile, and
//     scheduleAt() counts from the paused now(), so a period is still a
//     period. The price: events in that stretch carry the same instant
//     (their order is kept by the trace's order), and a task queued before
//     the step may run while now() reads earlier than its `when`. Slewing
//     (running the calendar slowly until it meets UTC) would keep instants
//     distinct but keep the calendar off UTC for longer than the step; the
//     engine only ever asks for max(now, ...) and differences, so a pause
//     costs it nothing.
// Between steps a task never sees now() earlier than its `when`.
//
// All tasks share one steady timer armed for the earliest of them; the
// queue is ordered by (deadline, scheduling order), which gives the port's
// guarantee that tasks due at the same instant run in the order they were
// scheduled (separate asio timers would not), and keeps 100,000 indicators
// at one map node each. Between steps the same `when` gives the same
// deadline; across a forward step a task scheduled later for the same
// `when` is already due and may run first.

#include <chrono>
#include <functional>
#include <memory>

#include "engine/live/event_loop.h"
#include "engine/ports/scheduler.h"

namespace dnsfailover::live {

// Where the scheduler reads time; the real clocks unless a test steps them.
// The asio timer sleeps on the real steady clock for `deadline - steady()`,
// so a replacement steady clock must run at the real rate.
struct ClockSource {
  std::function<std::chrono::system_clock::time_point()> wall;
  std::function<std::chrono::steady_clock::time_point()> steady;

  static ClockSource system();
};

class AsioScheduler final : public Scheduler {
 public:
  // Smaller disagreements between the wall clock and the calendar are read
  // jitter, not a step (NTP slews offsets below 128 ms and steps above).
  static constexpr std::chrono::milliseconds kStepTolerance{10};

  explicit AsioScheduler(EventLoop& loop, ClockSource clocks = ClockSource::system());
  AsioScheduler(const AsioScheduler&) = delete;
  AsioScheduler& operator=(const AsioScheduler&) = delete;
  ~AsioScheduler() override;

  TimePoint now() const override;
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override;
  void cancel(TimerId id) override;

  // Tasks scheduled and not yet run or cancelled.
  size_t pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dnsfailover::live
