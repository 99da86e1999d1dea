#pragma once
// Runs one scenario with one seed: builds the world, links the unchanged
// engine to the sim adapters, advances virtual time to the end and judges
// the expectations.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "engine/ports/trace.h"
#include "sim/scenario.h"

namespace dnsfailover::sim {

struct RunOptions {
  std::optional<uint64_t> seed;      // default: the scenario's
  std::optional<Duration> until;     // default: the scenario's duration
  // Small random extra delays and equal-time reordering, drawn from the
  // seed (sim/kernel.h): on in explore and the property tests.
  bool perturb = false;
  // Called after each simulated day with the share of the run done.
  std::function<void(double)> progress;

  // The in-process door to the running engine (the status views read it
  // here, as the live status server does): each visit runs on the kernel at
  // start + `at`, in time order with everything else, with the engine (null
  // while a crash has it down), the kernel as its clock, and the store (null
  // when the run keeps none).
  struct Visit {
    Duration at{};
    std::function<void(Engine* engine, Scheduler& clock, Store* store)> look;
  };
  std::vector<Visit> visits;

  static RunOptions of(std::optional<uint64_t> seed, std::optional<Duration> until = std::nullopt) {
    RunOptions options;
    options.seed = seed;
    options.until = until;
    return options;
  }
};

struct ExpectationResult {
  std::string path;         // "expectations[1]"
  std::string description;
  bool passed = false;
  std::string detail;       // measurements, or what went wrong and when
};

struct RunReport {
  uint64_t seed = 0;
  TimePoint start{};
  TimePoint end{};
  uint64_t events = 0;
  uint64_t selections = 0;
  uint64_t pushes = 0;
  std::vector<ExpectationResult> expectations;
  // The trace's world events held against the fakes' own logs
  // (sim/world_audit.h); a failed audit fails the run like an expectation.
  std::vector<ExpectationResult> audit;
  // Measurements worth a line in the summary (multi-site: the stale-leader
  // windows), judged or not.
  std::vector<std::string> notes;

  bool passed() const;
};

RunReport runScenario(const Scenario& scenario, const RunOptions& options, TraceSink& trace);

}  // namespace dnsfailover::sim
