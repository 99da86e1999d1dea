// Goal: over generated worlds and fault timelines, the whole system keeps
// its promises. Each property prints, on failure, the seed and the
// `dnsfailover sim` command that replays the (shrunk) counterexample.
//
// Worlds are IPv4, IPv6 or dual stack, with one or all healthy answers.
//
//  - liveness: once faults heal, the provider's records follow the
//    selection of the true server states within the bound the policy implies;
//  - safety: the record never goes back to an older selection's address;
//  - the provider is never called more often than the backoff allows;
//  - the selection equals the reference rule at every instant (per record
//    type, with the world's answer rule: multivalue, keep, none);
//  - determinism: the same seed gives the same trace;
//  - across engine crashes at random instants (also with a push in flight)
//    and restarts from the store, liveness, no-stale and backoff still hold,
//    the history holds every event emitted before each crash, and a restart
//    pushes nothing the provider already held.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>

#include "engine/selector/selector.h"
#include "sim/expectations.h"
#include "sim/record_order.h"
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
  if (!sim::recordOrderApplies(world.rule.mode)) return;
  const sim::RecordOrderVerdict verdict = sim::judgeRecordOrder(run.events, "", "");
  if (verdict.failure) fail(world, property, *verdict.failure);
}

void checkBackoff(const GeneratedWorld& world, const GeneratedRun& run, const std::string& property) {
  // Per record type: the syncer pushes the types one after the other, each
  // with its own run of failures.
  std::map<std::string, std::optional<TimePoint>> last;
  std::map<std::string, int> failures;
  for (const TraceEvent& e : run.events) {
    if (e.type == EventType::Selection || e.type == EventType::ForcePush) {
      // A new choice (or a forced push) resets the backoff of every type.
      last.clear();
      failures.clear();
      continue;
    }
    if (e.type != EventType::Push) continue;
    const std::string rtype = sim::recordTypeOf(e);
    int& failed = failures[rtype];
    std::optional<TimePoint>& previous = last[rtype];
    // A superseded push is followed at once by the newer address's push.
    if (previous && failed > 0) {
      const Duration allowed = world.backoff[std::min<size_t>(failed - 1, world.backoff.size() - 1)];
      if (e.t - *previous < allowed) {
        fail(world, property, "pushes at " + formatIsoUtc(*previous) + " and " + formatIsoUtc(e.t) + " after " +
                                   std::to_string(failed) + " failures; the backoff allows " + formatDuration(allowed));
      }
    }
    previous = e.t;
    failed = e.flag(field::ok) || !e.text(field::supersededBy).empty() ? 0 : failed + 1;
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
    std::string rtype;
  };
  std::vector<Member> members;
  for (const auto& m : world.scenario["engine"]["schemes"][0]["members"]) {
    const std::string address = m["address"].get<std::string>();
    members.push_back({m["indicator"].get<std::string>(), m["priority"].get<int>(), address,
                       recordTypeName(addressRecordType(address).value_or(RecordType::A))});
  }
  std::map<std::string, Status> status;
  std::map<std::string, bool> maintenance;
  std::map<std::string, std::string> current;  // per record type, as selected
  // The rule's answer for one type, as a selection event lists it; nullopt = keep.
  auto reference = [&](const std::string& rtype) -> std::optional<std::string> {
    std::vector<MemberState> states;
    std::vector<const Member*> family;
    for (const Member& m : members) {
      if (m.rtype != rtype) continue;
      auto s = status.find(m.indicator);
      states.push_back({m.priority, s == status.end() ? Status::Unknown : s->second, maintenance[m.indicator]});
      family.push_back(&m);
    }
    const auto answer = selectAnswer(states, world.rule);
    if (!answer) return std::nullopt;
    std::string out;
    for (size_t k : *answer) out += (out.empty() ? "" : ",") + family[k]->address;
    return out;
  };
  for (size_t i = 0; i < run.events.size(); ++i) {
    const TraceEvent& e = run.events[i];
    if (e.type == EventType::IndicatorStatus) status[e.text(field::indicator)] = e.text(field::status) == "OK" ? Status::Ok : Status::Err;
    if (e.type == EventType::Maintenance) maintenance[e.text(field::indicator)] = e.flag(field::on);
    if (e.type == EventType::Selection) current[sim::recordTypeOf(e)] = e.text(field::address);
    // Judge once every event of this instant is in (the selection follows
    // the status change that caused it at the same instant).
    const bool instantEnds = i + 1 == run.events.size() || run.events[i + 1].t != e.t;
    if (!instantEnds) continue;
    for (const auto& [rtype, selected] : current) {
      const std::optional<std::string> want = reference(rtype);
      if (want && selected != *want) {
        fail(world, "reference", "at " + formatIsoUtc(e.t) + " the scheme selected " + rtype + " " + selected +
                                     " but the rule gives " + *want);
      }
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
