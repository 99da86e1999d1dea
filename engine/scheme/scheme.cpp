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
      syncer_(config_.name, *provider_, config_.pushBackoff, scheduler, trace) {}

Scheme::~Scheme() { scheduler_.cancel(startupTimer_); }

void Scheme::start() {
  startupTimer_ = scheduler_.scheduleAfter(config_.startupWait, [this] {
    startupTimer_ = kNoTimer;
    startupWaitOver_ = true;
    reconsider();
  });
  reconsider();
}

void Scheme::reconsider() {
  if (!selected_ && !startupWaitOver_) {
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
  selected_ = choice;
  const MemberConfig& member = config_.members[*choice];
  trace_.record(events::selection(scheduler_.now(), config_.name, member.address,
                                  static_cast<int64_t>(member.priority), member.indicator));
  syncer_.setDesired(member.address);
}

}  // namespace dnsfailover
