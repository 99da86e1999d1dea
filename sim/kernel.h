#pragma once
// The deterministic discrete-event kernel: virtual UTC time that starts at
// the scenario's start and jumps from event to event. One queue, ordered by
// (time, insertion order), so equal times run in a stable order and a run
// is a pure function of its inputs.

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/ports/scheduler.h"

namespace dnsfailover::sim {

class Kernel final : public Scheduler {
 public:
  explicit Kernel(TimePoint start) : now_(start) {}

  TimePoint now() const override { return now_; }
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override;
  void cancel(TimerId id) override;

  // Runs the next event; false when the queue is empty.
  bool step();
  // Runs every event due at or before `end`, then sets the clock to `end`.
  void runUntil(TimePoint end);

  uint64_t eventsRun() const { return eventsRun_; }
  size_t pending() const { return heap_.size(); }

 private:
  struct Entry {
    TimePoint at;
    uint64_t seq;
    uint32_t slot;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };
  struct Slot {
    uint64_t seq = 0;  // 0 = free
    std::function<void()> task;
  };

  bool popDue(TimePoint limit, bool bounded);

  TimePoint now_;
  uint64_t nextSeq_ = 1;
  uint64_t eventsRun_ = 0;
  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> freeSlots_;
};

}  // namespace dnsfailover::sim
