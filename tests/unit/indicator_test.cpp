// Goal: an indicator checks on its period through the HttpClient port,
// applies its policy, honours addr= and reports status changes once.

#include <gtest/gtest.h>

#include "engine/monitor/indicator.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/seeded_random.h"
#include "tests/support/fixed_door.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;

class IndicatorTest : public ::testing::Test {
 protected:
  IndicatorTest() {
    network.defaults().latency = Duration{10};
    network.attach("192.0.2.10", door);
    config.name = "charlie:cat";
    config.check.url = "https://cat.okerr.com/";
    config.check.musthave = "status=OK";
    config.check.connectTo = "192.0.2.10";
    config.policy = Policy{"p", seconds{10}, {seconds{20}}, {}};
  }

  TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  sim::Kernel kernel{start};
  sim::Network network{kernel, 7};
  sim::SeededRandom random{7, 1};
  NullTraceSink trace;
  testing::FixedDoor door;
  IndicatorConfig config;
};

TEST_F(IndicatorTest, ChecksOnItsPeriodAndHonoursRetries) {
  Indicator indicator(config, kernel, network, random, trace);
  std::vector<std::pair<TimePoint, Status>> changes;
  indicator.addListener([&](const Indicator& i) { changes.emplace_back(kernel.now(), i.status()); });
  indicator.start();
  kernel.runUntil(start + seconds{10} + Duration{20});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].second, Status::Ok);
  EXPECT_EQ(door.last.connectTo, "192.0.2.10");
  const int afterFirst = door.requests;

  door.response.body = "status=ERR";
  kernel.runUntil(start + seconds{60});
  // One failing check, then one retry 20 s later, then the switch.
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].second, Status::Err);
  EXPECT_EQ(indicator.reason(), "Content has no substring 'status=OK'");
  EXPECT_GT(door.requests, afterFirst);
}

TEST_F(IndicatorTest, UnreachableServerTurnsErrWithTheTransportError) {
  network.link("192.0.2.10").down = true;
  Indicator indicator(config, kernel, network, random, trace);
  indicator.start();
  kernel.runUntil(start + seconds{15});
  EXPECT_EQ(indicator.status(), Status::Err);
  EXPECT_EQ(indicator.reason(), "connection refused by 192.0.2.10");
}

TEST_F(IndicatorTest, StopCancelsFurtherChecks) {
  Indicator indicator(config, kernel, network, random, trace);
  indicator.start();
  kernel.runUntil(start + seconds{30});
  indicator.stop();
  const int seen = door.requests;
  kernel.runUntil(start + seconds{300});
  EXPECT_LE(door.requests, seen + 1);  // at most the request already in flight
  EXPECT_EQ(kernel.pending(), 0u);
}

TEST_F(IndicatorTest, MaintenanceNotifiesWithoutChangingStatus) {
  Indicator indicator(config, kernel, network, random, trace);
  int notified = 0;
  indicator.addListener([&](const Indicator&) { ++notified; });
  indicator.setMaintenance(true);
  indicator.setMaintenance(true);
  EXPECT_EQ(notified, 1);
  EXPECT_TRUE(indicator.maintenance());
  EXPECT_EQ(indicator.status(), Status::Unknown);
}

}  // namespace
}  // namespace dnsfailover
