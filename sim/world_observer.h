#pragma once
// Puts the world's side of a run into the trace, next to the engine's: the
// run's bounds, each server's true state as it changes, and every value the
// provider's record takes. Reports and availability figures are computed
// from these, so they do not trust the engine's own account.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/ports/trace.h"
#include "sim/world.h"

namespace dnsfailover::sim {

class WorldObserver {
 public:
  WorldObserver(const Scenario& scenario, World& world, uint64_t seed, TraceSink& trace);

  // Emits run_start and the initial states; schedules the known changes.
  void start();
  // Re-reads every server's true state (after an injected fault, say) and
  // watches for the next scheduled change.
  void refreshServers();
  void finish(TimePoint end);

  // The true state of the server at `address` at `t`, as observed during the
  // run (injected faults included). False for unknown addresses.
  bool servingAt(const std::string& address, TimePoint t) const;
  // Every instant at which some server's true state changed, in order.
  const std::vector<TimePoint>& changeTimes() const { return changeTimes_; }

 private:
  void scheduleNextFlip();
  bool watched(const fakes::RecordChange& change) const;

  const Scenario& scenario_;
  World& world_;
  uint64_t seed_;
  TraceSink& trace_;
  std::map<std::string, bool> lastState_;  // server address -> serving
  TimerId flipTimer_ = kNoTimer;
  std::map<std::string, std::vector<std::pair<TimePoint, bool>>> history_;  // address -> (since, serving)
  std::vector<TimePoint> changeTimes_;
};

}  // namespace dnsfailover::sim
