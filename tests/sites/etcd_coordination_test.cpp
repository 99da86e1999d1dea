// Goal: the etcd-backed Coordination port keeps its contract against the
// fake etcd cluster on the simulated clock: exactly one of several sites
// leads; a dead leader's key and reports vanish with its lease and another
// site takes over within the TTL plus one keepalive period; a resigning
// leader hands over at once; a leader paused past its lease finds itself
// not leading the moment it runs again, and its fenced writes bounce;
// without etcd a leader steps down by its own clock.

#include <gtest/gtest.h>

#include <optional>

#include "engine/coordination/etcd_coordination.h"
#include "tests/sites/sites_world.h"

namespace dnsfailover {
namespace {

using test::SitesWorld;

class EtcdCoordinationTest : public ::testing::Test {
 protected:
  EtcdCoordinationTest() : world_(3) {
    config_.endpoints = world_.endpoints();
    config_.prefix = "/dnsf/test/";
    config_.leaseTtl = std::chrono::seconds{6};
    config_.timeout = std::chrono::seconds{3};
    for (size_t i = 0; i < 3; ++i) make(i);
  }

  void make(size_t i) {
    coordination_[i] = std::make_unique<EtcdCoordination>(world_.site(i).http, world_.site(i).scheduler, config_,
                                                         names_[i]);
    changes_[i] = 0;
    coordination_[i]->start([this, i] { ++changes_[i]; });
  }

  std::vector<size_t> leaders() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < 3; ++i) {
      if (coordination_[i] && coordination_[i]->leadsNow()) out.push_back(i);
    }
    return out;
  }
  bool oneLeader() const { return leaders().size() == 1; }

  template <typename T>
  T await(std::function<void(std::function<void(T)>)> start) {
    std::optional<T> out;
    start([&out](T v) { out = std::move(v); });
    world_.runUntil([&out] { return out.has_value(); }, std::chrono::seconds{30});
    EXPECT_TRUE(out.has_value()) << "the call never finished";
    return out.value_or(T{});
  }

  CoordinationStatus write(size_t i, std::string value) {
    return await<CoordinationStatus>([&](auto done) {
      coordination_[i]->writeSharedState({{"schemes/cat", value}}, std::move(done));
    });
  }

  SitesWorld world_;
  CoordinationConfig config_;
  const std::string names_[3] = {"paris", "frankfurt", "virginia"};
  std::unique_ptr<EtcdCoordination> coordination_[3];
  int changes_[3] = {0, 0, 0};
};

TEST_F(EtcdCoordinationTest, ExactlyOneSiteLeadsAndEveryoneKnowsWhich) {
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{10}));
  world_.runFor(std::chrono::seconds{20});  // and it stays that way
  ASSERT_EQ(leaders().size(), 1u);
  const size_t leader = leaders().front();
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(coordination_[i]->reachable()) << names_[i];
    EXPECT_EQ(coordination_[i]->leader().leader, names_[leader]) << names_[i];
    EXPECT_NE(coordination_[i]->leader().lease, 0);
    EXPECT_GT(changes_[i], 0);
  }
  EXPECT_GT(coordination_[leader]->leader().revision, 0);
  EXPECT_EQ(coordination_[leader]->leader().ttlSeconds, 6);
}

TEST_F(EtcdCoordinationTest, ReportsAreEverySitesAndVanishWithTheirLease) {
  ASSERT_TRUE(world_.runUntil([&] { return coordination_[0]->reachable() && coordination_[1]->reachable(); },
                              std::chrono::seconds{10}));
  const TimePoint at = world_.kernel().now();
  std::vector<SiteObservation> mine = {{"main:cat", "paris", "ERR", "timeout", at, true, 0},
                                       {"backup/2", "paris", "OK", "", at, false, 0}};
  ASSERT_TRUE(await<CoordinationStatus>([&](auto done) { coordination_[0]->publish(mine, std::move(done)); }).ok);

  using Read = std::pair<CoordinationStatus, std::vector<SiteObservation>>;
  auto read = [&] {
    return await<Read>([&](auto done) {
      coordination_[1]->readObservations(
          [done](CoordinationStatus s, std::vector<SiteObservation> o) { done(Read{s, std::move(o)}); });
    });
  };
  const Read got = read();
  ASSERT_TRUE(got.first.ok) << got.first.error;
  ASSERT_EQ(got.second.size(), 2u);
  EXPECT_EQ(got.second[0].indicator, "backup/2");  // key order; an indicator may hold '/'
  EXPECT_EQ(got.second[0].site, "paris");
  EXPECT_FALSE(got.second[0].sane);
  EXPECT_EQ(got.second[1].indicator, "main:cat");
  EXPECT_EQ(got.second[1].status, "ERR");
  EXPECT_EQ(got.second[1].reason, "timeout");
  EXPECT_EQ(got.second[1].at, at);
  EXPECT_GT(got.second[1].revision, 0);

  // Paris dies (no stop: a crash). Its lease runs out and takes the reports.
  coordination_[0].reset();
  world_.runFor(config_.leaseTtl + std::chrono::seconds{2});
  EXPECT_TRUE(read().second.empty());
}

