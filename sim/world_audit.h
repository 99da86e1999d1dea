#pragma once
// Holds the world's side of a run's trace against the fakes' own logs, so a
// report never takes the engine's (or the observer's) word for what the
// world did. Three checks, each one ExpectationResult in RunReport::audit:
// - records: the trace's record events are exactly the zone store's change
//   log for the schemes' names (values in order, at the same instants);
// - server states: whenever a cat server showed a page with status=ERR (by
//   its own served log), the trace did not call it serving at that instant;
// - answers: every address a nameserver or resolver answered in the trace
//   (ns_answer) is one that server gave, by its own answer log, for the
//   scheme's name within the query's window [t - timeout, t].
// The sink forwards every event unchanged; it keeps only the world events.

#include <vector>

#include "engine/ports/trace.h"
#include "sim/runner.h"
#include "sim/world.h"

namespace dnsfailover::sim {

class WorldAudit final : public TraceSink {
 public:
  explicit WorldAudit(TraceSink& next) : next_(next) {}
  void record(const TraceEvent& event) override;

  // Judges the kept events against the world's fakes after the run.
  std::vector<ExpectationResult> judge(const Scenario& scenario, World& world) const;

 private:
  TraceSink& next_;
  std::vector<TraceEvent> records_;
  std::vector<TraceEvent> states_;
  std::vector<TraceEvent> answers_;
};

}  // namespace dnsfailover::sim
