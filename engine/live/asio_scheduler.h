#pragma once
// The Scheduler port on real time: now() is UTC from the system clock and
// tasks run on the EventLoop's thread when their instant arrives.
//
// All tasks share one steady timer armed for the earliest of them; the
// queue is ordered by (instant, scheduling order), which gives the port's
// guarantee that tasks due at the same instant run in the order they were
// scheduled (separate asio timers would not), and keeps 100,000 indicators
// at one map node each.

#include <memory>

#include "engine/live/event_loop.h"
#include "engine/ports/scheduler.h"

namespace dnsfailover::live {

class AsioScheduler final : public Scheduler {
 public:
  explicit AsioScheduler(EventLoop& loop);
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
  std::shared_ptr<Impl> impl_;  // shared: the armed timer's handler holds a weak_ptr
};

}  // namespace dnsfailover::live
