// The Scheduler port on real time: order, cancellation, never running a
// task inside scheduleAt(), and a clock that tracks UTC.

#include "engine/live/asio_scheduler.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dnsfailover::live {
namespace {

TEST(AsioScheduler, RunsTasksByInstantAndSameInstantInSchedulingOrder) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  std::vector<std::string> ran;
  const TimePoint base = scheduler.now();
  scheduler.scheduleAt(base + 40ms, [&] { ran.push_back("a"); });
  scheduler.scheduleAt(base + 40ms, [&] { ran.push_back("b"); });
  scheduler.scheduleAt(base + 10ms, [&] { ran.push_back("first"); });
  scheduler.scheduleAt(base + 40ms, [&] { ran.push_back("c"); });
  ASSERT_TRUE(loop.runUntil([&] { return ran.size() == 4; }, std::chrono::seconds{30}));
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "a", "b", "c"}));
  EXPECT_EQ(scheduler.pending(), 0u);
}

TEST(AsioScheduler, TasksRunNoEarlierThanTheirInstant) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  const TimePoint due = scheduler.now() + 30ms;
  std::optional<TimePoint> ranAt;
  scheduler.scheduleAt(due, [&] { ranAt = scheduler.now(); });
  ASSERT_TRUE(loop.runUntil([&] { return ranAt.has_value(); }, std::chrono::seconds{30}));
  EXPECT_GE(*ranAt, due);
}

TEST(AsioScheduler, CancelledTaskNeverRuns) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  bool cancelledRan = false, laterRan = false;
  const TimerId id = scheduler.scheduleAfter(10ms, [&] { cancelledRan = true; });
  scheduler.scheduleAfter(30ms, [&] { laterRan = true; });
  scheduler.cancel(id);
  scheduler.cancel(id);         // twice: harmless
  scheduler.cancel(kNoTimer);   // harmless
  ASSERT_TRUE(loop.runUntil([&] { return laterRan; }, std::chrono::seconds{30}));
  EXPECT_FALSE(cancelledRan);
}

TEST(AsioScheduler, PastTaskRunsSoonButNeverInsideScheduleAt) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  bool ran = false;
  const TimerId id = scheduler.scheduleAt(scheduler.now() - std::chrono::hours{1}, [&] { ran = true; });
  EXPECT_NE(id, kNoTimer);
  EXPECT_FALSE(ran);
  ASSERT_TRUE(loop.runUntil([&] { return ran; }, std::chrono::seconds{30}));
}

TEST(AsioScheduler, TaskMayScheduleAndCancelOthers) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  int chain = 0;
  bool victimRan = false;
  TimerId victim = scheduler.scheduleAfter(50ms, [&] { victimRan = true; });
  std::function<void()> step = [&] {
    if (++chain == 1) scheduler.cancel(victim);
    if (chain < 5) scheduler.scheduleAfter(0ms, step);
  };
  scheduler.scheduleAfter(1ms, step);
  ASSERT_TRUE(loop.runUntil([&] { return chain == 5; }, std::chrono::seconds{30}));
  loop.runUntil([] { return false; }, 80ms);  // give the cancelled task its chance to (wrongly) run
  EXPECT_FALSE(victimRan);
}

TEST(AsioScheduler, NowIsUtcFromTheSystemClockAndNeverGoesBack) {
  EventLoop loop;
  AsioScheduler scheduler(loop);
  const auto system = std::chrono::floor<Duration>(std::chrono::system_clock::now());
  TimePoint previous = scheduler.now();
  EXPECT_LT(std::chrono::abs(previous - system), std::chrono::minutes{1});
  for (int i = 0; i < 1000; ++i) {
    const TimePoint t = scheduler.now();
    EXPECT_GE(t, previous);
    previous = t;
  }
}

TEST(AsioScheduler, DestroyedWithPendingTasksRunsNothing) {
  EventLoop loop;
  bool ran = false;
  {
    AsioScheduler scheduler(loop);
    scheduler.scheduleAfter(1ms, [&] { ran = true; });
  }
  loop.runUntil([] { return false; }, 30ms);
  EXPECT_FALSE(ran);
}

}  // namespace
}  // namespace dnsfailover::live
