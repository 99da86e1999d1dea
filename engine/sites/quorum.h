#pragma once
// The quorum rule, pure: the votes of the sites about one indicator -> the
// indicator's quorum result, which is what feeds its status machine (so
// okerr's retry and recovery schedules apply to the quorum result, not to
// each site's raw result).
//
// Rules:
// - only voting sites count: a site whose newest report is stale, or whose
//   own sanity check fails, does not vote; a site that has no result yet
//   (UNKNOWN) does not vote either;
// - majority: ERR when more than half of the voters see ERR (a tie is OK:
//   failing over needs a majority, so the monitors' own trouble at a
//   minority of sites changes nothing);
// - at least k: ERR when k or more voters see ERR, whatever the others say;
// - no voter at all: no result; the caller keeps the last one (nobody can
//   see, so nothing is known to have changed).

#include <cstdint>
#include <optional>
#include <span>

#include "engine/config/sites_config.h"
#include "engine/monitor/status_machine.h"

namespace dnsfailover {

struct SiteVote {
  Status status = Status::Unknown;  // the site's raw result
  bool voting = false;              // fresh and sane
};

struct QuorumTally {
  int64_t okVotes = 0;
  int64_t errVotes = 0;
  int64_t voters() const { return okVotes + errVotes; }
  bool operator==(const QuorumTally&) const = default;
};

QuorumTally tallyVotes(std::span<const SiteVote> votes);

// Ok or Err; nullopt when nobody votes (keep the last result).
std::optional<Status> judgeQuorum(const QuorumRule& rule, const QuorumTally& tally);

}  // namespace dnsfailover
