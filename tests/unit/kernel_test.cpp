// Goal: the sim kernel runs events in (time, insertion) order, honours
// cancel, and never moves time backwards.

#include <gtest/gtest.h>

#include "sim/kernel.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {
namespace {

const TimePoint kStart = *parseIsoUtc("2026-11-02T00:00:00Z");

TEST(Kernel, EqualTimesRunInInsertionOrder) {
  Kernel k(kStart);
  std::string order;
  k.scheduleAt(kStart + Duration{5}, [&] { order += 'c'; });
  k.scheduleAt(kStart + Duration{1}, [&] { order += 'a'; });
  k.scheduleAt(kStart + Duration{5}, [&] { order += 'd'; });
  k.scheduleAt(kStart + Duration{1}, [&] { order += 'b'; });
  k.runUntil(kStart + Duration{10});
  EXPECT_EQ(order, "abcd");
  EXPECT_EQ(k.now(), kStart + Duration{10});
  EXPECT_EQ(k.eventsRun(), 4u);
}

TEST(Kernel, CancelledEventsDoNotRunAndStaleIdsAreHarmless) {
  Kernel k(kStart);
  int runs = 0;
  const TimerId a = k.scheduleAfter(Duration{1}, [&] { ++runs; });
  k.cancel(a);
  k.runUntil(kStart + Duration{2});
  EXPECT_EQ(runs, 0);
  const TimerId b = k.scheduleAfter(Duration{1}, [&] { ++runs; });  // may reuse a's slot
  k.cancel(a);  // stale id: must not cancel b
  k.runUntil(kStart + Duration{5});
  EXPECT_EQ(runs, 1);
  k.cancel(b);  // already ran: no effect
  k.cancel(kNoTimer);
}

TEST(Kernel, PastTimesRunNowAndTimeNeverGoesBack) {
  Kernel k(kStart);
  k.runUntil(kStart + Duration{100});
  TimePoint seen{};
  k.scheduleAt(kStart, [&] { seen = k.now(); });
  k.step();
  EXPECT_EQ(seen, kStart + Duration{100});
}

TEST(Kernel, EventsScheduledByEventsRunInOrder) {
  Kernel k(kStart);
  std::vector<int> order;
  k.scheduleAfter(Duration{1}, [&] {
    order.push_back(1);
    k.scheduleAfter(Duration{0}, [&] { order.push_back(3); });
  });
  k.scheduleAfter(Duration{1}, [&] { order.push_back(2); });
  k.runUntil(kStart + Duration{1});
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(SeededRandom, SameSeedSameStreamSameNumbers) {
  SeededRandom a(42, 1), b(42, 1), c(42, 2);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, c.next());
  }
  for (int i = 0; i < 1000; ++i) EXPECT_LT(a.below(7), 7u);
}

}  // namespace
}  // namespace dnsfailover::sim
