#pragma once
// Swarm mode (swarm testing, as FoundationDB's simulation and TigerBeetle's
// VOPR do it): each seed also draws which fault kinds are switched on for the
// run and how hard they hit, so across many seeds some runs meet few faults
// at high rates and others many at once. A fixed mix of every fault at a
// medium rate tends to mask the bugs that one fault alone exposes.
//
// The draw is a pure function of (scenario, seed): the same seed draws the
// same faults, and `dnsfailover sim SCENARIO --seed N --swarm` replays it.
//
// The drawn faults are added to the scenario's own timeline and all heal by
// half the run. The scenario's expectations describe its happy path, so in
// swarm mode only the ones that hold under any fault stay (no stale record,
// no push after restart, complete history), plus:
// - no_stale_record for every scheme;
// - the scenario's record_follows_truth, judged only from the instant the
//   engine must have caught up after the heal (the slowest backoff step and
//   the longest provider hold-off later); skipped when that is past the end.
// push_spacing is not kept: its bound is the scenario's (bad-credentials
// expects the slow end of the backoff after badauth), and a drawn timeout or
// 5xx is rightly retried at the fast end.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace dnsfailover::sim {

struct SwarmDraw {
  Scenario scenario;    // the base scenario with the drawn faults and the swarm expectations
  std::vector<std::string> kinds;  // the fault kinds drawn on, in draw order
  std::string summary;  // which kinds are on and at what rate, for people: "provider_errors 0.31, partition ..."
};

SwarmDraw drawSwarm(const Scenario& base, uint64_t seed);

}  // namespace dnsfailover::sim
