// Goal: the syncer pushes at once, backs off as okerr does, reports its
// sync status truthfully, and never lets an older address overtake a newer
// one when the selection changes during an in-flight push.

#include <gtest/gtest.h>

#include "engine/config/config.h"
#include "engine/syncer/syncer.h"
#include "sim/kernel.h"
#include "tests/support/scripted_provider.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;
using testing::ScriptedProvider;

class SyncerTest : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  sim::Kernel kernel{start};
  ScriptedProvider provider{kernel};
  NullTraceSink trace;
  Syncer syncer{"cat", provider, defaultPushBackoff(), kernel, trace};

  // Runs queued events until none is due before `t` (relative to start).
  void runTo(Duration t) { kernel.runUntil(start + t); }
};

TEST_F(SyncerTest, NotConfiguredUntilTheFirstSelection) {
  EXPECT_EQ(syncer.status(), SyncStatus::NotConfigured);
  runTo(seconds{10});
  EXPECT_TRUE(provider.calls.empty());
}

TEST_F(SyncerTest, PushesANewAddressAtOnceAndReportsSynced) {
  syncer.setDesired(RecordType::A, "51.158.104.109");
  EXPECT_EQ(syncer.status(), SyncStatus::Wait);
  runTo(Duration{0});
  ASSERT_EQ(provider.calls.size(), 1u);
  EXPECT_EQ(provider.calls[0].address, "51.158.104.109");
  EXPECT_EQ(provider.calls[0].at, start);
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  EXPECT_EQ(syncer.lastReply(), "good 51.158.104.109");
}

TEST_F(SyncerTest, SameAddressAgainDoesNotPush) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.succeed();
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(seconds{100});
  EXPECT_EQ(provider.calls.size(), 1u);
}

TEST_F(SyncerTest, BacksOffLikeOkerrThenRepeatsTheLastDelay) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  // Delays after the 1st..7th consecutive failure.
  const std::vector<Duration> expected = {seconds{0},    seconds{30},   seconds{60},  seconds{300},
                                          seconds{3600}, seconds{7200}, seconds{7200}};
  for (const Duration delay : expected) {
    const TimePoint failedAt = kernel.now();
    provider.fail();
    EXPECT_EQ(syncer.status(), SyncStatus::Retry);
    ASSERT_TRUE(syncer.nextAttempt());
    EXPECT_EQ(*syncer.nextAttempt() - failedAt, delay);
    kernel.runUntil(failedAt + delay - Duration{1});
    EXPECT_EQ(provider.pending.size(), 0u) << "no push before the backoff has passed";
    kernel.runUntil(failedAt + delay);
    ASSERT_EQ(provider.pending.size(), 1u);
  }
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  EXPECT_EQ(syncer.consecutiveFailures(), 0);
}

TEST_F(SyncerTest, ANewSelectionResetsTheBackoff) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.fail();  // retry at +0
  runTo(Duration{0});
  provider.fail();  // retry at +30 s
  syncer.setDesired(RecordType::A, "2.2.2.2");
  runTo(Duration{0});
  ASSERT_EQ(provider.pending.size(), 1u);
  EXPECT_EQ(provider.calls.back().address, "2.2.2.2");
  EXPECT_EQ(syncer.consecutiveFailures(), 0);
}

TEST_F(SyncerTest, RetryAfterStretchesTheBackoff) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.complete({PushOutcome::Kind::Retryable, "HTTP 429", seconds{90}});
  EXPECT_EQ(*syncer.nextAttempt() - start, seconds{90});
}

TEST_F(SyncerTest, PermanentFailuresWaitTheSlowEnd) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.complete({PushOutcome::Kind::Permanent, "he.net: badauth", {}});
  EXPECT_EQ(*syncer.nextAttempt() - start, seconds{7200});
  EXPECT_EQ(syncer.lastError(), "he.net: badauth");
}

TEST_F(SyncerTest, ChangeDuringInFlightPushIsPushedAfterItNeverBefore) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  ASSERT_EQ(provider.pending.size(), 1u);
  syncer.setDesired(RecordType::A, "2.2.2.2");
  runTo(seconds{5});
  EXPECT_EQ(provider.pending.size(), 1u) << "only one push in flight at a time";
  EXPECT_NE(syncer.status(), SyncStatus::Synced);
  provider.succeed();  // the provider now holds 1.1.1.1: stale
  EXPECT_NE(syncer.status(), SyncStatus::Synced) << "synced must mean the latest address";
  runTo(seconds{5});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "2.2.2.2");
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
}

