// Goal: a syncer rebuilt from its captured state behaves as if it had never
// stopped: no push when the provider is known to hold the desired address,
// the backoff position and the provider's Retry-After kept, and a push whose
// answer was lost (in flight at the crash) pushed again, never assumed.

#include <gtest/gtest.h>

#include <memory>

#include "engine/config/config.h"
#include "engine/syncer/syncer.h"
#include "sim/kernel.h"
#include "tests/support/scripted_provider.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;
using testing::ScriptedProvider;

class RecordingSink final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

class SyncerRestoreTest : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  sim::Kernel kernel{start};
  ScriptedProvider provider{kernel};
  RecordingSink trace;

  std::unique_ptr<Syncer> make() {
    return std::make_unique<Syncer>("cat", RecordType::A, provider, defaultPushBackoff(), kernel, trace);
  }
  SchemeState capture(const Syncer& s) {
    SchemeState state;
    s.captureState(state);
    return state;
  }
  void runTo(Duration t) { kernel.runUntil(start + t); }
};

TEST_F(SyncerRestoreTest, SyncedStateRestoresWithoutAPush) {
  auto first = make();
  first->setDesired("1.1.1.1");
  runTo(Duration{0});
  provider.succeed();
  const SchemeState state = capture(*first);
  EXPECT_EQ(state.providerHolds, "1.1.1.1");
  EXPECT_FALSE(state.inFlight);
  first.reset();

  auto second = make();
  second->restoreState(state);
  second->setDesired("1.1.1.1");  // the restored selection, chosen again
  runTo(seconds{600});
  EXPECT_EQ(provider.calls.size(), 1u);
  EXPECT_EQ(second->status(), SyncStatus::Synced);
}

TEST_F(SyncerRestoreTest, APushInFlightAtTheCrashIsPushedAgain) {
  auto first = make();
  first->setDesired("1.1.1.1");
  runTo(Duration{0});
  ASSERT_EQ(provider.calls.size(), 1u);
  const SchemeState state = capture(*first);
  ASSERT_EQ(state.inFlight, "1.1.1.1");
  first.reset();  // the crash: the answer will never be seen
  provider.succeed();  // it lands at the provider anyway; nobody hears it

  auto second = make();
  second->restoreState(state);
  runTo(seconds{1});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "1.1.1.1");
  ASSERT_FALSE(trace.events.empty());
  EXPECT_EQ(trace.events.back().text("address"), "1.1.1.1");
  EXPECT_EQ(trace.events.back().type, EventType::PushUnknown);
}

TEST_F(SyncerRestoreTest, BackoffPositionAndRetryAfterSurviveARestart) {
  auto first = make();
  first->setDesired("1.1.1.1");
  runTo(Duration{0});
  provider.fail();  // failure 1: okerr retries at once
  runTo(Duration{0});
  ASSERT_EQ(provider.calls.size(), 2u);
  provider.complete({PushOutcome::Kind::Retryable, "429", std::chrono::minutes{5}});  // failure 2, Retry-After 5 min
  const SchemeState state = capture(*first);
  EXPECT_EQ(state.failures, 2);
  first.reset();

  auto second = make();
  runTo(seconds{60});
  second->restoreState(state);
  runTo(seconds{299});
  EXPECT_EQ(provider.calls.size(), 2u) << "the Retry-After of the old process must hold";
  runTo(seconds{301});
  ASSERT_EQ(provider.calls.size(), 3u);
  provider.fail();  // failure 3: 60 s from where the backoff was; a fresh one would retry at once
  runTo(seconds{359});
  EXPECT_EQ(provider.calls.size(), 3u);
  runTo(seconds{362});
  EXPECT_EQ(provider.calls.size(), 4u);
}

TEST_F(SyncerRestoreTest, ADifferentAddressWaitsOutTheDeadProcesssRequest) {
  auto first = make();
  first->setDesired("1.1.1.1");
  runTo(Duration{0});
  const SchemeState state = capture(*first);
  first.reset();  // 1.1.1.1 may still be on its way to the provider

  auto second = make();
  runTo(seconds{1});
  second->restoreState(state);
  second->setDesired("2.2.2.2");  // the world changed while we were down
  runTo(seconds{1} + Syncer::kRequestLifetime - Duration{1});
  EXPECT_EQ(provider.calls.size(), 1u) << "2.2.2.2 must not race the orphaned request for 1.1.1.1";
  runTo(seconds{1} + Syncer::kRequestLifetime);
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "2.2.2.2");
}

TEST_F(SyncerRestoreTest, AFailedPushLeavesWhatTheProviderHoldsUnknown) {
  auto s = make();
  s->setDesired("1.1.1.1");
  runTo(Duration{0});
  provider.succeed();
  s->setDesired("2.2.2.2");
  runTo(seconds{1});
  provider.fail("timed out after 10s");  // it may have landed
  EXPECT_FALSE(s->providerHolds().has_value());
}

TEST_F(SyncerRestoreTest, ALateAnswerAfterStopIsDropped) {
  auto s = make();
  s->setDesired("1.1.1.1");
  runTo(Duration{0});
  s->stop();
  provider.succeed();
  EXPECT_TRUE(s->inFlight()) << "stop() drops the answer: the state still says in flight";
}

}  // namespace
}  // namespace dnsfailover
