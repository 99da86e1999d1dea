#pragma once
// The judges of a multi-site world (docs/scenarios.md). They hold the sites
// against the fake etcd's own state (sim/coordination_world.h: who held the
// leader key, under which lease, until when by the fake's clock), the
// world's record of what each site sent to the providers
// (sim/site_network.h), the record's history at the provider and the
// servers' true states; the engines' word counts only where the question is
// what an engine believed.
//
// - one_leader: from `from` (the heal time) to the end, at every whole
//   second a live lease holds the leader key for a site that is running
//   (not paused, not dead), and no other site's engine claims to lead.
// - no_false_failover: the record of the scheme never moves off an address
//   whose server has been serving for the whole `grace` before (default
//   1 min) to a lower-priority one or to none.
// - handover_within: each time the site holding the lease dies (site_crash,
//   site_pause), a push by another site is answered within `within`.
// - no_push_without_lease: no site sends anything to a provider unless the
//   fake says it holds a live lease on the leader key at that instant.
//
// The stale-leader window (siteNotes): a lease that ran out (not revoked)
// while its site still believed it led (by its engine's leader events), from
// the moment it ran out by the fake's clock to the moment the site knew: its
// engine's own step-down, or at the latest its next request that reached the
// coordination service; with the requests it sent to providers meanwhile.
// An engine that steps down by its own clock before the lease runs out
// leaves no window; a paused one keeps believing until it resumes.

#include <string>
#include <vector>

#include "sim/expectations.h"

namespace dnsfailover::sim {

ExpectationResult evaluateSiteExpectation(const Expectation& expectation, const RunFacts& facts);

struct StaleLeaderWindow {
  std::string site;
  TimePoint expired{};  // the lease ran out, by the fake's clock
  TimePoint learnt{};   // the site's first contact with etcd since, or the run's end
  bool heard = false;   // false: it never learnt before the end
  int providerRequests = 0;  // sent by the site inside the window
};
std::vector<StaleLeaderWindow> staleLeaderWindows(const RunFacts& facts);

// One line per stale-leader window, for the run's summary.
std::vector<std::string> siteNotes(const RunFacts& facts);

}  // namespace dnsfailover::sim
