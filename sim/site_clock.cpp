#include "sim/site_clock.h"

#include <cassert>
#include <cmath>

namespace dnsfailover::sim {

SiteClock::~SiteClock() {
  for (auto& [id, timer] : timers_) lane_.cancel(timer.laneId);
}

TimerId SiteClock::scheduleAt(TimePoint when, std::function<void()> task) {
  const TimePoint now = lane_.now();
  if (ratio_ != 1.0 && when > now) {
    const auto stretched = static_cast<Duration::rep>(std::llround(static_cast<double>((when - now).count()) / ratio_));
    when = now + Duration{stretched};
  }
  const TimerId id = nextId_++;
  Timer& timer = timers_[id];
  timer.task = std::move(task);
  timer.laneId = lane_.scheduleAt(when, [this, id] { fire(id); });
  return id;
}

void SiteClock::cancel(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;
  if (!it->second.held) lane_.cancel(it->second.laneId);
  timers_.erase(it);  // a held entry left in held_ is skipped on resume
}

void SiteClock::fire(TimerId id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;  // cancelled while held
  if (paused_) {
    it->second.held = true;
    it->second.laneId = kNoTimer;
    held_.push_back({id, {}});
    return;
  }
  std::function<void()> task = std::move(it->second.task);
  timers_.erase(it);
  task();
}

void SiteClock::deliver(std::function<void()> task) {
  if (paused_) {
    held_.push_back({kNoTimer, std::move(task)});
    return;
  }
  task();
}

void SiteClock::pause() { paused_ = true; }

void SiteClock::resume() {
  if (!paused_) return;
  paused_ = false;
  // Everything that waited runs now, as separate steps in the order it came
  // due (a pause at this same instant holds the rest again).
  std::deque<Held> waiting = std::move(held_);
  held_.clear();
  heldOnResume_ += waiting.size();
  const TimePoint now = lane_.now();
  for (Held& h : waiting) {
    if (h.id != kNoTimer) {
      auto it = timers_.find(h.id);
      if (it == timers_.end()) continue;
      it->second.held = false;
      it->second.laneId = lane_.scheduleAt(now, [this, id = h.id] { fire(id); });
    } else {
      lane_.scheduleAt(now, [this, task = std::move(h.task)]() mutable { deliver(std::move(task)); });
    }
  }
}

void SiteClock::reset() {
  for (auto& [id, timer] : timers_) {
    if (!timer.held) lane_.cancel(timer.laneId);
  }
  timers_.clear();
  held_.clear();
  paused_ = false;
}

void SiteClock::setDrift(double ratio) {
  assert(ratio > 0.0);
  ratio_ = ratio;
}

}  // namespace dnsfailover::sim
