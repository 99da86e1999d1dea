#pragma once
// The Store port: where the engine keeps its state and its history so that a
// restart resumes where it stopped. Live it is SQLite (engine/live/), in the
// simulation an in-memory store that outlives the engine object it serves.
//
// Contract:
// - commit() writes one engine step atomically: every state and every event
//   of the step, or nothing (it throws StoreError and the store is as before);
// - load() returns exactly what the last successful commit left, or nullopt
//   for a store that has never been written; a store that exists but cannot
//   be read throws StoreError; it never pretends to be empty;
// - history is append-only apart from retention, in commit order, and each
//   event gets a sequence number that never repeats.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/ports/trace.h"
#include "engine/state/engine_state.h"

namespace dnsfailover {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Everything one engine step changed.
struct StoreStep {
  std::vector<IndicatorState> indicators;   // upserted by name
  std::vector<SchemeState> schemes;         // upserted by name
  std::vector<std::string> removedIndicators;  // a reload dropped them
  std::vector<std::string> removedSchemes;
  std::vector<TraceEvent> events;           // appended to the history

  bool empty() const {
    return indicators.empty() && schemes.empty() && removedIndicators.empty() && removedSchemes.empty() &&
           events.empty();
  }
};

struct HistoryQuery {
  std::string scheme;     // "" = any; matches the event's "scheme" field
  std::string indicator;  // "" = any; matches the event's "indicator" field
  std::optional<TimePoint> since;
  std::optional<uint64_t> afterSeq;  // for paging and live tails
  size_t limit = 1000;               // newest `limit` matching rows, oldest first
};

struct HistoryRow {
  uint64_t seq = 0;
  TraceEvent event;
};

// Bounded retention: what is older than `maxAge` or beyond the newest
// `maxEvents` may be dropped after a commit.
struct HistoryRetention {
  Duration maxAge = std::chrono::hours{24 * 30};
  uint64_t maxEvents = 1'000'000;
};

class Store {
 public:
  virtual ~Store() = default;
  virtual std::optional<EngineState> load() = 0;
  virtual void commit(const StoreStep& step) = 0;
  virtual std::vector<HistoryRow> history(const HistoryQuery& query) = 0;
};

}  // namespace dnsfailover
