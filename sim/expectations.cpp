#include "sim/expectations.h"

#include <algorithm>

#include "engine/selector/selector.h"
#include "sim/world_observer.h"
#include "sim/dns_expectations.h"
#include "sim/restart_expectations.h"

namespace dnsfailover::sim {
namespace {

const SchemeConfig* findScheme(const Scenario& s, const std::string& name) {
  for (const SchemeConfig& scheme : s.engine.schemes) {
    if (scheme.name == name) return &scheme;
  }
  return nullptr;
}

// The address the selection rule picks from the servers' true states.
std::string trueAddress(const RunFacts& facts, const SchemeConfig& scheme, TimePoint t) {
  std::vector<MemberState> states;
  for (const MemberConfig& m : scheme.members) {
    const IndicatorConfig* indicator = facts.scenario.engine.findIndicator(m.indicator);
    const bool maintenance = indicator != nullptr && indicator->maintenance;
    const bool serving = facts.truth ? facts.truth->servingAt(m.address, t) : facts.world.serving(m.address, t);
    states.push_back({m.priority, serving ? Status::Ok : Status::Err, maintenance});
  }
  const auto choice = selectMember(states);
  return choice ? scheme.members[*choice].address : std::string{};
}

ExpectationResult recordFollowsTruth(const Expectation& e, const RunFacts& facts) {
  ExpectationResult result{e.path, e.describe(), true, {}};
  const SchemeConfig* scheme = findScheme(facts.scenario, e.scheme);
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};
  const RecordHistory history = recordHistory(facts.zones, scheme->fqdn, "A");

  // Segments of constant truth: [segmentStart, segmentEnd).
  const TimePoint windowStart = facts.start + e.from.value_or(Duration{0});
  const TimePoint windowEnd = e.until ? std::min(facts.end, facts.start + *e.until) : facts.end;
  std::vector<TimePoint> cuts;
  cuts.push_back(windowStart);
  const std::vector<TimePoint> changes =
      facts.truth ? facts.truth->changeTimes() : facts.world.truthChanges(facts.start, facts.end);
  for (TimePoint t : changes) {
    if (t > windowStart && t < windowEnd) cuts.push_back(t);
  }
  cuts.push_back(windowEnd);
  Duration worst{0};
  Duration total{0};
  int measured = 0;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const TimePoint from = cuts[i];
    const TimePoint to = cuts[i + 1];
    if (from == to) continue;
    const std::string want = trueAddress(facts, *scheme, from);
    // The first instant in [from, to) from which the record holds `want`
    // for the rest of the segment.
    std::optional<TimePoint> settled;
    if (valueAt(history, from) == want) settled = from;
    for (auto it = firstChangeAfter(history, from); it != history.end() && it->first < to; ++it) {
      if (it->second == want) {
        if (!settled) settled = it->first;
      } else {
        settled.reset();
      }
    }
    const Duration length = to - from;
    if (!settled) {
      if (length > e.within) {
        result.passed = false;
        result.detail = "from " + formatIsoUtc(from) + " the servers' states call for " + want +
                        " but the record held " + valueAt(history, from) + " until " + formatIsoUtc(to) + ")";
        return result;
      }
      continue;
    }
    const Duration lag = *settled - from;
    worst = std::max(worst, lag);
    total += lag;
    ++measured;
    if (lag > e.within) {
      result.passed = false;
      result.detail = "at " + formatIsoUtc(from) + " the servers' states call for " + want +
                      "; the record followed only after " + formatDuration(lag);
      return result;
    }
  }
  result.detail = std::to_string(measured) + " truth segments, lag max " + formatDuration(worst) + ", mean " +
                  formatDuration(measured ? total / measured : Duration{0});
  return result;
}

