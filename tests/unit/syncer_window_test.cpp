// Goal: a push delay coalesces selection changes into one push of the
// latest address without bending the syncer's rules (never a stale
// address, "synced" only when the provider holds the latest), and survives
// a restart; a dry run never calls the provider, stays owed and never
// claims the provider holds anything.

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

// What the syncer knows the provider holds in the A RRset, joined.
std::optional<std::string> heldA(const Syncer& syncer) {
  auto it = syncer.providerHolds().find(RecordType::A);
  if (it == syncer.providerHolds().end()) return std::nullopt;
  return RecordSet{RecordType::A, it->second}.joined();
}

class RecordingSink final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  size_t count(EventType type) const {
    size_t n = 0;
    for (const TraceEvent& e : events) n += e.type == type ? 1 : 0;
    return n;
  }
  std::vector<TraceEvent> events;
};

class SyncerWindowTest : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T01:00:00Z");
  sim::Kernel kernel{start};
  ScriptedProvider provider{kernel};
  RecordingSink trace;

  std::unique_ptr<Syncer> make(Duration delay) {
    auto s = std::make_unique<Syncer>("cat", provider, defaultPushBackoff(), kernel, trace);
    s->setPushDelay(delay);
    return s;
  }
  void runTo(Duration t) { kernel.runUntil(start + t); }
  // A syncer whose provider confirmed `address` (one call made).
  std::unique_ptr<Syncer> holding(const std::string& address, Duration delay) {
    auto s = make(delay);
    s->setDesired(RecordType::A, address);
    kernel.runUntil(kernel.now() + delay);
    provider.succeed();
    EXPECT_EQ(s->status(), SyncStatus::Synced);
    return s;
  }
};

TEST_F(SyncerWindowTest, TwoChangesInsideTheWindowCostOnePushOfTheLatest) {
  auto syncer = holding("37.59.102.26", seconds{15});  // the sorry server, as at HH:40
  const size_t before = provider.calls.size();
  // HH:00: the backup recovers first, the main a few seconds later.
  syncer->setDesired(RecordType::A, "51.158.104.109");
  runTo(seconds{18});
  syncer->setDesired(RecordType::A, "116.202.27.149");
  EXPECT_NE(syncer->status(), SyncStatus::Synced) << "synced must mean the latest address";
  runTo(seconds{29});
  EXPECT_EQ(provider.calls.size(), before) << "nothing leaves before the window ends";
  runTo(seconds{30});
  ASSERT_EQ(provider.calls.size(), before + 1);
  EXPECT_EQ(provider.calls.back().address, "116.202.27.149");
  EXPECT_EQ(provider.calls.back().at, start + seconds{30}) << "the window is counted from the first change";
  provider.succeed();
  EXPECT_EQ(syncer->status(), SyncStatus::Synced);
  EXPECT_EQ(heldA(*syncer), "116.202.27.149");
}

TEST_F(SyncerWindowTest, WithoutADelayEveryChangeIsPushed) {
  auto syncer = holding("37.59.102.26", Duration{0});
  const size_t before = provider.calls.size();
  syncer->setDesired(RecordType::A, "51.158.104.109");
  runTo(seconds{0});
  provider.succeed();
  syncer->setDesired(RecordType::A, "116.202.27.149");
  runTo(seconds{0});
  provider.succeed();
  EXPECT_EQ(provider.calls.size(), before + 2);
}

TEST_F(SyncerWindowTest, ChangesThatCancelOutInsideTheWindowPushNothing) {
  auto syncer = holding("116.202.27.149", seconds{15});
  const size_t before = provider.calls.size();
  syncer->setDesired(RecordType::A, "51.158.104.109");
  runTo(seconds{20});
  syncer->setDesired(RecordType::A, "116.202.27.149");
  runTo(seconds{60});
  EXPECT_EQ(provider.calls.size(), before);
  EXPECT_EQ(syncer->status(), SyncStatus::Synced);
  EXPECT_EQ(heldA(*syncer), "116.202.27.149");
}