TEST_F(SyncerTest, ChangeDuringAFailingPushIsPushedAtOnce) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  syncer.setDesired(RecordType::A, "2.2.2.2");
  provider.fail();
  runTo(Duration{0});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "2.2.2.2");
  EXPECT_EQ(provider.calls[1].at, start);
}

TEST_F(SyncerTest, FlippingBackToTheInFlightAddressNeedsNoSecondPush) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  syncer.setDesired(RecordType::A, "2.2.2.2");
  syncer.setDesired(RecordType::A, "1.1.1.1");
  provider.succeed();
  runTo(seconds{60});
  EXPECT_EQ(provider.calls.size(), 1u);
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
}

TEST_F(SyncerTest, ForcePushSendsTheCurrentAddressAgain) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.succeed();
  syncer.forcePush();
  EXPECT_EQ(syncer.status(), SyncStatus::Wait);
  runTo(seconds{1});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "1.1.1.1");
}


// A timed-out request can still reach the provider after we gave up on it:
// the set confirmed after it is pushed once more when it no longer can.
TEST_F(SyncerTest, ASetConfirmedWhileAnOlderUnansweredPushCanLandGoesAgain) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  syncer.setDesired(RecordType::A, "2.2.2.2");
  provider.fail("timed out after 10s");  // 1.1.1.1 may still land
  runTo(Duration{0});
  ASSERT_EQ(provider.calls.size(), 2u);
  provider.succeed();  // 2.2.2.2 confirmed first
  EXPECT_NE(syncer.status(), SyncStatus::Synced) << "1.1.1.1 can still land on top of it";
  ASSERT_TRUE(syncer.nextAttempt());
  EXPECT_EQ(*syncer.nextAttempt(), start + Syncer::kRequestLifetime);
  runTo(Syncer::kRequestLifetime - Duration{1});
  EXPECT_EQ(provider.calls.size(), 2u) << "no recheck while the old request can still land";
  runTo(Syncer::kRequestLifetime);
  ASSERT_EQ(provider.calls.size(), 3u);
  EXPECT_EQ(provider.calls[2].address, "2.2.2.2");
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  runTo(seconds{600});
  EXPECT_EQ(provider.calls.size(), 3u) << "one recheck, then quiet";
}

TEST_F(SyncerTest, NoRecheckAfterAFailureThatCannotLandLate) {
  const auto runDue = [&] { kernel.runUntil(kernel.now()); };
  // Retrying the same set: a late landing of it is harmless.
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runDue();
  provider.fail("timed out after 10s");
  runDue();
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  kernel.runUntil(kernel.now() + Syncer::kRequestLifetime);  // 1.1.1.1's request can no longer land
  // A refusal for good changed nothing and never will.
  syncer.setDesired(RecordType::A, "2.2.2.2");
  runDue();
  syncer.setDesired(RecordType::A, "3.3.3.3");
  provider.complete({PushOutcome::Kind::Permanent, "HTTP 403", {}});
  runDue();
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  // An unanswered push older than the request lifetime can no longer land.
  syncer.setDesired(RecordType::A, "4.4.4.4");
  runDue();
  syncer.setDesired(RecordType::A, "5.5.5.5");
  provider.fail("timed out after 10s");
  runDue();
  kernel.runUntil(kernel.now() + Syncer::kRequestLifetime);
  provider.succeed();
  EXPECT_EQ(syncer.status(), SyncStatus::Synced);
  kernel.runUntil(kernel.now() + std::chrono::minutes{10});
  EXPECT_EQ(provider.calls.size(), 6u);
}
}  // namespace
}  // namespace dnsfailover

namespace dnsfailover {
namespace {

TEST_F(SyncerTest, RetryAfterHoldsForANewAddressToo) {
  syncer.setDesired(RecordType::A, "1.1.1.1");
  runTo(Duration{0});
  provider.complete({PushOutcome::Kind::Retryable, "HTTP 429", seconds{90}});
  syncer.setDesired(RecordType::A, "2.2.2.2");  // a failover during the rate limit
  runTo(seconds{89});
  EXPECT_EQ(provider.calls.size(), 1u) << "no call into the provider's rate limit";
  runTo(seconds{90});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "2.2.2.2");
}

}  // namespace
}  // namespace dnsfailover
