#pragma once
// PLACEHOLDER until the store branch lands: the in-memory Store.
#include <deque>
#include "engine/ports/store.h"
namespace dnsfailover::sim {
class MemoryStore final : public Store {
 public:
  std::optional<EngineState> load() override { return state_; }
  void commit(const StoreStep& step) override {
    EngineState next = state_.value_or(EngineState{});
    for (const auto& s : step.indicators) next.indicators[s.name] = s;
    for (const auto& s : step.schemes) next.schemes[s.name] = s;
    for (const auto& n : step.removedIndicators) next.indicators.erase(n);
    for (const auto& n : step.removedSchemes) next.schemes.erase(n);
    state_ = std::move(next);
    for (const auto& e : step.events) history_.push_back({++seq_, e});
  }
  std::vector<HistoryRow> history(const HistoryQuery&) override { return {history_.begin(), history_.end()}; }
 private:
  std::optional<EngineState> state_;
  std::deque<HistoryRow> history_;
  uint64_t seq_ = 0;
};
}  // namespace dnsfailover::sim
