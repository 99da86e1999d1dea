// Goal: over generated worlds and fault timelines, the whole system keeps
// its promises. Each property prints, on failure, the seed and the
// `dnsfailover sim` command that replays the (shrunk) counterexample.
//
//  - liveness: once faults heal, the provider's record follows the
//    selection of the true server states within the bound the policy implies;
//  - safety: the record never goes back to an older selection's address;
//  - the provider is never called more often than the backoff allows;
//  - the selection equals the reference rule at every instant;
//  - determinism: the same seed gives the same trace;
//  - across engine crashes at random instants (also with a push in flight)
//    and restarts from the store, liveness, no-stale and backoff still hold,
//    the history holds every event emitted before each crash, and a restart
//    pushes nothing the provider already held.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "engine/selector/selector.h"
#include "sim/expectations.h"
#include "sim/scenario.h"
#include "tests/property/world_generator.h"

namespace dnsfailover::testing {
namespace {

void fail(const GeneratedWorld& world, const std::string& property, const std::string& why) {
  RC_FAIL(why + "\n  replay: " + replayCommand(world, property));
}

// The world carries its expectations (liveness first), so a replay judges them too.
void checkExpectations(const GeneratedWorld& world, const GeneratedRun& run, const std::string& property) {
  for (const sim::ExpectationResult& e : run.report.expectations) {
    if (!e.passed) fail(world, property, e.description + ": " + e.detail);
  }
}

void checkNoStale(const GeneratedWorld& world, const GeneratedRun& run, const std::string& property) {
  // Index of each selection; a record change must come from the newest
  // selection that named its value by then, and those indices never fall.
  std::vector<std::string> selected;
  size_t lastIndex = 0;
  bool seenPushedValue = false;
  for (const TraceEvent& e : run.events) {
    if (e.type == EventType::Selection) selected.push_back(e.text(field::address));
    if (e.type != EventType::Record || e.text(field::value).empty() || selected.empty()) continue;
    size_t index = selected.size();
    for (size_t i = selected.size(); i-- > 0;) {
      if (selected[i] == e.text(field::value)) {
        index = i;
        break;
      }
    }
    if (index == selected.size()) {
      fail(world, property, "the record took " + e.text(field::value) + " at " + formatIsoUtc(e.t) +
                                  ", which was never selected");
    }
    if (seenPushedValue && index < lastIndex) {
      fail(world, property, "at " + formatIsoUtc(e.t) + " the record went back to " + e.text(field::value) +
                                  " after a newer selection had landed");
    }
    lastIndex = index;
    seenPushedValue = true;
  }
}

void checkBackoff(const GeneratedWorld& world, const GeneratedRun& run, const std::string& property) {
  std::optional<TimePoint> last;
  int failures = 0;
  for (const TraceEvent& e : run.events) {
    if (e.type == EventType::Selection || e.type == EventType::ForcePush) {
      last.reset();
      failures = 0;
      continue;
    }
    if (e.type != EventType::Push) continue;
    // A superseded push is followed at once by the newer address's push.
    if (last && failures > 0) {
      const Duration allowed = world.backoff[std::min<size_t>(failures - 1, world.backoff.size() - 1)];
      if (e.t - *last < allowed) {
        fail(world, property, "pushes at " + formatIsoUtc(*last) + " and " + formatIsoUtc(e.t) + " after " +
                                   std::to_string(failures) + " failures; the backoff allows " + formatDuration(allowed));
      }
    }
    last = e.t;
    failures = e.flag(field::ok) || !e.text(field::supersededBy).empty() ? 0 : failures + 1;
  }
}

RC_GTEST_PROP(WorldProperty, ConvergesToTheTrueSelectionOnceFaultsHeal, ()) {
  const GeneratedWorld world = *genWorld();
  checkExpectations(world, runWorld(world), "liveness");
}

RC_GTEST_PROP(WorldProperty, NeverGoesBackToAnOlderSelection, ()) {
  const GeneratedWorld world = *genWorld();
  checkNoStale(world, runWorld(world), "no-stale");
}

RC_GTEST_PROP(WorldProperty, ProviderCallsRespectTheBackoff, ()) {
  const GeneratedWorld world = *genWorld();
  checkBackoff(world, runWorld(world), "backoff");
}

RC_GTEST_PROP(CrashProperty, RestartsFromTheStoreKeepEveryPromise, ()) {
  const GeneratedWorld world = *genWorld({.crashes = true});
  const GeneratedRun run = runWorld(world);
  // Liveness, history_complete and no_push_after_restart are in the world.
  checkExpectations(world, run, "crash");
  checkNoStale(world, run, "crash");
  checkBackoff(world, run, "crash");
}

RC_GTEST_PROP(WorldProperty, SelectionEqualsTheReferenceRuleAtEveryInstant, ()) {
  const GeneratedWorld world = *genWorld();
  const GeneratedRun run = runWorld(world);
  struct Member {
    std::string indicator;
    int priority;
    std::string address;
  };
  std::vector<Member> members;
  for (const auto& m : world.scenario["engine"]["schemes"][0]["members"]) {
    members.push_back({m["indicator"].get<std::string>(), m["priority"].get<int>(), m["address"].get<std::string>()});
  }
  std::map<std::string, Status> status;
  std::map<std::string, bool> maintenance;
  std::optional<std::string> current;
  auto reference = [&] {
    std::vector<MemberState> states;
    for (const Member& m : members) {
      auto s = status.find(m.indicator);
      states.push_back({m.priority, s == status.end() ? Status::Unknown : s->second, maintenance[m.indicator]});
    }
    return members[*selectMember(states)].address;
  };
  for (size_t i = 0; i < run.events.size(); ++i) {
    const TraceEvent& e = run.events[i];
    if (e.type == EventType::IndicatorStatus) status[e.text(field::indicator)] = e.text(field::status) == "OK" ? Status::Ok : Status::Err;
    if (e.type == EventType::Maintenance) maintenance[e.text(field::indicator)] = e.flag(field::on);
    if (e.type == EventType::Selection) current = e.text(field::address);
    // Judge once every event of this instant is in (the selection follows
    // the status change that caused it at the same instant).
    const bool instantEnds = i + 1 == run.events.size() || run.events[i + 1].t != e.t;
    if (instantEnds && current && *current != reference()) {
      fail(world, "reference", "at " + formatIsoUtc(e.t) + " the scheme selected " + *current +
                                   " but the rule gives " + reference());
    }
  }
}

RC_GTEST_PROP(WorldProperty, SameSeedSameTrace, ()) {
  const GeneratedWorld world = *genWorld();
  const GeneratedRun first = runWorld(world);
  const GeneratedRun second = runWorld(world);
  if (first.traceJson != second.traceJson) fail(world, "determinism", "two runs with the same seed differ");
}

}  // namespace
}  // namespace dnsfailover::testing
