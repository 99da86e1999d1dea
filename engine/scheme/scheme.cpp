#include "engine/scheme/scheme.h"
#include "engine/core/coverage.h"

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
      syncer_(config_.name, *provider_, config_.pushBackoff, scheduler, trace),
      types_(schemeRecordTypes(config_)) {
  syncer_.setPushDelay(config_.pushDelay);
}

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
  if (keepChoice) {
    std::map<RecordType, std::vector<size_t>> restored;
    for (const std::string& name : state.selectedIndicators) {
      for (size_t i = 0; i < config_.members.size(); ++i) {
        if (config_.members[i].indicator == name) restored[config_.members[i].type].push_back(i);
      }
    }
    // A withdrawn set was a choice too (of no member).
    for (const auto& [type, addresses] : state.desired) {
      if (addresses.empty()) restored.try_emplace(type);
    }
    for (auto& [type, members] : restored) std::sort(members.begin(), members.end());
    chosen_ = std::move(restored);
    selected_.clear();
    for (const auto& [type, members] : chosen_) selected_.insert(selected_.end(), members.begin(), members.end());
    std::sort(selected_.begin(), selected_.end());
  }
  syncer_.restoreState(state);
}

SchemeState Scheme::captureState() const {
  SchemeState state;
  state.name = config_.name;
  for (size_t i : selected_) state.selectedIndicators.push_back(config_.members[i].indicator);
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
  } else if (chosen_.empty() && std::any_of(members_.begin(), members_.end(),
                                       [](const Indicator* m) { return m->status() == Status::Unknown; })) {
    coverage::hit(coverage::Mark::StartupWaitExpired);
  }
  std::map<RecordType, std::vector<size_t>> next = chosen_;
  for (RecordType type : types_) {
    std::vector<size_t> family;  // indices into config_.members
    std::vector<MemberState> states;
    for (size_t i = 0; i < members_.size(); ++i) {
      if (config_.members[i].type != type) continue;
      family.push_back(i);
      states.push_back({config_.members[i].priority, members_[i]->status(), members_[i]->maintenance()});
    }
    const std::optional<std::vector<size_t>> answer = selectAnswer(states, config_.answer);
    if (!answer) continue;  // "keep": the record stays as it is
    std::vector<size_t> chosen;
    for (size_t k : *answer) chosen.push_back(family[k]);
    next[type] = std::move(chosen);
  }
  if (next != chosen_) choose(std::move(next));
}

void Scheme::choose(std::map<RecordType, std::vector<size_t>> next) {
  RecordSets records;
  for (const auto& [type, members] : next) {
    std::vector<std::string>& addresses = records[type];
    for (size_t i : members) {
      // Two members may share an address; an RRset holds it once.
      const std::string& a = config_.members[i].address;
      if (std::find(addresses.begin(), addresses.end(), a) == addresses.end()) addresses.push_back(a);
    }
    auto before = chosen_.find(type);
    if (before != chosen_.end() && before->second == members) continue;
    if (before != chosen_.end()) ++failovers_;
    const MemberConfig* first = members.empty() ? nullptr : &config_.members[members.front()];
    trace_.record(events::selection(scheduler_.now(), config_.name, RecordSet{type, addresses}.joined(),
                                    first ? static_cast<int64_t>(first->priority) : 0,
                                    first ? std::string_view(first->indicator) : std::string_view{})
                      .with(field::rtype, recordTypeName(type)));
  }
  chosen_ = std::move(next);
  selected_.clear();
  for (const auto& [type, members] : chosen_) selected_.insert(selected_.end(), members.begin(), members.end());
  std::sort(selected_.begin(), selected_.end());
  syncer_.setDesired(records);
}

}  // namespace dnsfailover