TEST_F(SyncerWindowTest, AChangeDuringAnInFlightPushIsPushedAfterItNeverBefore) {
  auto syncer = make(seconds{10});
  syncer->setDesired(RecordType::A, "1.1.1.1");
  runTo(seconds{10});
  ASSERT_EQ(provider.calls.size(), 1u);
  syncer->setDesired(RecordType::A, "2.2.2.2");  // opens a new window while 1.1.1.1 is in flight
  runTo(seconds{30});
  EXPECT_EQ(provider.calls.size(), 1u) << "one push at a time";
  provider.succeed();
  EXPECT_NE(syncer->status(), SyncStatus::Synced);
  runTo(seconds{31});
  ASSERT_EQ(provider.calls.size(), 2u);
  EXPECT_EQ(provider.calls[1].address, "2.2.2.2");
  provider.succeed();
  EXPECT_EQ(syncer->status(), SyncStatus::Synced);
}

TEST_F(SyncerWindowTest, ForcePushDoesNotWaitForTheWindow) {
  auto syncer = holding("1.1.1.1", seconds{30});
  const size_t before = provider.calls.size();
  syncer->setDesired(RecordType::A, "2.2.2.2");
  runTo(seconds{31});
  syncer->forcePush();
  runTo(seconds{31});
  ASSERT_EQ(provider.calls.size(), before + 1);
  EXPECT_EQ(provider.calls.back().address, "2.2.2.2");
  EXPECT_EQ(provider.calls.back().at, start + seconds{31});
}

TEST_F(SyncerWindowTest, ARestartKeepsTheOpenWindowAndItsLatestAddress) {
  auto first = holding("37.59.102.26", seconds{15});
  const size_t before = provider.calls.size();
  first->setDesired(RecordType::A, "51.158.104.109");
  runTo(seconds{20});
  first->setDesired(RecordType::A, "116.202.27.149");
  SchemeState state;
  first->captureState(state);
  first.reset();  // the process dies inside the window

  runTo(seconds{25});
  auto second = make(seconds{15});
  second->restoreState(state);
  runTo(seconds{29});
  second->setDesired(RecordType::A, "51.158.104.109");  // one more change joins the restored window
  runTo(seconds{29});
  EXPECT_EQ(provider.calls.size(), before);
  runTo(seconds{30});
  ASSERT_EQ(provider.calls.size(), before + 1) << "the restored window ends when the stored one did";
  EXPECT_EQ(provider.calls.back().address, "51.158.104.109");
  EXPECT_EQ(provider.calls.back().at, start + seconds{30});
}

TEST_F(SyncerWindowTest, DryRunNeverCallsTheProviderAndStaysOwed) {
  auto syncer = make(Duration{0});
  syncer->setDryRun(true);
  syncer->setDesired(RecordType::A, "1.1.1.1");
  runTo(seconds{1});
  syncer->setDesired(RecordType::A, "2.2.2.2");
  runTo(seconds{2});
  syncer->forcePush();
  runTo(seconds{3600});
  EXPECT_TRUE(provider.calls.empty());
  EXPECT_EQ(trace.count(EventType::WouldPush), 3u);
  EXPECT_EQ(trace.count(EventType::Push), 0u);
  EXPECT_EQ(syncer->status(), SyncStatus::DryRun);
  EXPECT_TRUE(syncer->providerHolds().empty());
  EXPECT_EQ(syncer->pushesSent(), 0u);

  // A real run started from the dry run's state still owes the push.
  SchemeState state;
  syncer->captureState(state);
  EXPECT_TRUE(!state.owed.empty());
  EXPECT_FALSE(!state.providerHolds.empty());
  syncer.reset();
  auto real = make(Duration{0});
  real->restoreState(state);
  runTo(seconds{3601});
  ASSERT_EQ(provider.calls.size(), 1u);
  EXPECT_EQ(provider.calls[0].address, "2.2.2.2");
}

}  // namespace
}  // namespace dnsfailover
