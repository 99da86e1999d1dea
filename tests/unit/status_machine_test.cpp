// Goal: the retry and recovery retry schedules behave exactly as okerr's
// policy describes.

#include <gtest/gtest.h>

#include "engine/monitor/status_machine.h"

namespace dnsfailover {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Policy policy(std::vector<Duration> retry, std::vector<Duration> recovery) {
  return Policy{"p", seconds{60}, std::move(retry), std::move(recovery)};
}

TEST(StatusMachine, FirstResultSetsStatusDirectly) {
  StatusMachine m(policy({seconds{20}}, {seconds{20}}));
  const StatusStep step = m.observe(false);
  EXPECT_TRUE(step.changed);
  EXPECT_EQ(m.status(), Status::Err);
  EXPECT_EQ(step.nextCheckIn, seconds{60});
}

TEST(StatusMachine, EmptyScheduleSwitchesOnFirstDifferingResult) {
  StatusMachine m(policy({}, {}));
  m.observe(true);
  EXPECT_TRUE(m.observe(false).changed);
  EXPECT_EQ(m.status(), Status::Err);
  EXPECT_TRUE(m.observe(true).changed);
}

TEST(StatusMachine, RetriesFollowTheScheduleBeforeSwitching) {
  StatusMachine m(policy({seconds{20}, minutes{5}}, {}));
  m.observe(true);
  StatusStep s = m.observe(false);
  EXPECT_FALSE(s.changed);
  EXPECT_EQ(s.nextCheckIn, seconds{20});
  s = m.observe(false);
  EXPECT_FALSE(s.changed);
  EXPECT_EQ(s.nextCheckIn, minutes{5});
  s = m.observe(false);
  EXPECT_TRUE(s.changed) << "the last retry failed too";
  EXPECT_EQ(m.status(), Status::Err);
  EXPECT_EQ(s.nextCheckIn, seconds{60});
}

TEST(StatusMachine, AnAgreeingResultResetsTheRetries) {
  StatusMachine m(policy({seconds{20}, seconds{30}}, {}));
  m.observe(true);
  m.observe(false);
  EXPECT_EQ(m.observe(true).nextCheckIn, seconds{60});
  EXPECT_EQ(m.retriesUsed(), 0u);
  EXPECT_EQ(m.observe(false).nextCheckIn, seconds{20}) << "a new disagreement starts the schedule over";
}

TEST(StatusMachine, RecoveryUsesItsOwnSchedule) {
  StatusMachine m(policy({}, {seconds{10}}));
  m.observe(false);
  StatusStep s = m.observe(true);
  EXPECT_FALSE(s.changed);
  EXPECT_EQ(s.nextCheckIn, seconds{10});
  EXPECT_TRUE(m.observe(true).changed);
  EXPECT_EQ(m.status(), Status::Ok);
}

}  // namespace
}  // namespace dnsfailover
