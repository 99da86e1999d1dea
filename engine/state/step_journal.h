#pragma once
// One engine step, made durable. An engine step is everything the engine
// does in answer to one thing from outside: a timer, an HTTP or DNS answer,
// a control action. The journal collects the step's events (it is the
// engine's TraceSink) and, at the step's end, commits them together with
// the states that changed, in one store transaction.
//
// Events reach the next sink (log, trace file, status page) only after the
// store has accepted them, so nothing a log shows can be missing from the
// history after a crash. When a commit fails, the step is kept and merged
// into the next one (states by name, the newer winning; events appended),
// its events still go to the log, and `onError` is told once per streak of
// failures; the history is complete again once a commit succeeds.

#include <functional>
#include <string>

#include "engine/ports/store.h"
#include "engine/ports/trace.h"

namespace dnsfailover {

class StepJournal final : public TraceSink {
 public:
  // `tap`, when given, sees each event as it is recorded, before the store.
  StepJournal(Store& store, TraceSink& next, std::function<void(const std::string&)> onError,
              TraceSink* tap = nullptr);

  void record(const TraceEvent& event) override {
    if (tap_ != nullptr) tap_->record(event);
    step_.events.push_back(event);
  }

  // Commits `changes` (states, removals) with the events recorded since the
  // last commit. Returns false when the store refused (see above).
  bool commit(StoreStep changes);

  bool failing() const { return failing_; }
  // Events held for the store while it fails (bounded; the oldest go first).
  size_t heldEvents() const { return held_.events.size(); }
  uint64_t droppedEvents() const { return dropped_; }

 private:
  void hold(StoreStep step);

  Store& store_;
  TraceSink& next_;
  std::function<void(const std::string&)> onError_;
  TraceSink* tap_;
  StoreStep step_;  // events recorded in the current step
  StoreStep held_;  // what failed commits could not write yet
  bool failing_ = false;
  uint64_t dropped_ = 0;
};

}  // namespace dnsfailover
