#pragma once
// `dnsfailover replay`: what a live run would have done with the same or
// another config. The run's trace (or the store's history, the same
// events) becomes a scenario:
//  - the servers' truth is the observed check results: each
//    indicator_status change is moved back by what the run's policy waited
//    for it (the retry schedule of that direction) and half a check period
//    (the change fell somewhere between two checks), and replayed as the
//    server's page turning ERR or OK;
//  - the provider behaves as its replies were observed: from each failed
//    push until the next success, it answers 5xx (or 429 when the reply
//    was a throttle: "429", HE's "interval");
//  - the nameservers lag as observed: each nameserver's delay between a
//    successful push and its first answer of the new address;
//  - operator actions (maintenance, force push) happen again at their instants.
// The same events, with the rebuilt truth (server_state) and the record as
// the successful pushes left it (record), are measured as the observed run;
// the replay is measured the same way (sim/check/run_metrics.h), so the two
// compare transition by transition.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/ports/trace.h"
#include "sim/check/run_metrics.h"

namespace dnsfailover::sim {

// JSON lines -> events; trace_start lines and blank lines are skipped.
// nullopt with `error` ("line 12: ...") on a line that is not an event.
std::optional<std::vector<TraceEvent>> parseTraceText(const std::string& text, std::string& error);

struct ReplayPlan {
  nlohmann::json scenario;           // for the replay config
  std::vector<TraceEvent> observed;  // the trace, plus the truth and record it implies
  TimePoint start{}, end{};
  size_t statusChanges = 0, failedPushes = 0, providerWindows = 0;
};

// `run` is the config the live run used (for the delays its policy added),
// `replayConfig`/`replay` the config to replay with.
std::optional<ReplayPlan> planReplay(const std::vector<TraceEvent>& trace, const EngineConfig& run,
                                     const nlohmann::json& replayConfig, const EngineConfig& replay, std::string& error);

struct ReplayOutcome {
  std::vector<SchemeRun> observed, replayed;
};

// The observed and the replayed run side by side, per scheme.
std::string replayText(const ReplayPlan& plan, const ReplayOutcome& outcome, const std::string& runLabel,
                       const std::string& replayLabel);

}  // namespace dnsfailover::sim
