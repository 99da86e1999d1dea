// Goal: okerr's selection rule, including the fallback when nothing is OK.

#include <gtest/gtest.h>

#include "engine/selector/selector.h"

namespace dnsfailover {
namespace {

TEST(Selector, PicksHighestPriorityOk) {
  const std::vector<MemberState> m = {{85, Status::Ok, false}, {100, Status::Ok, false}, {95, Status::Ok, false}};
  EXPECT_EQ(selectMember(m), 1u);
}

TEST(Selector, SkipsErrAndMaintenance) {
  const std::vector<MemberState> m = {{100, Status::Err, false}, {95, Status::Ok, true}, {85, Status::Ok, false}};
  EXPECT_EQ(selectMember(m), 2u);
}

TEST(Selector, FallsBackToHighestPriorityWhenNoneQualifies) {
  const std::vector<MemberState> m = {{85, Status::Err, false}, {100, Status::Unknown, false}, {95, Status::Ok, true}};
  EXPECT_EQ(selectMember(m), 1u);
}

TEST(Selector, EmptyHasNoChoice) { EXPECT_FALSE(selectMember({})); }

}  // namespace
}  // namespace dnsfailover