ExpectationResult recordAt(const Expectation& e, const RunFacts& facts) {
  ExpectationResult result{e.path, e.describe(), true, {}};
  const RecordHistory history = recordHistory(facts.zones, e.fqdn, recordTypeName(e.recordType));
  int checked = 0;
  const TimePoint last = e.until ? std::min(facts.end, facts.start + *e.until) : facts.end;
  for (TimePoint t = facts.start + e.at; t <= last; t += e.every.value_or(Duration{0})) {
    const std::string held = valueAt(history, t);
    ++checked;
    if (held != e.address) {
      result.passed = false;
      result.detail = "at " + formatIsoUtc(t) + " the record held \"" + held + "\"";
      return result;
    }
    if (!e.every || e.every->count() <= 0) break;
  }
  if (checked == 0) {
    result.passed = false;
    result.detail = "the run ended before the first check time";
    return result;
  }
  result.detail = std::to_string(checked) + " instants checked";
  return result;
}

ExpectationResult recordNever(const Expectation& e, const RunFacts& facts) {
  const RecordHistory history = recordHistory(facts.zones, e.fqdn, recordTypeName(e.recordType));
  const TimePoint from = facts.start + e.from.value_or(Duration{0});
  const TimePoint until = e.until ? facts.start + *e.until : facts.end;
  if (valueAt(history, from) == e.address) {
    return {e.path, e.describe(), false, "the record held it at " + formatIsoUtc(from)};
  }
  for (auto it = firstChangeAfter(history, from); it != history.end() && it->first <= until; ++it) {
    if (it->second == e.address) {
      return {e.path, e.describe(), false, "the record took it at " + formatIsoUtc(it->first)};
    }
  }
  return {e.path, e.describe(), true, "from " + formatIsoUtc(from) + " to " + formatIsoUtc(until)};
}

bool matches(const TraceEvent& event, const Expectation& e) {
  if (event.type != e.eventType) return false;
  for (const auto& [key, want] : e.where) {
    const TraceValue* have = event.field(key);
    if (have == nullptr || *have != want) return false;
  }
  return true;
}

ExpectationResult eventCount(const Expectation& e, const RunFacts& facts) {
  int64_t count = 0;
  std::optional<TimePoint> first;
  if (facts.events != nullptr) {
    for (const TraceEvent& event : *facts.events) {
      if (!matches(event, e)) continue;
      if (!first) first = event.t;
      ++count;
    }
  }
  const bool ok = count >= e.min && count <= e.max;
  return {e.path, e.describe(), ok,
          std::to_string(count) + " matching events" + (first ? ", first at " + formatIsoUtc(*first) : "")};
}

// Pushes for one selection (no selection change between them) must be at
// least `minSpacing` apart: a broken backoff would hammer the provider.
ExpectationResult pushSpacing(const Expectation& e, const RunFacts& facts) {
  // A plain flag and instant rather than std::optional: GCC 12 at -O3 warns
  // (wrongly) that the optional may be used uninitialised here.
  bool havePush = false;
  TimePoint lastPush{};
  Duration tightest = Duration::max();
  int pairs = 0;
  if (facts.events == nullptr) return {e.path, e.describe(), false, "the run kept no events"};
  for (const TraceEvent& event : *facts.events) {
    if (event.text(field::scheme) != e.scheme) continue;
    if (event.type == EventType::Selection || event.type == EventType::ForcePush) {
      havePush = false;
    } else if (event.type == EventType::Push) {
      if (havePush) {
        ++pairs;
        tightest = std::min(tightest, event.t - lastPush);
        if (event.t - lastPush < e.minSpacing) {
          return {e.path, e.describe(), false,
                  "pushes at " + formatIsoUtc(lastPush) + " and " + formatIsoUtc(event.t) + " for one selection"};
        }
      }
      havePush = true;
      lastPush = event.t;
    }
  }
  return {e.path, e.describe(), true,
          std::to_string(pairs) + " retries" + (pairs ? ", closest " + formatDuration(tightest) + " apart" : "")};
}

