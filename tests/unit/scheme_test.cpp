// Goal: a scheme makes no spurious choice at start-up, applies the
// selection rule on every member change and hands the address to its syncer.

#include <gtest/gtest.h>

#include "engine/scheme/scheme.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/seeded_random.h"
#include "tests/support/fixed_door.h"
#include "tests/support/scripted_provider.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;

class SchemeTest : public ::testing::Test {
 protected:
  SchemeTest() {
    network.attach("192.0.2.1", main);
    network.attach("192.0.2.2", backup);
    network.link("192.0.2.1").latency = Duration{5};
    // The backup answers slowly, so the main's first result arrives first.
    network.link("192.0.2.2").latency = seconds{1};
  }

  IndicatorConfig indicator(std::string name, std::string addr) {
    IndicatorConfig c;
    c.name = std::move(name);
    c.check.url = "http://cat.example/";
    c.check.musthave = "status=OK";
    c.check.connectTo = std::move(addr);
    c.policy = Policy{"p", seconds{10}, {}, {}};
    return c;
  }

  SchemeConfig scheme() {
    SchemeConfig s;
    s.name = "cat";
    s.fqdn = "cat.example";
    s.zone = "example";
    s.members = {{"main", 100, "192.0.2.1"}, {"backup", 90, "192.0.2.2"}};
    s.pushBackoff = defaultPushBackoff();
    s.startupWait = seconds{60};
    return s;
  }

  TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  sim::Kernel kernel{start};
  sim::Network network{kernel, 3};
  sim::SeededRandom random{3, 1};
  NullTraceSink trace;
  testing::FixedDoor main, backup;
};

TEST_F(SchemeTest, NoChoiceUntilEveryMemberHasAFirstResult) {
  main.response.body = "status=ERR";  // main is down from the start
  Indicator m(indicator("main", "192.0.2.1"), kernel, network, random, trace);
  Indicator b(indicator("backup", "192.0.2.2"), kernel, network, random, trace);
  auto providerOwned = std::make_unique<testing::ScriptedProvider>(kernel);
  testing::ScriptedProvider& provider = *providerOwned;
  Scheme s(scheme(), {&m, &b}, std::move(providerOwned), kernel, trace);
  m.addListener([&](const Indicator&) { s.reconsider(); });
  b.addListener([&](const Indicator&) { s.reconsider(); });
  m.start();
  b.start();
  s.start();
  // While only one member has a result, choosing would risk falling back to
  // main only to move again a moment later: the scheme must wait.
  bool sawPartialKnowledge = false;
  while (m.status() == Status::Unknown || b.status() == Status::Unknown) {
    if (m.status() != b.status()) sawPartialKnowledge = true;
    EXPECT_FALSE(s.selected());
    ASSERT_TRUE(kernel.step());
  }
  EXPECT_TRUE(sawPartialKnowledge);
  kernel.runUntil(start + seconds{15});
  ASSERT_TRUE(s.selected());
  EXPECT_EQ(s.config().members[*s.selected()].address, "192.0.2.2");
  ASSERT_EQ(provider.calls.size(), 1u) << "exactly one push: no spurious failover at start-up";
  EXPECT_EQ(provider.calls[0].address, "192.0.2.2");
}

TEST_F(SchemeTest, StartupWaitBoundsTheDelay) {
  network.link("192.0.2.2").partitioned = true;  // backup never answers within the wait...
  Indicator m(indicator("main", "192.0.2.1"), kernel, network, random, trace);
  IndicatorConfig slow = indicator("backup", "192.0.2.2");
  slow.check.timeout = seconds{600};  // ...because its check takes ten minutes to time out
  Indicator b(slow, kernel, network, random, trace);
  auto providerOwned = std::make_unique<testing::ScriptedProvider>(kernel);
  testing::ScriptedProvider& provider = *providerOwned;
  Scheme s(scheme(), {&m, &b}, std::move(providerOwned), kernel, trace);
  m.addListener([&](const Indicator&) { s.reconsider(); });
  m.start();
  b.start();
  s.start();
  kernel.runUntil(start + seconds{59});
  EXPECT_FALSE(s.selected());
  kernel.runUntil(start + seconds{61});
  ASSERT_TRUE(s.selected());
  EXPECT_EQ(provider.calls.at(0).address, "192.0.2.1");
}

TEST_F(SchemeTest, FollowsMemberChanges) {
  Indicator m(indicator("main", "192.0.2.1"), kernel, network, random, trace);
  Indicator b(indicator("backup", "192.0.2.2"), kernel, network, random, trace);
  auto providerOwned = std::make_unique<testing::ScriptedProvider>(kernel);
  testing::ScriptedProvider& provider = *providerOwned;
  Scheme s(scheme(), {&m, &b}, std::move(providerOwned), kernel, trace);
  m.addListener([&](const Indicator&) { s.reconsider(); });
  b.addListener([&](const Indicator&) { s.reconsider(); });
  m.start();
  b.start();
  s.start();
  kernel.runUntil(start + seconds{15});
  provider.succeed();
  main.response.status = 500;
  kernel.runUntil(start + seconds{30});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "192.0.2.2");
  provider.succeed();
  m.setMaintenance(false);
  main.response.status = 200;
  b.setMaintenance(true);  // backup in maintenance and main recovered
  kernel.runUntil(start + seconds{45});
  ASSERT_EQ(provider.calls.size(), 3u);
  EXPECT_EQ(provider.calls[2].address, "192.0.2.1");
}

}  // namespace
}  // namespace dnsfailover
