#pragma once
// The deterministic discrete-event kernel: virtual UTC time that starts at
// the scenario's start and jumps from event to event. One queue, ordered by
// (time, tie, insertion order), so equal times run in a stable order and a
// run is a pure function of its inputs.
//
// Lanes: the engine schedules through engineLane(), the world (network,
// fakes, faults, observers) through the kernel itself. Within a lane, tasks
// due at one instant run in the order they were scheduled (the Scheduler
// contract). Unperturbed, ties between lanes also run in insertion order.
//
// Perturbation (explore, the properties, `sim --perturb`), drawn from a seed,
// stays inside that contract and shakes what real life does not promise:
// - at each instant, the order between the lanes is drawn (a live event loop
//   gives no order between a timer and a reply arriving on a socket);
// - some instants of the engine's lane run late by up to `maxLate`, as the
//   timers of a loaded machine do; every engine task due at that instant is
//   late alike, so their order holds. Never early.

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/ports/scheduler.h"

namespace dnsfailover::sim {

class Kernel final : public Scheduler {
 public:
  explicit Kernel(TimePoint start) : now_(start), engineLane_(*this) {}
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  TimePoint now() const override { return now_; }
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override {
    return schedule(when, std::move(task), kWorldLane);
  }
  void cancel(TimerId id) override;

  // The scheduler the engine is given: the same clock and queue, its own lane.
  Scheduler& engineLane() { return engineLane_; }

  struct Perturbation {
    uint64_t seed = 0;
    double lateShare = 0.05;  // share of the engine lane's instants that run late
    Duration maxLate = std::chrono::milliseconds{250};
  };
  // From now on (call it before the run starts).
  void perturb(const Perturbation& perturbation);

  // Runs the next event; false when the queue is empty.
  bool step();
  // Runs every event due at or before `end`, then sets the clock to `end`.
  void runUntil(TimePoint end);

  uint64_t eventsRun() const { return eventsRun_; }
  uint64_t lateInstants() const { return lateInstants_; }  // engine tasks moved later by perturbation
  size_t pending() const { return heap_.size(); }

 private:
  static constexpr uint32_t kWorldLane = 0;
  static constexpr uint32_t kEngineLane = 1;

  class Lane final : public Scheduler {
   public:
    explicit Lane(Kernel& kernel) : kernel_(kernel) {}
    TimePoint now() const override { return kernel_.now(); }
    TimerId scheduleAt(TimePoint when, std::function<void()> task) override {
      return kernel_.schedule(kernel_.late(when), std::move(task), kEngineLane);
    }
    void cancel(TimerId id) override { kernel_.cancel(id); }

   private:
    Kernel& kernel_;
  };

  struct Entry {
    TimePoint at;
    uint64_t tie;  // 0 unperturbed; else drawn per (lane, instant)
    uint64_t seq;
    uint32_t slot;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.at != b.at) return a.at > b.at;
      if (a.tie != b.tie) return a.tie > b.tie;
      return a.seq > b.seq;
    }
  };
  struct Slot {
    uint64_t seq = 0;  // 0 = free
    std::function<void()> task;
  };

  TimerId schedule(TimePoint when, std::function<void()> task, uint32_t lane);
  TimePoint late(TimePoint when);
  uint64_t draw(uint64_t salt, TimePoint at) const;
  bool popDue(TimePoint limit, bool bounded);

  TimePoint now_;
  uint64_t nextSeq_ = 1;
  uint64_t eventsRun_ = 0;
  uint64_t lateInstants_ = 0;
  bool perturbed_ = false;
  Perturbation perturbation_;
  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> freeSlots_;
  Lane engineLane_;
};

}  // namespace dnsfailover::sim
