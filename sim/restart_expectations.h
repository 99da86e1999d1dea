#pragma once
// Expectations about restarts, judged from outside the engine:
// - no_push_after_restart: when the engine dies while the provider holds
//   the selected address (its last push of it confirmed, nothing sent
//   since), the restarted engine sends the provider nothing until the
//   selection changes or an operator forces a push. The fake provider's
//   own arrival log is the judge.
// - history_complete: the store's history holds every event the engine
//   emitted, each once, in order (the tail of it, where retention dropped
//   the oldest).

#include "sim/expectations.h"

namespace dnsfailover::sim {

ExpectationResult noPushAfterRestart(const Expectation& e, const RunFacts& facts);
ExpectationResult historyComplete(const Expectation& e, const RunFacts& facts);

}  // namespace dnsfailover::sim
