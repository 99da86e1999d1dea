#pragma once
// The human summary of an explore result, printed by `explore` and by
// `merge`: failing seeds with their replay commands, the coverage marks the
// runs hit (and the ones they never hit), the swarm's fault kinds, totals.

#include "sim/exploration.h"

namespace dnsfailover::cli {

// `jobs` is the thread count of a local run, 0 for a merge.
void printExploreResult(const sim::ExploreResult& result, unsigned jobs);

}  // namespace dnsfailover::cli