TEST_F(EtcdCoordinationTest, ADeadLeaderIsReplacedWithinTheTtlAndOneKeepalivePeriod) {
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{10}));
  const size_t old = leaders().front();
  const int64_t oldFence = coordination_[old]->leader().revision;
  coordination_[old].reset();  // SIGKILL: no resign
  const TimePoint died = world_.kernel().now();
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{30}));
  const Duration handover = world_.kernel().now() - died;
  EXPECT_LE(handover, config_.leaseTtl + config_.leaseTtl / 3 + std::chrono::seconds{1}) << formatDuration(handover);
  const size_t next = leaders().front();
  EXPECT_NE(next, old);
  EXPECT_GT(coordination_[next]->leader().revision, oldFence);
}

TEST_F(EtcdCoordinationTest, AResigningLeaderHandsOverAtOnce) {
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{10}));
  const size_t old = leaders().front();
  coordination_[old]->stop();
  EXPECT_FALSE(coordination_[old]->leadsNow());
  const TimePoint resigned = world_.kernel().now();
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{30}));
  EXPECT_LE(world_.kernel().now() - resigned, config_.leaseTtl / 3 + std::chrono::seconds{1});
}

TEST_F(EtcdCoordinationTest, APausedLeaderResumesNotLeadingAndItsFencedWritesBounce) {
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{10}));
  const size_t old = leaders().front();
  ASSERT_TRUE(write(old, "from the first leader").ok);

  world_.site(old).scheduler.pause();
  world_.runFor(2 * config_.leaseTtl);
  // Meanwhile another site took over.
  // The paused site has not run, so its view still says it leads; its own
  // clock already says otherwise (leadsNow), and another site took over.
  EXPECT_TRUE(coordination_[old]->leader().leads);
  ASSERT_EQ(leaders().size(), 1u);
  const size_t next = leaders().front();
  ASSERT_NE(next, old);
  // Even before any of its timers runs, the resumed site's own clock says no.
  bool leadsOnResume = true;
  world_.site(old).scheduler.resume();
  world_.site(old).scheduler.run([&] { leadsOnResume = coordination_[old]->leadsNow(); });
  EXPECT_FALSE(leadsOnResume);

  // Its fenced write (if it still tried) bounces, and it knows it no longer leads.
  const CoordinationStatus stale = write(old, "stale");
  EXPECT_FALSE(stale.ok);
  EXPECT_FALSE(coordination_[old]->leader().leads);
  using Read = std::pair<CoordinationStatus, std::map<std::string, std::string>>;
  const Read shared = await<Read>([&](auto done) {
    coordination_[next]->readSharedState(
        [done](CoordinationStatus s, std::map<std::string, std::string> m) { done(Read{s, std::move(m)}); });
  });
  ASSERT_TRUE(shared.first.ok) << shared.first.error;
  EXPECT_EQ(shared.second.at("schemes/cat"), "from the first leader");
  world_.runFor(std::chrono::seconds{10});
  EXPECT_EQ(leaders(), std::vector<size_t>{next});
}

TEST_F(EtcdCoordinationTest, WithoutEtcdTheLeaderStepsDownByItsOwnClock) {
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{10}));
  const size_t leader = leaders().front();
  for (size_t m = 0; m < 3; ++m) world_.site(leader).network.link(SitesWorld::member(m)).down = true;
  const TimePoint cut = world_.kernel().now();
  ASSERT_TRUE(world_.runUntil([&] { return !coordination_[leader]->leadsNow(); }, std::chrono::seconds{30}));
  // Two thirds of the TTL after the last keepalive that was answered.
  EXPECT_LE(world_.kernel().now() - cut, config_.leaseTtl);
  ASSERT_TRUE(world_.runUntil([&] { return !coordination_[leader]->reachable(); }, std::chrono::seconds{30}));
  EXPECT_FALSE(coordination_[leader]->lastError().empty());
  // The others elect one of themselves once the lease is gone.
  ASSERT_TRUE(world_.runUntil([&] { return oneLeader(); }, std::chrono::seconds{30}));
  EXPECT_NE(leaders().front(), leader);
  // Back online: it rejoins as a follower.
  for (size_t m = 0; m < 3; ++m) world_.site(leader).network.link(SitesWorld::member(m)).down = false;
  ASSERT_TRUE(world_.runUntil([&] { return coordination_[leader]->reachable(); }, std::chrono::seconds{30}));
  world_.runFor(std::chrono::seconds{10});
  EXPECT_EQ(leaders().size(), 1u);
  EXPECT_FALSE(coordination_[leader]->leadsNow());
}

}  // namespace
}  // namespace dnsfailover
