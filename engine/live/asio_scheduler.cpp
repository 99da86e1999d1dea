#include <utility>  // before asio: Boost 1.74's awaitable.hpp uses std::exchange without it under C++20

#include "engine/live/asio_scheduler.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <unordered_map>

namespace dnsfailover::live {

namespace asio = boost::asio;

struct AsioScheduler::Impl : std::enable_shared_from_this<AsioScheduler::Impl> {
  explicit Impl(asio::io_context& io) : timer(io) {}

  using Key = std::pair<TimePoint, TimerId>;  // ids grow, so ties keep scheduling order

  asio::steady_timer timer;
  std::map<Key, std::function<void()>> queue;
  std::unordered_map<TimerId, TimePoint> dueById;  // for cancel()
  TimerId nextId = 1;
  mutable TimePoint lastNow{};
  // The instant the timer is armed for; TimePoint::max() = not armed.
  TimePoint armedFor = TimePoint::max();
  bool firing = false;  // fire() re-arms once at the end of its batch

  TimePoint now() const {
    // The port promises a clock that never goes backwards; the system clock
    // may (NTP step), so clamp to the largest value handed out.
    const TimePoint t = std::chrono::floor<Duration>(std::chrono::system_clock::now());
    lastNow = std::max(lastNow, t);
    return lastNow;
  }

  void arm() {
    if (queue.empty()) {
      if (armedFor != TimePoint::max()) {
        timer.cancel();
        armedFor = TimePoint::max();
      }
      return;
    }
    const TimePoint head = queue.begin()->first.first;
    if (head == armedFor) return;
    armedFor = head;
    // The system clock decides when a task is due; the steady timer only
    // sleeps for the difference, so a clock step cannot stall the queue.
    const Duration wait = std::max(Duration::zero(), head - now());
    timer.expires_after(wait);
    timer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
      if (ec) return;  // re-armed or cancelled; the newer wait takes over
      if (auto self = weak.lock()) self->fire();
    });
  }

  void fire() {
    armedFor = TimePoint::max();
    firing = true;
    const TimePoint t = now();
    // Only tasks that existed when the timer fired run in this batch; tasks
    // they schedule for "now" wait for the next turn of the loop, so a task
    // that keeps rescheduling itself cannot starve network I/O.
    const TimerId batchEnd = nextId;
    while (!queue.empty()) {
      auto it = queue.begin();
      if (it->first.first > t) break;
      if (it->first.second >= batchEnd) break;
      std::function<void()> task = std::move(it->second);
      dueById.erase(it->first.second);
      queue.erase(it);
      task();
    }
    firing = false;
    arm();
  }
};

AsioScheduler::AsioScheduler(EventLoop& loop) : impl_(std::make_shared<Impl>(loop.context())) {}

AsioScheduler::~AsioScheduler() {
  // A queued completion holds only a weak_ptr, so it does nothing once we are gone.
  impl_->timer.cancel();
}

TimePoint AsioScheduler::now() const { return impl_->now(); }

TimerId AsioScheduler::scheduleAt(TimePoint when, std::function<void()> task) {
  const TimerId id = impl_->nextId++;
  impl_->queue.emplace(Impl::Key{when, id}, std::move(task));
  impl_->dueById.emplace(id, when);
  // A task in the past sorts first and gets a zero wait: it runs on the
  // next turn of the loop, never inside scheduleAt().
  if (!impl_->firing && when < impl_->armedFor) impl_->arm();
  return id;
}

void AsioScheduler::cancel(TimerId id) {
  auto it = impl_->dueById.find(id);
  if (it == impl_->dueById.end()) return;
  impl_->queue.erase(Impl::Key{it->second, id});
  impl_->dueById.erase(it);
  // Leaving the timer armed for a cancelled head is harmless: fire() finds
  // nothing due and re-arms for the new head.
}

size_t AsioScheduler::pending() const { return impl_->queue.size(); }

}  // namespace dnsfailover::live
