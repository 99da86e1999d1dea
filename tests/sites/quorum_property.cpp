// Goal: the quorum rule's promises hold for every mix of votes: a minority
// of ERR votes never makes ERR under majority; adding an OK vote never turns
// OK into ERR and adding an ERR vote never turns ERR into OK (monotone);
// sites that do not vote change nothing; the order of the sites does not
// matter.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "engine/sites/quorum.h"

namespace dnsfailover {
namespace {

rc::Gen<SiteVote> genVote() {
  return rc::gen::build<SiteVote>(
      rc::gen::set(&SiteVote::status, rc::gen::element(Status::Ok, Status::Err, Status::Unknown)),
      rc::gen::set(&SiteVote::voting, rc::gen::arbitrary<bool>()));
}

// 0 to 9 sites, like a config.
rc::Gen<std::vector<SiteVote>> genVotes() {
  return rc::gen::mapcat(rc::gen::inRange<size_t>(0, 10),
                         [](size_t n) { return rc::gen::container<std::vector<SiteVote>>(n, genVote()); });
}

rc::Gen<QuorumRule> genRule() {
  return rc::gen::oneOf(rc::gen::just(QuorumRule{}),
                        rc::gen::map(rc::gen::inRange<int64_t>(1, 10),
                                     [](int64_t k) { return QuorumRule{QuorumRule::Kind::AtLeast, k}; }));
}

std::optional<Status> judge(const QuorumRule& rule, const std::vector<SiteVote>& votes) {
  return judgeQuorum(rule, tallyVotes(votes));
}

RC_GTEST_PROP(QuorumProperty, AMinorityOfErrNeverMakesErrUnderMajority, ()) {
  const auto votes = *genVotes();
  const QuorumTally t = tallyVotes(votes);
  if (t.errVotes * 2 <= t.voters()) RC_ASSERT(judge(QuorumRule{}, votes) != std::optional<Status>(Status::Err));
}

RC_GTEST_PROP(QuorumProperty, MoreOkNeverTurnsOkIntoErr, ()) {
  const QuorumRule rule = *genRule();
  auto votes = *genVotes();
  const auto before = judge(rule, votes);
  votes.push_back({Status::Ok, true});
  const auto after = judge(rule, votes);
  RC_ASSERT(after.has_value());
  if (before == Status::Ok) RC_ASSERT(*after == Status::Ok);
}

RC_GTEST_PROP(QuorumProperty, MoreErrNeverTurnsErrIntoOk, ()) {
  const QuorumRule rule = *genRule();
  auto votes = *genVotes();
  const auto before = judge(rule, votes);
  votes.push_back({Status::Err, true});
  if (before == Status::Err) RC_ASSERT(judge(rule, votes) == std::optional<Status>(Status::Err));
}

RC_GTEST_PROP(QuorumProperty, SitesThatDoNotVoteChangeNothing, ()) {
  const QuorumRule rule = *genRule();
  auto votes = *genVotes();
  const auto before = judge(rule, votes);
  votes.push_back({*rc::gen::element(Status::Ok, Status::Err, Status::Unknown), false});
  votes.push_back({Status::Unknown, true});
  RC_ASSERT(judge(rule, votes) == before);
}

RC_GTEST_PROP(QuorumProperty, OrderDoesNotMatterAndNoVotersMeansNoResult, ()) {
  const QuorumRule rule = *genRule();
  auto votes = *genVotes();
  const auto before = judge(rule, votes);
  std::reverse(votes.begin(), votes.end());
  RC_ASSERT(judge(rule, votes) == before);
  RC_ASSERT(before.has_value() == (tallyVotes(votes).voters() > 0));
}

}  // namespace
}  // namespace dnsfailover
