// Goal: the record-order judge (sim/record_order.h) fails exactly when no
// order of sending explains the record's values: flapping between two
// addresses is not staleness, an older push landing last is, and a late
// landing of an unanswered push passes only when the engine knew it could
// happen and promised a recheck.

#include <gtest/gtest.h>

#include "engine/core/time.h"
#include "engine/syncer/syncer.h"
#include "sim/record_order.h"

namespace dnsfailover::sim {
namespace {

using std::chrono::seconds;

constexpr const char* kA = "116.202.27.149";
constexpr const char* kB = "37.59.102.26";
constexpr const char* kFqdn = "cat.cf.okerr.com";

class RecordOrder : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T08:56:00Z");
  std::vector<TraceEvent> events;

  TimePoint at(double s) { return start + Duration{static_cast<int64_t>(s * 1000)}; }
  void select(double s, const char* address) { events.push_back(events::selection(at(s), "cat", address, 100, "x")); }
  void land(double s, const char* value) { events.push_back(events::record(at(s), kFqdn, "A", value)); }
  void failUnanswered(double s, const char* address) {
    events.push_back(events::push(at(s), "cat", address, false, "timed out after 10s"));
  }
  void confirm(double s, const char* address, bool recheck) {
    TraceEvent e = events::push(at(s), "cat", address, true, "good");
    if (recheck) e.with(field::recheckInS, 9.95);
    events.push_back(e);
  }
  RecordOrderVerdict judge() { return judgeRecordOrder(events, "cat", kFqdn); }
};

// Seed 664's pattern: the servers flap every 10 s and every push lands in
// the order it was sent, each a little after the selection moved on.
TEST_F(RecordOrder, FlappingLandingsInSendOrderAreNotStale) {
  select(2.957, kA);
  select(9.997, kB);
  land(20.347, kA);
  select(22.957, kA);
  select(29.997, kB);
  land(30.347, kB);
  land(40.347, kA);
  land(50.347, kB);
  const RecordOrderVerdict verdict = judge();
  EXPECT_FALSE(verdict.failure) << *verdict.failure;
  EXPECT_EQ(verdict.changes, 4);
  EXPECT_EQ(verdict.lateLandings, 0);
}

TEST_F(RecordOrder, AnOlderPushLandingLastIsStale) {
  select(0, kA);
  select(3, kB);
  land(10.05, kB);
  land(10.5, kA);
  const RecordOrderVerdict verdict = judge();
  ASSERT_TRUE(verdict.failure);
  EXPECT_NE(verdict.failure->find("went back to " + std::string(kA)), std::string::npos) << *verdict.failure;
}

TEST_F(RecordOrder, ALateLandingOfAnUnansweredPushPassesWhenTheEngineRechecks) {
  select(0, kA);
  select(3, kB);
  failUnanswered(10, kA);
  land(10.04, kB);
  confirm(10.05, kB, true);
  land(10.5, kA);
  land(20.05, kB);  // the engine's recheck
  const RecordOrderVerdict verdict = judge();
  EXPECT_FALSE(verdict.failure) << *verdict.failure;
  EXPECT_EQ(verdict.lateLandings, 1);
}

TEST_F(RecordOrder, ALateLandingOnTopOfAConfirmationWithoutARecheckFails) {
  select(0, kA);
  select(3, kB);
  failUnanswered(10, kA);
  land(10.04, kB);
  confirm(10.05, kB, false);  // "synced", though kA can still land
  land(10.5, kA);
  const RecordOrderVerdict verdict = judge();
  ASSERT_TRUE(verdict.failure);
  EXPECT_NE(verdict.failure->find("without a recheck"), std::string::npos) << *verdict.failure;
}

TEST_F(RecordOrder, ALandingLongAfterThePushFailedIsNotExcused) {
  const double failedAt = 10;
  const double tooLate = failedAt + static_cast<double>(Syncer::kRequestLifetime.count()) / 1000.0 + 1;
  select(0, kA);
  select(3, kB);
  failUnanswered(failedAt, kA);
  land(10.05, kB);
  land(tooLate, kA);
  const RecordOrderVerdict verdict = judge();
  ASSERT_TRUE(verdict.failure);
  EXPECT_NE(verdict.failure->find("went back to"), std::string::npos) << *verdict.failure;
}

TEST_F(RecordOrder, AValueNoSelectionNamedFails) {
  select(0, kA);
  land(1, "192.0.2.1");
  const RecordOrderVerdict verdict = judge();
  ASSERT_TRUE(verdict.failure);
  EXPECT_NE(verdict.failure->find("never selected"), std::string::npos) << *verdict.failure;
}

}  // namespace
}  // namespace dnsfailover::sim
