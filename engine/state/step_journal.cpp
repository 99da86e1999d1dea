#include "engine/state/step_journal.h"

#include <algorithm>

namespace dnsfailover {
namespace {

// A store down for a long time must not grow the daemon without bound.
constexpr size_t kMaxHeldEvents = 100'000;

template <typename State>
void upsert(std::vector<State>& into, std::vector<State>& from) {
  for (State& s : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const State& x) { return x.name == s.name; });
    if (it == into.end()) {
      into.push_back(std::move(s));
    } else {
      *it = std::move(s);
    }
  }
}

void appendAll(std::vector<std::string>& into, std::vector<std::string>& from) {
  for (std::string& s : from) into.push_back(std::move(s));
}

}  // namespace

StepJournal::StepJournal(Store& store, TraceSink& next, std::function<void(const std::string&)> onError,
                         TraceSink* tap)
    : store_(store), next_(next), onError_(std::move(onError)), tap_(tap) {}

bool StepJournal::commit(StoreStep changes) {
  StoreStep step = std::move(held_);
  held_ = StoreStep{};
  upsert(step.indicators, changes.indicators);
  upsert(step.schemes, changes.schemes);
  appendAll(step.removedIndicators, changes.removedIndicators);
  appendAll(step.removedSchemes, changes.removedSchemes);
  const size_t firstNew = step.events.size();  // events before this were shown already
  for (TraceEvent& e : step_.events) step.events.push_back(std::move(e));
  step_.events.clear();
  if (step.empty()) return true;

  bool ok = true;
  std::string error;
  try {
    store_.commit(step);
  } catch (const StoreError& e) {
    ok = false;
    error = e.what();
  }
  for (size_t i = firstNew; i < step.events.size(); ++i) next_.record(step.events[i]);
  if (ok) {
    failing_ = false;
    return true;
  }
  if (!failing_ && onError_) onError_(error);
  failing_ = true;
  hold(std::move(step));
  return false;
}

void StepJournal::hold(StoreStep step) {
  if (step.events.size() > kMaxHeldEvents) {
    const size_t excess = step.events.size() - kMaxHeldEvents;
    step.events.erase(step.events.begin(), step.events.begin() + static_cast<std::ptrdiff_t>(excess));
    dropped_ += excess;
  }
  held_ = std::move(step);
}

}  // namespace dnsfailover
