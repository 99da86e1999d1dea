// The Scheduler port on real time: order, cancellation, never running a
// task inside scheduleAt(), a clock that tracks UTC, and timers that keep
// their pace when the wall clock is stepped (the wall clock here is a fake
// that steps; the steady clock and the asio timer are the real ones).
//
// No test asserts how soon something happens: a stall shows as a runUntil
// limit far shorter than the step, a burst as ticks closer together than
// the period (timers never run early, so that bound holds on any load).

#include "engine/live/asio_scheduler.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/monitor/indicator.h"
#include "engine/ports/trace.h"

namespace dnsfailover::live {
namespace {

using Steady = std::chrono::steady_clock;

// The system clock moved by `shift`, as an NTP step would move it.
struct SteppingWall {
  std::chrono::nanoseconds shift{0};
  ClockSource clocks() {
    return {[this] { return std::chrono::system_clock::now() + shift; }, [] { return Steady::now(); }};
  }
};

// Far below the hour a stalled queue would wait, far above any load.
constexpr std::chrono::seconds kLimit{30};

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

// Goal: a 50 ms periodic task keeps running at its period when the wall
// clock steps back an hour (the old queue, keyed by UTC, stalled for the
// hour) and forward two (no catch-up burst); now() never goes backwards.
TEST(AsioScheduler, PeriodicTaskKeepsItsPeriodAcrossWallClockSteps) {
  EventLoop loop;
  SteppingWall wall;
  AsioScheduler scheduler(loop, wall.clocks());
  std::vector<Steady::time_point> ticks;
  std::vector<TimePoint> seen;
  std::function<void()> tick = [&] {
    ticks.push_back(Steady::now());
    seen.push_back(scheduler.now());
    scheduler.scheduleAfter(50ms, tick);
  };
  scheduler.scheduleAfter(50ms, tick);
  auto fiveMoreTicks = [&] {
    const size_t target = ticks.size() + 5;
    return loop.runUntil([&] { return ticks.size() >= target; }, kLimit);
  };
  ASSERT_TRUE(fiveMoreTicks());
  const TimePoint beforeBack = scheduler.now();
  wall.shift -= std::chrono::hours{1};
  ASSERT_TRUE(fiveMoreTicks()) << "a backward step stalled the queue";
  // The calendar paused instead of going back with the wall clock.
  EXPECT_GE(scheduler.now(), beforeBack);
  EXPECT_LT(scheduler.now(), beforeBack + std::chrono::minutes{30});
  wall.shift += std::chrono::hours{2};
  ASSERT_TRUE(fiveMoreTicks());
  // The calendar jumped with the forward step.
  EXPECT_GE(scheduler.now(), beforeBack + std::chrono::minutes{59});
  ASSERT_GE(ticks.size(), 15u);
  for (size_t i = 1; i < ticks.size(); ++i) {
    EXPECT_GE(seen[i], seen[i - 1]) << "now() went backwards at tick " << i;
    // 1 ms of slack: the delay is counted from now(), which is whole milliseconds.
    EXPECT_GE(ticks[i] - ticks[i - 1], 49ms) << "ticks " << i - 1 << " and " << i << " bunched";
  }
}

// Goal: a forward step does not make every task due in the next hour fire at
// once; queued tasks keep the elapsed time they asked for.
TEST(AsioScheduler, ForwardStepDoesNotBunchQueuedTasks) {
  EventLoop loop;
  SteppingWall wall;
  AsioScheduler scheduler(loop, wall.clocks());
  int early = 0;
  const TimePoint base = scheduler.now();
  for (int minute = 1; minute <= 20; ++minute) scheduler.scheduleAt(base + std::chrono::minutes{minute}, [&] { ++early; });
  bool marker = false;
  scheduler.scheduleAfter(20ms, [&] { marker = true; });
  wall.shift += std::chrono::hours{1};
  ASSERT_TRUE(loop.runUntil([&] { return marker; }, kLimit));
  loop.runUntil([] { return false; }, 100ms);  // give the queued tasks their chance to (wrongly) run
  EXPECT_EQ(early, 0);
  EXPECT_EQ(scheduler.pending(), 20u);
  // New tasks count from the stepped calendar.
  bool later = false;
  scheduler.scheduleAt(scheduler.now() + 10ms, [&] { later = true; });
  EXPECT_TRUE(loop.runUntil([&] { return later; }, kLimit));
}

// Goal: across a backward step the calendar pauses (never goes back) and
// resumes with UTC once the wall clock is past it again; same-instant
// tasks scheduled during the pause still run in scheduling order.
TEST(AsioScheduler, BackwardStepPausesTheCalendarButNotTheTimers) {
  EventLoop loop;
  SteppingWall wall;
  AsioScheduler scheduler(loop, wall.clocks());
  const TimePoint before = scheduler.now();
  wall.shift -= std::chrono::hours{1};
  const TimePoint paused = scheduler.now();
  EXPECT_GE(paused, before);
  std::vector<int> ran;
  scheduler.scheduleAt(paused + 30ms, [&] { ran.push_back(1); });
  loop.runUntil([] { return false; }, 5ms);
  scheduler.scheduleAt(paused + 30ms, [&] { ran.push_back(2); });
  ASSERT_TRUE(loop.runUntil([&] { return ran.size() == 2; }, kLimit));
  EXPECT_EQ(ran, (std::vector<int>{1, 2}));
  EXPECT_LT(scheduler.now(), before + std::chrono::minutes{30});
  wall.shift += std::chrono::hours{1};
  const auto utc = std::chrono::floor<Duration>(std::chrono::system_clock::now());
  EXPECT_LT(std::chrono::abs(scheduler.now() - utc), std::chrono::minutes{1});
}

// A check that answers 200 on the next turn of the loop, noting when it was sent.
class AnsweringHttp final : public HttpClient {
 public:
  AnsweringHttp(EventLoop& loop, const Scheduler& scheduler) : loop_(loop), scheduler_(scheduler) {}
  void send(HttpRequest, std::function<void(HttpResult)> done) override {
    sentAt.push_back(scheduler_.now());
    loop_.post([done = std::move(done)] { done(HttpResult::success({200, {}, "ok"})); });
  }
  std::vector<TimePoint> sentAt;

