// Goal: a site's clock stops a paused site whole (timers and answers wait,
// in order, and run at once on resume, where a waiting timer can still be
// cancelled), forgets everything on a crash, and makes a drifting site's
// delays run fast or slow while the world's time line stays one.

#include <gtest/gtest.h>

#include "sim/kernel.h"
#include "sim/site_clock.h"

namespace dnsfailover::sim {
namespace {

using std::chrono::seconds;

const TimePoint kStart = *parseIsoUtc("2026-11-02T00:00:00Z");

TEST(SiteClock, APausedSiteRunsNothingThenEverythingAtOnceInOrder) {
  Kernel kernel(kStart);
  SiteClock clock(kernel.engineLane());
  std::vector<std::pair<char, TimePoint>> ran;
  clock.scheduleAfter(seconds{2}, [&] { ran.emplace_back('a', kernel.now()); });
  clock.scheduleAfter(seconds{4}, [&] { ran.emplace_back('c', kernel.now()); });
  kernel.scheduleAfter(seconds{3}, [&] { clock.deliver([&] { ran.emplace_back('b', kernel.now()); }); });
  kernel.scheduleAfter(seconds{1}, [&] { clock.pause(); });
  kernel.scheduleAfter(seconds{10}, [&] { clock.resume(); });
  kernel.runUntil(kStart + seconds{20});
  ASSERT_EQ(ran.size(), 3u);
  EXPECT_EQ(std::string({ran[0].first, ran[1].first, ran[2].first}), "abc");  // in the order they came due
  for (const auto& [name, at] : ran) EXPECT_EQ(at, kStart + seconds{10}) << name;
  EXPECT_EQ(clock.heldOnResume(), 3u);
}

TEST(SiteClock, AHeldTimerCanStillBeCancelledBeforeItRuns) {
  Kernel kernel(kStart);
  SiteClock clock(kernel.engineLane());
  int runs = 0;
  TimerId late = kNoTimer;
  // Both come due while paused; the first, on resume, cancels the second,
  // as an engine that never saw the second fire may.
  clock.scheduleAfter(seconds{2}, [&] { clock.cancel(late); });
  late = clock.scheduleAfter(seconds{3}, [&] { ++runs; });
  clock.pause();
  kernel.scheduleAfter(seconds{5}, [&] { clock.resume(); });
  kernel.runUntil(kStart + seconds{10});
  EXPECT_EQ(runs, 0);
}

TEST(SiteClock, ACrashForgetsWhatWasHeldAndUnpauses) {
  Kernel kernel(kStart);
  SiteClock clock(kernel.engineLane());
  int runs = 0;
  clock.scheduleAfter(seconds{2}, [&] { ++runs; });
  clock.pause();
  kernel.scheduleAfter(seconds{3}, [&] {
    clock.reset();
    clock.scheduleAfter(seconds{1}, [&] { runs += 10; });  // the new engine's
  });
  kernel.runUntil(kStart + seconds{10});
  EXPECT_FALSE(clock.paused());
  EXPECT_EQ(runs, 10);
}

TEST(SiteClock, DriftStretchesTheSitesDelaysNotTheWorldsTime) {
  Kernel kernel(kStart);
  SiteClock clock(kernel.engineLane());
  clock.setDrift(2.0);  // runs twice as fast
  std::optional<TimePoint> fired;
  clock.scheduleAfter(seconds{10}, [&] { fired = clock.now(); });
  kernel.runUntil(kStart + seconds{20});
  ASSERT_TRUE(fired);
  EXPECT_EQ(*fired, kStart + seconds{5});
  EXPECT_EQ(clock.now(), kernel.now());
}

}  // namespace
}  // namespace dnsfailover::sim
