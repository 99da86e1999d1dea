#include "engine/sites/quorum.h"

#include <cassert>

namespace dnsfailover {

QuorumTally tallyVotes(std::span<const SiteVote> votes) {
  QuorumTally tally;
  for (const SiteVote& vote : votes) {
    if (!vote.voting) continue;
    if (vote.status == Status::Ok) ++tally.okVotes;
    if (vote.status == Status::Err) ++tally.errVotes;
  }
  return tally;
}

std::optional<Status> judgeQuorum(const QuorumRule& rule, const QuorumTally& tally) {
  assert(tally.okVotes >= 0 && tally.errVotes >= 0);
  if (tally.voters() == 0) return std::nullopt;
  bool err = false;
  switch (rule.kind) {
    case QuorumRule::Kind::Majority:
      err = tally.errVotes * 2 > tally.voters();
      break;
    case QuorumRule::Kind::AtLeast:
      assert(rule.atLeast >= 1);
      err = tally.errVotes >= rule.atLeast;
      break;
  }
  return err ? Status::Err : Status::Ok;
}

}  // namespace dnsfailover