 private:
  EventLoop& loop_;
  const Scheduler& scheduler_;
};

class ZeroRandom final : public Random {
 public:
  uint64_t next() override { return 0; }
};

// Goal: an Indicator on the live scheduler keeps checking at its period
// when the wall clock steps back an hour and forward two.
TEST(AsioScheduler, IndicatorKeepsItsCheckScheduleAcrossWallClockSteps) {
  EventLoop loop;
  SteppingWall wall;
  AsioScheduler scheduler(loop, wall.clocks());
  AnsweringHttp http(loop, scheduler);
  ZeroRandom random;
  NullTraceSink trace;
  IndicatorConfig config;
  config.name = "main";
  config.check.kind = CheckSpec::Kind::HttpStatus;
  config.check.url = "http://127.0.0.1:9/";
  config.policy.period = 50ms;
  Indicator indicator(config, scheduler, http, random, trace);
  indicator.start();
  auto fiveMoreChecks = [&] {
    const uint64_t target = indicator.checksRun() + 5;
    return loop.runUntil([&] { return indicator.checksRun() >= target; }, kLimit);
  };
  ASSERT_TRUE(fiveMoreChecks());
  wall.shift -= std::chrono::hours{1};
  ASSERT_TRUE(fiveMoreChecks()) << "a backward step stalled the checks";
  wall.shift += std::chrono::hours{2};
  ASSERT_TRUE(fiveMoreChecks());
  indicator.stop();
  EXPECT_EQ(indicator.status(), Status::Ok);
  for (size_t i = 1; i < http.sentAt.size(); ++i) EXPECT_GE(http.sentAt[i], http.sentAt[i - 1]);
}

}  // namespace
}  // namespace dnsfailover::live
