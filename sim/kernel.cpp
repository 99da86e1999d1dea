#include "sim/kernel.h"

#include <algorithm>

namespace dnsfailover::sim {
namespace {

// A TimerId packs the slot (low 24 bits) and the event's sequence number,
// so cancel() finds the slot in O(1) and a stale id never hits a reused slot.
constexpr int kSlotBits = 24;
constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;

}  // namespace

TimerId Kernel::scheduleAt(TimePoint when, std::function<void()> task) {
  uint32_t slot;
  if (!freeSlots_.empty()) {
    slot = freeSlots_.back();
    freeSlots_.pop_back();
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  const uint64_t seq = nextSeq_++;
  slots_[slot].seq = seq;
  slots_[slot].task = std::move(task);
  heap_.push_back({std::max(when, now_), seq, slot});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  return (seq << kSlotBits) | slot;
}

void Kernel::cancel(TimerId id) {
  if (id == kNoTimer) return;
  const auto slot = static_cast<uint32_t>(id & kSlotMask);
  const uint64_t seq = id >> kSlotBits;
  if (slot >= slots_.size() || slots_[slot].seq != seq) return;
  // The heap entry stays and is skipped when popped.
  slots_[slot].seq = 0;
  slots_[slot].task = nullptr;
  freeSlots_.push_back(slot);
}

bool Kernel::popDue(TimePoint limit, bool bounded) {
  while (!heap_.empty()) {
    const Entry top = heap_.front();
    if (bounded && top.at > limit) return false;
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    heap_.pop_back();
    Slot& slot = slots_[top.slot];
    if (slot.seq != top.seq) continue;  // cancelled
    std::function<void()> task = std::move(slot.task);
    slot.seq = 0;
    slot.task = nullptr;
    freeSlots_.push_back(top.slot);
    now_ = top.at;
    ++eventsRun_;
    task();
    return true;
  }
  return false;
}

bool Kernel::step() { return popDue(TimePoint{}, false); }

void Kernel::runUntil(TimePoint end) {
  while (popDue(end, true)) {
  }
  if (end > now_) now_ = end;
}

}  // namespace dnsfailover::sim