// Each value the record takes must come from the newest selection that
// named it so far, and those selections must never go back in time: an
// older push landing after a newer one is exactly this failure.
ExpectationResult noStaleRecord(const Expectation& e, const RunFacts& facts) {
  const SchemeConfig* scheme = schemeNamed(facts, e.scheme);
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};
  if (facts.events == nullptr) return {e.path, e.describe(), false, "the run kept no events"};
  std::vector<std::string> selected;
  std::optional<size_t> lastIndex;
  int changes = 0;
  for (const TraceEvent& event : *facts.events) {
    if (event.type == EventType::Selection && event.text(field::scheme) == e.scheme) {
      selected.push_back(event.text(field::address));
    }
    if (event.type != EventType::Record || event.text(field::fqdn) != scheme->fqdn || event.text(field::value).empty()) {
      continue;
    }
    if (selected.empty()) continue;  // the zone's initial value
    size_t index = selected.size();
    for (size_t i = selected.size(); i-- > 0;) {
      if (selected[i] == event.text(field::value)) {
        index = i;
        break;
      }
    }
    if (index == selected.size()) {
      return {e.path, e.describe(), false,
              "at " + formatIsoUtc(event.t) + " the record took " + event.text(field::value) + ", which was never selected"};
    }
    if (lastIndex && index < *lastIndex) {
      return {e.path, e.describe(), false,
              "at " + formatIsoUtc(event.t) + " the record went back to " + event.text(field::value) + " after " +
                  selected[*lastIndex] + " had landed"};
    }
    lastIndex = index;
    ++changes;
  }
  return {e.path, e.describe(), true, std::to_string(changes) + " record changes, in selection order"};
}

ExpectationResult selectionCount(const Expectation& e, const RunFacts& facts) {
  auto it = facts.selections.find(e.scheme);
  const auto count = static_cast<int64_t>(it == facts.selections.end() ? 0 : it->second);
  int64_t min = e.min, max = e.max;
  if (e.per && e.per->count() > 0) {
    // Whole periods only: a partial last period may hold fewer changes.
    const int64_t periods = std::max<int64_t>(1, (facts.end - facts.start) / *e.per);
    min = e.min * periods;
    max = e.max == INT64_MAX ? INT64_MAX : e.max * ((facts.end - facts.start + *e.per - Duration{1}) / *e.per);
  }
  const bool ok = count >= min && count <= max;
  return {e.path, e.describe(), ok,
          std::to_string(count) + " selection changes" +
              (e.per ? " (bounds over the run: [" + std::to_string(min) + ", " + std::to_string(max) + "])" : "")};
}

}  // namespace

RecordHistory recordHistory(const fakes::ZoneStore& zones, const std::string& fqdn, const std::string& type) {
  RecordHistory history;
  for (const fakes::RecordChange& change : zones.changes()) {
    if (change.name == fqdn && change.type == type) history.emplace_back(change.at, change.value.value_or(""));
  }
  return history;
}

RecordHistory::const_iterator firstChangeAfter(const RecordHistory& history, TimePoint t) {
  return std::upper_bound(history.begin(), history.end(), t,
                          [](TimePoint value, const auto& change) { return value < change.first; });
}

std::string valueAt(const RecordHistory& history, TimePoint t) {
  const auto after = firstChangeAfter(history, t);
  return after == history.begin() ? std::string{} : std::prev(after)->second;
}

const SchemeConfig* schemeNamed(const RunFacts& facts, const std::string& name) {
  for (const SchemeConfig& s : facts.scenario.engine.schemes) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

ExpectationResult evaluateExpectation(const Expectation& e, const RunFacts& facts) {
  switch (e.kind) {
    case Expectation::Kind::RecordFollowsTruth: return recordFollowsTruth(e, facts);
    case Expectation::Kind::RecordAt: return recordAt(e, facts);
    case Expectation::Kind::SelectionCount: return selectionCount(e, facts);
    case Expectation::Kind::RecordNever: return recordNever(e, facts);
    case Expectation::Kind::EventCount: return eventCount(e, facts);
    case Expectation::Kind::PushSpacing: return pushSpacing(e, facts);
    case Expectation::Kind::NoStaleRecord: return noStaleRecord(e, facts);
    case Expectation::Kind::NsConverge:
    case Expectation::Kind::ResolversConverge: return evaluateDnsExpectation(e, facts);
    case Expectation::Kind::NoPushAfterRestart: return noPushAfterRestart(e, facts);
    case Expectation::Kind::HistoryComplete: return historyComplete(e, facts);
  }
  return {e.path, e.describe(), false, "unknown expectation"};
}

}  // namespace dnsfailover::sim
