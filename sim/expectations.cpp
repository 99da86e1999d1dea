#include "sim/expectations.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/selector/selector.h"
#include "sim/world_observer.h"
#include "sim/dns_expectations.h"
#include "sim/record_order.h"
#include "sim/restart_expectations.h"
#include "sim/site_expectations.h"

namespace dnsfailover::sim {
namespace {

const SchemeConfig* findScheme(const Scenario& s, const std::string& name) {
  for (const SchemeConfig& scheme : s.engine.schemes) {
    if (scheme.name == name) return &scheme;
  }
  return nullptr;
}

// The RRset the scheme's rule calls for from the servers' true states, for
// one record type, as the zone log writes it (sorted, ","-joined; "" = no
// record); nullopt when the rule says "keep" (every member down).
std::optional<std::string> trueRecord(const RunFacts& facts, const SchemeConfig& scheme, RecordType type, TimePoint t) {
  std::vector<MemberState> states;
  std::vector<const MemberConfig*> family;
  for (const MemberConfig& m : scheme.members) {
    if (m.type != type) continue;
    const IndicatorConfig* indicator = facts.scenario.engine.findIndicator(m.indicator);
    const bool maintenance = indicator != nullptr && indicator->maintenance;
    const bool serving = facts.truth ? facts.truth->servingAt(m.address, t) : facts.world.serving(m.address, t);
    states.push_back({m.priority, serving ? Status::Ok : Status::Err, maintenance});
    family.push_back(&m);
  }
  const auto answer = selectAnswer(states, scheme.answer);
  if (!answer) return std::nullopt;
  std::vector<std::string> values;
  for (size_t k : *answer) {
    if (std::find(values.begin(), values.end(), family[k]->address) == values.end()) values.push_back(family[k]->address);
  }
  std::sort(values.begin(), values.end());
  return RecordSet{type, values}.joined();
}

ExpectationResult recordFollowsTruth(const Expectation& e, const RunFacts& facts) {
  ExpectationResult result{e.path, e.describe(), true, {}};
  const SchemeConfig* scheme = findScheme(facts.scenario, e.scheme);
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};

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
  // Each record type follows its own members (dual stack).
  for (RecordType type : schemeRecordTypes(*scheme)) {
    const RecordHistory history = recordHistory(facts.zones, scheme->fqdn, recordTypeName(type));
    const std::string label = schemeRecordTypes(*scheme).size() > 1 ? std::string(recordTypeName(type)) + " " : "";
    std::optional<std::string> previous;  // what "keep" keeps
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
      const TimePoint from = cuts[i];
      const TimePoint to = cuts[i + 1];
      if (from == to) continue;
      std::optional<std::string> truth = trueRecord(facts, *scheme, type, from);
      if (!truth) truth = previous;
      if (!truth) continue;  // "keep" before anything was chosen: nothing to follow
      previous = truth;
      const std::string want = *truth;
      const std::string shown = want.empty() ? "no record" : want;
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
          result.detail = "from " + formatIsoUtc(from) + " the servers' states call for " + label + shown +
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
        result.detail = "at " + formatIsoUtc(from) + " the servers' states call for " + label + shown +
                        "; the record followed only after " + formatDuration(lag);
        return result;
      }
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

// Events in the window [from, until) of the run only, when either is set.
ExpectationResult eventCount(const Expectation& e, const RunFacts& facts) {
  int64_t count = 0;
  std::optional<TimePoint> first;
  const TimePoint from = facts.start + e.from.value_or(Duration{0});
  const TimePoint until = e.until ? facts.start + *e.until : TimePoint::max();
  if (facts.events != nullptr) {
    for (const TraceEvent& event : *facts.events) {
      if (event.t < from || event.t >= until || !matches(event, e)) continue;
      if (!first) first = event.t;
      ++count;
    }
  }
  const bool ok = count >= e.min && count <= e.max;
  return {e.path, e.describe(), ok,
          std::to_string(count) + " matching events" + (first ? ", first at " + formatIsoUtc(*first) : "")};
}

// Judged at the fake receiver: deliveries it accepted (signature checked
// when it has a secret), of one event or all.
ExpectationResult webhookDeliveries(const Expectation& e, const RunFacts& facts) {
  const fakes::WebhookReceiver* receiver = facts.world.receiver(e.receiver);
  if (receiver == nullptr) return {e.path, e.describe(), false, "no receiver named " + e.receiver};
  int64_t count = 0;
  std::optional<TimePoint> first;
  for (const fakes::WebhookRequest& r : receiver->accepted()) {
    if (!e.notification.empty() && r.event != e.notification) continue;
    if (!first) first = r.at;
    ++count;
  }
  const bool ok = count >= e.min && count <= e.max;
  return {e.path, e.describe(), ok,
          std::to_string(count) + " accepted of " + std::to_string(receiver->requests().size()) + " requests" +
              (first ? ", first at " + formatIsoUtc(*first) : "")};
}

// Retries of one address for one selection (no selection change or forced
// push between them) must be at least `minSpacing` apart: a broken backoff
// would hammer the provider. Pushes are paired by the address they carried:
// a push answered after the selection moved on (`superseded_by`) belongs to
// the older selection, and the syncer pushes the newer address right after
// it by contract, so the two are not retries of each other. With `address`
// set, only pushes of that address are judged.
ExpectationResult pushSpacing(const Expectation& e, const RunFacts& facts) {
  std::map<std::string, TimePoint> lastPush;  // address -> its last push since the last selection change
  Duration tightest = Duration::max();
  int pairs = 0;
  if (facts.events == nullptr) return {e.path, e.describe(), false, "the run kept no events"};
  for (const TraceEvent& event : *facts.events) {
    if (event.text(field::scheme) != e.scheme) continue;
    if (event.type == EventType::Selection || event.type == EventType::ForcePush) {
      lastPush.clear();
    } else if (event.type == EventType::Push) {
      const std::string address = event.text(field::address);
      if (!e.address.empty() && address != e.address) continue;
      auto [it, first] = lastPush.try_emplace(address, event.t);
      if (first) continue;
      ++pairs;
      tightest = std::min(tightest, event.t - it->second);
      if (event.t - it->second < e.minSpacing) {
        return {e.path, e.describe(), false,
                "pushes of " + address + " at " + formatIsoUtc(it->second) + " and " + formatIsoUtc(event.t) +
                    " for one selection"};
      }
      it->second = event.t;
    }
  }
  return {e.path, e.describe(), true,
          std::to_string(pairs) + " retries" + (pairs ? ", closest " + formatDuration(tightest) + " apart" : "")};
}

// The record's values land in selection order (sim/record_order.h): an
// older push landing after a newer one is exactly this failure.
ExpectationResult noStaleRecord(const Expectation& e, const RunFacts& facts) {
  const SchemeConfig* scheme = schemeNamed(facts, e.scheme);
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};
  if (facts.events == nullptr) return {e.path, e.describe(), false, "the run kept no events"};
  const RecordOrderVerdict verdict = judgeRecordOrder(*facts.events, e.scheme, scheme->fqdn);
  if (verdict.failure) return {e.path, e.describe(), false, *verdict.failure};
  return {e.path, e.describe(), true,
          std::to_string(verdict.changes) + " record changes, in selection order" +
              (verdict.lateLandings ? " (" + std::to_string(verdict.lateLandings) + " late landings of unanswered pushes, rechecked)" : "")};
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

// Field by field, as the Cloudflare API shows the records at the end.
ExpectationResult cloudflareRecord(const Expectation& e, const RunFacts& facts) {
  int checked = 0;
  for (const auto& api : facts.world.cloudflareApis()) {
    for (const std::string& text : api->recordObjects(e.fqdn, recordTypeName(e.recordType))) {
      const nlohmann::json r = nlohmann::json::parse(text);
      ++checked;
      auto mismatch = [&](const std::string& field, const nlohmann::json& want) -> std::optional<ExpectationResult> {
        if (r.value(field, nlohmann::json()) == want) return std::nullopt;
        return ExpectationResult{e.path, e.describe(), false,
                                 "record " + r.value("id", std::string{}) + " (" + r.value("content", std::string{}) +
                                     ") has " + field + " " + r.value(field, nlohmann::json()).dump() + ", expected " +
                                     want.dump()};
      };
      std::optional<ExpectationResult> bad;
      if (e.proxied && !bad) bad = mismatch("proxied", *e.proxied);
      if (e.comment && !bad) bad = mismatch("comment", *e.comment);
      if (e.tags && !bad) bad = mismatch("tags", *e.tags);
      if (e.ttl && !bad) bad = mismatch("ttl", *e.ttl);
      if (bad) return *bad;
    }
  }
  if (checked == 0) return {e.path, e.describe(), false, "no such record at any Cloudflare fake"};
  return {e.path, e.describe(), true, std::to_string(checked) + " records checked"};
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
    case Expectation::Kind::WebhookDeliveries: return webhookDeliveries(e, facts);
    case Expectation::Kind::CloudflareRecord: return cloudflareRecord(e, facts);
    case Expectation::Kind::OneLeader:
    case Expectation::Kind::NoFalseFailover:
    case Expectation::Kind::HandoverWithin:
    case Expectation::Kind::NoPushWithoutLease: return evaluateSiteExpectation(e, facts);
  }
  return {e.path, e.describe(), false, "unknown expectation"};
}

}  // namespace dnsfailover::sim
