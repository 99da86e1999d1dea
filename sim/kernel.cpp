#include "sim/kernel.h"

#include <algorithm>

namespace dnsfailover::sim {
namespace {

// A TimerId packs the slot (low 24 bits) and the event's sequence number,
// so cancel() finds the slot in O(1) and a stale id never hits a reused slot.
constexpr int kSlotBits = 24;
constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;

uint64_t mix(uint64_t z) {  // splitmix64's finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr uint64_t kLateSalt = 0x1a7e'0000'0000'0001ULL;

}  // namespace

void Kernel::perturb(const Perturbation& perturbation) {
  perturbation_ = perturbation;
  perturbed_ = true;
}

uint64_t Kernel::draw(uint64_t salt, TimePoint at) const {
  return mix(perturbation_.seed ^ mix(salt ^ static_cast<uint64_t>(at.time_since_epoch().count())));
}

TimePoint Kernel::late(TimePoint when) {
  if (!perturbed_ || perturbation_.maxLate.count() <= 0) return when;
  when = std::max(when, now_);
  // Drawn per instant, so every engine task due at `when` moves alike.
  const uint64_t d = draw(kLateSalt, when);
  if (static_cast<double>(d >> 11) * 0x1.0p-53 >= perturbation_.lateShare) return when;
  ++lateInstants_;
  return when + Duration{1 + static_cast<int64_t>(mix(d) % static_cast<uint64_t>(perturbation_.maxLate.count()))};
}

TimerId Kernel::schedule(TimePoint when, std::function<void()> task, uint32_t lane) {
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
  const TimePoint at = std::max(when, now_);
  const uint64_t tie = perturbed_ ? draw(lane + 1, at) : 0;
  heap_.push_back({at, tie, seq, slot});
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
