#include "engine/scheme/scheme.h"

#include <algorithm>

#include "engine/selector/selector.h"

namespace dnsfailover {

Scheme::Scheme(SchemeConfig config, std::vector<Indicator*> members, std::unique_ptr<Provider> provider,
               Scheduler& scheduler, TraceSink& trace)
    : config_(std::move(config)),
      members_(std::move(members)),
      provider_(std::move(provider)),
      scheduler_(scheduler),
      trace_(trace),
      syncer_(config_.name, config_.members.empty() ? RecordType::A : config_.members.front().type, *provider_,
              config_.pushBackoff, scheduler, trace) {}

Scheme::~Scheme() { stop(); }

void Scheme::start() {
  startupTimer_ = scheduler_.scheduleAfter(config_.startupWait, lifetime_.guard([this] {
    startupTimer_ = kNoTimer;
    startupWaitOver_ = true;
    reconsider();
  }));
  reconsider();
}

void Scheme::stop() {
  lifetime_.end();
  scheduler_.cancel(startupTimer_);
  startupTimer_ = kNoTimer;
  syncer_.stop();
}

void Scheme::restoreState(const SchemeState& state, bool keepChoice) {
  if (keepChoice && state.selectedIndicator) {
    for (size_t i = 0; i < config_.members.size(); ++i) {
      if (config_.members[i].indicator == *state.selectedIndicator) selected_ = i;
    }
  }
  syncer_.restoreState(state);
}

SchemeState Scheme::captureState() const {
  SchemeState state;
  state.name = config_.name;
  if (selected_) state.selectedIndicator = config_.members[*selected_].indicator;
  syncer_.captureState(state);
  return state;
}

void Scheme::reconsider() {
  if (!startupWaitOver_) {
    // Before the first choice, and after a restore while a member started
    // afresh: an unknown member is not evidence of a failure.
    const bool allKnown = std::all_of(members_.begin(), members_.end(),
                                      [](const Indicator* m) { return m->status() != Status::Unknown; });
    if (!allKnown) return;
  }
  std::vector<MemberState> states;
  states.reserve(members_.size());
  for (size_t i = 0; i < members_.size(); ++i) {
    states.push_back({config_.members[i].priority, members_[i]->status(), members_[i]->maintenance()});
  }
  const std::optional<size_t> choice = selectMember(states);
  if (!choice || choice == selected_) return;
  if (selected_) ++failovers_;
  selected_ = choice;
  const MemberConfig& member = config_.members[*choice];
  trace_.record(events::selection(scheduler_.now(), config_.name, member.address,
                                  static_cast<int64_t>(member.priority), member.indicator));
  syncer_.setDesired(member.address);
}

}  // namespace dnsfailover
