#pragma once
// The Store port (engine/ports/store.h) in memory, for the simulation. It
// belongs to the run, not to the engine: the sim destroys and rebuilds the
// engine on a simulated crash and hands the new one the same store, so the
// store must outlive every engine object it serves.
//
// Same semantics as the SQLite store, so a scenario behaves as live:
// - a commit is atomic: everything that can fail (serializing) is done
//   aside first, then the values are moved into place;
// - states are kept in their stored form (engine/state/state_json.h) and
//   events as their JSON line, so a field the stored form forgets is lost
//   here exactly as it would be on disk;
// - seqs start at 1 and never repeat; retention runs every
//   `retentionEvery` commits by the same rule (older than maxAge before the
//   newest event, beyond the newest maxEvents).
// Fault knob: failNextCommits(n) makes the next n commits throw StoreError
// and change nothing, as a full disk would.

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string>

#include "engine/ports/store.h"

namespace dnsfailover::sim {

class MemoryStore final : public Store {
 public:
  explicit MemoryStore(HistoryRetention retention = {}, uint32_t retentionEvery = 64);

  std::optional<EngineState> load() override;
  void commit(const StoreStep& step) override;
  std::vector<HistoryRow> history(const HistoryQuery& query) override;

  void failNextCommits(uint32_t n) { failNext_ = n; }
  // A reload may change the retention; it applies from the next commit.
  void setRetention(HistoryRetention retention, uint32_t retentionEvery);
  uint64_t commits() const { return commits_; }
  size_t historySize() const { return history_.size(); }

 private:
  struct Row {
    uint64_t seq;
    int64_t tMs;
    std::string scheme;
    std::string indicator;
    std::string json;
  };

  HistoryRetention retention_;
  uint32_t retentionEvery_;
  uint32_t failNext_ = 0;
  bool written_ = false;
  uint64_t commits_ = 0;
  uint64_t lastSeq_ = 0;
  int64_t newestMs_ = std::numeric_limits<int64_t>::min();  // of every event committed
  std::map<std::string, std::string> indicators_;  // name -> stored form
  std::map<std::string, std::string> schemes_;
  std::deque<Row> history_;  // seq order
};

}  // namespace dnsfailover::sim
