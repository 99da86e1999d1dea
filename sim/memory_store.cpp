#include "sim/memory_store.h"

#include <algorithm>
#include <cassert>

#include "engine/ports/trace_json.h"
#include "engine/state/history_keys.h"
#include "engine/state/state_json.h"

namespace dnsfailover::sim {

MemoryStore::MemoryStore(HistoryRetention retention, uint32_t retentionEvery)
    : retention_(retention), retentionEvery_(retentionEvery) {
  assert(retentionEvery_ >= 1);
}

void MemoryStore::setRetention(HistoryRetention retention, uint32_t retentionEvery) {
  assert(retentionEvery >= 1);
  retention_ = retention;
  retentionEvery_ = retentionEvery;
}

std::optional<EngineState> MemoryStore::load() {
  if (!written_) return std::nullopt;
  EngineState state;
  for (const auto& [name, text] : indicators_) state.indicators.emplace(name, parseIndicatorStateText(text));
  for (const auto& [name, text] : schemes_) state.schemes.emplace(name, parseSchemeStateText(text));
  return state;
}

void MemoryStore::commit(const StoreStep& step) {
  if (failNext_ > 0) {
    --failNext_;
    throw StoreError("memory store: injected commit failure; nothing of the step was stored");
  }
  if (step.empty()) return;
  // Everything that can fail (serializing) is done before anything is
  // changed; applying then only moves values into place.
  std::vector<std::pair<const std::string*, std::string>> indicators, schemes;
  indicators.reserve(step.indicators.size());
  schemes.reserve(step.schemes.size());
  for (const IndicatorState& s : step.indicators) {
    assert(!s.name.empty());
    indicators.emplace_back(&s.name, indicatorStateText(s));
  }
  for (const SchemeState& s : step.schemes) {
    assert(!s.name.empty());
    schemes.emplace_back(&s.name, schemeStateText(s));
  }
  std::vector<Row> added;
  added.reserve(step.events.size());
  uint64_t seq = lastSeq_;
  for (const TraceEvent& event : step.events) {
    HistoryKeys keys = historyKeys(event);
    added.push_back({++seq, event.t.time_since_epoch().count(), std::move(keys.scheme), std::move(keys.indicator),
                     traceEventJson(event)});
  }

  for (auto& [name, text] : indicators) indicators_[*name] = std::move(text);
  for (auto& [name, text] : schemes) schemes_[*name] = std::move(text);
  for (const std::string& name : step.removedIndicators) indicators_.erase(name);
  for (const std::string& name : step.removedSchemes) schemes_.erase(name);
  for (Row& row : added) {
    newestMs_ = std::max(newestMs_, row.tMs);
    history_.push_back(std::move(row));
  }
  lastSeq_ = seq;
  written_ = true;
  ++commits_;
  if (commits_ % retentionEvery_ == 0 && !history_.empty()) {
    // The engine appends in time order, so the old rows are at the front;
    // the SQLite store deletes by the same bounds with its indexes.
    const int64_t oldestKept = newestMs_ - retention_.maxAge.count();
    while (!history_.empty() && history_.front().tMs < oldestKept) history_.pop_front();
    const uint64_t maxSeq = history_.empty() ? 0 : history_.back().seq;
    while (!history_.empty() && maxSeq >= retention_.maxEvents &&
           history_.front().seq <= maxSeq - retention_.maxEvents) {
      history_.pop_front();
    }
  }
}

std::vector<HistoryRow> MemoryStore::history(const HistoryQuery& query) {
  std::vector<HistoryRow> rows;
  for (auto it = history_.rbegin(); it != history_.rend() && rows.size() < query.limit; ++it) {
    if (!query.scheme.empty() && it->scheme != query.scheme) continue;
    if (!query.indicator.empty() && it->indicator != query.indicator) continue;
    if (query.since && it->tMs < query.since->time_since_epoch().count()) continue;
    if (query.afterSeq && it->seq <= *query.afterSeq) continue;
    std::string error;
    std::optional<TraceEvent> event = parseTraceEventJson(it->json, &error);
    assert(event && "the memory store holds only events it wrote");
    rows.push_back({it->seq, std::move(*event)});
  }
  std::reverse(rows.begin(), rows.end());
  return rows;
}

}  // namespace dnsfailover::sim
