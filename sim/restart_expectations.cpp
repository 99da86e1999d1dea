#include "sim/restart_expectations.h"

#include <algorithm>
#include <limits>

#include "engine/ports/trace_events.h"
#include "engine/ports/trace_json.h"

namespace dnsfailover::sim {
namespace {

size_t writesIn(const std::vector<TimePoint>& writes, TimePoint from, TimePoint to, TimePoint* first) {
  const auto begin = std::lower_bound(writes.begin(), writes.end(), from);
  const auto end = std::lower_bound(writes.begin(), writes.end(), to);
  if (begin != end && first != nullptr) *first = *begin;
  return static_cast<size_t>(end - begin);
}

}  // namespace

ExpectationResult noPushAfterRestart(const Expectation& e, const RunFacts& facts) {
  const SchemeConfig* scheme = nullptr;
  for (const SchemeConfig& s : facts.scenario.engine.schemes) {
    if (s.name == e.scheme) scheme = &s;
  }
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};
  if (facts.events == nullptr) return {e.path, e.describe(), false, "the run kept no events"};
  const std::vector<TimePoint>& writes = facts.world.providerWrites(providerName(scheme->provider));
  const RecordHistory record = recordHistory(facts.zones, scheme->fqdn, "A");

  std::string selected;                    // the newest selection's address
  std::optional<TimePoint> confirmedAt;    // its last confirmed push
  std::optional<TimePoint> crashAt;        // the crash waiting for its restart
  bool heldAtCrash = false;
  int restarts = 0, judged = 0;
  // A restart whose provider already held the selection, until the next selection.
  std::optional<TimePoint> watchFrom;

  auto closeWatch = [&](TimePoint until) -> std::optional<ExpectationResult> {
    if (!watchFrom) return std::nullopt;
    TimePoint first{};
    const size_t n = writesIn(writes, *watchFrom, until, &first);
    const TimePoint from = *watchFrom;
    watchFrom.reset();
    if (n == 0) return std::nullopt;
    return ExpectationResult{e.path, e.describe(), false,
                             "after the restart at " + formatIsoUtc(from) + " the provider already held " + selected +
                                 ", yet " + std::to_string(n) + " update request(s) reached it, the first at " +
                                 formatIsoUtc(first)};
  };

  for (const TraceEvent& event : *facts.events) {
    if (event.type == EventType::Selection && event.text(field::scheme) == e.scheme) {
      if (auto failed = closeWatch(event.t)) return *failed;
      selected = event.text(field::address);
      confirmedAt.reset();
    } else if (event.type == EventType::ForcePush && event.text(field::scheme) == e.scheme) {
      // An operator asked for a push: from here on it is owed.
      if (auto failed = closeWatch(event.t)) return *failed;
    } else if (event.type == EventType::Push && event.text(field::scheme) == e.scheme && event.flag(field::ok) &&
               event.text(field::address) == selected) {
      confirmedAt = event.t;
    } else if (event.type == EventType::EngineCrash) {
      if (auto failed = closeWatch(event.t)) return *failed;
      crashAt = event.t;
      heldAtCrash = !selected.empty() && confirmedAt && valueAt(record, event.t) == selected;
    } else if (event.type == EventType::EngineStart && event.flag(field::resumed) && crashAt) {
      ++restarts;
      // Nothing may have been sent after the confirmation, up to the restart:
      // a request in flight at the crash makes a repeat legitimate.
      if (heldAtCrash && writesIn(writes, *confirmedAt + Duration{1}, event.t, nullptr) == 0) {
        ++judged;
        watchFrom = event.t;
      }
      crashAt.reset();
    }
  }
  if (auto failed = closeWatch(facts.end)) return *failed;
  if (restarts == 0) return {e.path, e.describe(), false, "the engine never restarted from its store"};
  return {e.path, e.describe(), true,
          std::to_string(restarts) + " restart(s), " + std::to_string(judged) +
              " with the provider holding the selection: no update request after any of them"};
}

ExpectationResult historyComplete(const Expectation& e, const RunFacts& facts) {
  if (facts.store == nullptr || facts.engineEvents == nullptr) {
    return {e.path, e.describe(), false, "the run had no store"};
  }
  HistoryQuery all;
  all.limit = std::numeric_limits<size_t>::max();
  const std::vector<HistoryRow> rows = facts.store->history(all);
  const std::vector<TraceEvent>& emitted = *facts.engineEvents;
  if (rows.size() > emitted.size()) {
    return {e.path, e.describe(), false,
            "the history holds " + std::to_string(rows.size()) + " events, the engine emitted only " +
                std::to_string(emitted.size())};
  }
  const size_t offset = emitted.size() - rows.size();  // dropped by retention
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0 && rows[i].seq <= rows[i - 1].seq) {
      return {e.path, e.describe(), false, "history sequence numbers go back at row " + std::to_string(i)};
    }
    const std::string want = traceEventJson(emitted[offset + i]);
    const std::string got = traceEventJson(rows[i].event);
    if (want != got) {
      return {e.path, e.describe(), false,
              "history row " + std::to_string(i) + " is " + got + "; the engine emitted " + want};
    }
  }
  if (rows.empty()) return {e.path, e.describe(), false, "the history is empty"};
  return {e.path, e.describe(), true,
          std::to_string(rows.size()) + " events in the history" +
              (offset > 0 ? " (" + std::to_string(offset) + " older ones dropped by retention)" : std::string{})};
}

}  // namespace dnsfailover::sim
