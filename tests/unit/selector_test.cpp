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

// selectAnswer: the answer rule (answer_rule.h) as a table.
TEST(SelectAnswer, OneIsOkerrsRule) {
  const std::vector<MemberState> m = {{85, Status::Ok, false}, {100, Status::Err, false}, {95, Status::Ok, false}};
  EXPECT_EQ(selectAnswer(m, {}), (std::vector<size_t>{2}));
}

TEST(SelectAnswer, AllHealthyByPriorityWithAnOptionalCap) {
  const std::vector<MemberState> m = {
      {85, Status::Ok, false}, {100, Status::Ok, false}, {95, Status::Err, false}, {90, Status::Ok, true}, {99, Status::Ok, false}};
  EXPECT_EQ(selectAnswer(m, {AnswerMode::AllHealthy, 0, {}}), (std::vector<size_t>{1, 4, 0}));
  EXPECT_EQ(selectAnswer(m, {AnswerMode::AllHealthy, 2, {}}), (std::vector<size_t>{1, 4}));
}

TEST(SelectAnswer, WhenAllDown) {
  const std::vector<MemberState> m = {{85, Status::Err, false}, {100, Status::Unknown, false}, {95, Status::Ok, true}};
  EXPECT_EQ(selectAnswer(m, {AnswerMode::AllHealthy, 0, WhenAllDown::HighestPriority}), (std::vector<size_t>{1}));
  EXPECT_EQ(selectAnswer(m, {AnswerMode::One, 0, WhenAllDown::Keep}), std::nullopt);
  EXPECT_EQ(selectAnswer(m, {AnswerMode::One, 0, WhenAllDown::None}), std::vector<size_t>{});
  EXPECT_EQ(selectAnswer({}, {}), std::nullopt);
}

}  // namespace
}  // namespace dnsfailover
