// Goal: the quorum rule, as a table: who votes, majority and at-least-k,
// ties, and what happens when nobody votes.

#include <gtest/gtest.h>

#include "engine/sites/quorum.h"

namespace dnsfailover {
namespace {

constexpr SiteVote ok{Status::Ok, true};
constexpr SiteVote err{Status::Err, true};
constexpr SiteVote staleErr{Status::Err, false};
constexpr SiteVote unknown{Status::Unknown, true};

const QuorumRule majority{};
QuorumRule atLeast(int64_t k) { return {QuorumRule::Kind::AtLeast, k}; }

std::optional<Status> judge(const QuorumRule& rule, std::vector<SiteVote> votes) {
  return judgeQuorum(rule, tallyVotes(votes));
}

TEST(Quorum, TallyCountsOnlyVotingSitesWithAResult) {
  const std::vector<SiteVote> votes = {ok, err, staleErr, unknown, err};
  EXPECT_EQ(tallyVotes(votes), (QuorumTally{1, 2}));
  EXPECT_EQ(tallyVotes(votes).voters(), 3);
}

TEST(Quorum, MajorityNeedsMoreThanHalfOfTheVoters) {
  EXPECT_EQ(judge(majority, {ok, ok, ok}), Status::Ok);
  EXPECT_EQ(judge(majority, {ok, ok, err}), Status::Ok);  // one site's own trouble changes nothing
  EXPECT_EQ(judge(majority, {ok, err, err}), Status::Err);
  EXPECT_EQ(judge(majority, {ok, err}), Status::Ok);  // a tie is not a majority
  EXPECT_EQ(judge(majority, {err}), Status::Err);
  // The stale site's ERR does not count: one OK against one ERR.
  EXPECT_EQ(judge(majority, {ok, err, staleErr}), Status::Ok);
}

TEST(Quorum, AtLeastKCountsErrVotesAlone) {
  EXPECT_EQ(judge(atLeast(1), {ok, ok, err}), Status::Err);
  EXPECT_EQ(judge(atLeast(2), {ok, ok, err}), Status::Ok);
  EXPECT_EQ(judge(atLeast(2), {ok, err, err}), Status::Err);
  EXPECT_EQ(judge(atLeast(2), {err, staleErr}), Status::Ok);
}

TEST(Quorum, NobodyVotingKeepsTheLastResult) {
  EXPECT_FALSE(judge(majority, {}).has_value());
  EXPECT_FALSE(judge(majority, {staleErr, unknown}).has_value());
  EXPECT_FALSE(judge(atLeast(1), {staleErr}).has_value());
}

}  // namespace
}  // namespace dnsfailover
