#include <utility>  // before asio: Boost 1.74's awaitable.hpp uses std::exchange without it under C++20

#include "engine/live/asio_scheduler.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <unordered_map>

#include "engine/core/lifetime.h"

namespace dnsfailover::live {

namespace asio = boost::asio;
using std::chrono::nanoseconds;
using Steady = std::chrono::steady_clock;
using Calendar = std::chrono::sys_time<nanoseconds>;

ClockSource ClockSource::system() {
  return {[] { return std::chrono::system_clock::now(); }, [] { return Steady::now(); }};
}

namespace {

// Delays beyond a century are clamped, so that TimePoint::max() and the
// like cannot overflow nanosecond arithmetic.
constexpr nanoseconds kFarAway = std::chrono::hours{24 * 365 * 100};

nanoseconds clampedDifference(TimePoint when, Calendar from) {
  const Duration ahead = when - std::chrono::floor<Duration>(from);
  if (ahead > std::chrono::duration_cast<Duration>(kFarAway)) return kFarAway;
  if (ahead < -std::chrono::duration_cast<Duration>(kFarAway)) return -kFarAway;
  return Calendar{when} - from;
}

}  // namespace

struct AsioScheduler::Impl {
  Impl(asio::io_context& io, ClockSource c) : timer(io), clocks(std::move(c)) {
    const Steady::time_point s = clocks.steady();
    offset = clocks.wall().time_since_epoch() - s.time_since_epoch();
    highWater = Calendar{s.time_since_epoch() + offset};
  }

  using Key = std::pair<Steady::time_point, TimerId>;  // ids grow, so ties keep scheduling order

  struct Reading {
    Steady::time_point steady;
    Calendar calendar;  // never earlier than any calendar handed out before
  };

  asio::steady_timer timer;
  ClockSource clocks;
  std::map<Key, std::function<void()>> queue;
  std::unordered_map<TimerId, Steady::time_point> dueById;  // for cancel()
  TimerId nextId = 1;
  nanoseconds offset{};  // calendar = steady + offset, changed only by a step
  Calendar highWater{};  // the latest calendar instant handed out
  // The deadline the timer is armed for; max() = not armed.
  Steady::time_point armedFor = Steady::time_point::max();
  bool firing = false;  // fire() re-arms once at the end of its batch
  // Last member, so it ends first: a timer completion queued when we are
  // destroyed does nothing.
  Lifetime lifetime;

  // Reads both clocks and takes a step of the wall clock into the offset.
  Reading read() {
    // The steady clock read on both sides of the wall clock bounds how far
    // a preemption between the reads can skew the offset seen.
    const Steady::time_point before = clocks.steady();
    const auto wall = clocks.wall();
    const Steady::time_point after = clocks.steady();
    const Steady::time_point steady = before + (after - before) / 2;
    const nanoseconds seen = wall.time_since_epoch() - steady.time_since_epoch();
    if (std::chrono::abs(seen - offset) > kStepTolerance + (after - before)) offset = seen;
    highWater = std::max(highWater, Calendar{steady.time_since_epoch() + offset});
    return {steady, highWater};
  }

  void arm() {
    if (queue.empty()) {
      if (armedFor != Steady::time_point::max()) {
        timer.cancel();
        armedFor = Steady::time_point::max();
      }
      return;
    }
    const Steady::time_point head = queue.begin()->first.first;
    if (head == armedFor) return;
    armedFor = head;
    timer.expires_after(std::max(Steady::duration::zero(), head - clocks.steady()));
    timer.async_wait(lifetime.guard([this](const boost::system::error_code& ec) {
      if (!ec) fire();  // else re-armed or cancelled; the newer wait takes over
    }));
  }

  void fire() {
    armedFor = Steady::time_point::max();
    firing = true;
    const Steady::time_point t = clocks.steady();
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

AsioScheduler::AsioScheduler(EventLoop& loop, ClockSource clocks)
    : impl_(std::make_unique<Impl>(loop.context(), std::move(clocks))) {}

AsioScheduler::~AsioScheduler() = default;

TimePoint AsioScheduler::now() const { return std::chrono::floor<Duration>(impl_->read().calendar); }

TimerId AsioScheduler::scheduleAt(TimePoint when, std::function<void()> task) {
  const Impl::Reading reading = impl_->read();
  // Between steps calendar - steady is constant, so the same `when` always
  // maps to the same deadline and ties keep scheduling order.
  const Steady::time_point deadline = reading.steady + clampedDifference(when, reading.calendar);
  const TimerId id = impl_->nextId++;
  impl_->queue.emplace(Impl::Key{deadline, id}, std::move(task));
  impl_->dueById.emplace(id, deadline);
  // A task in the past sorts first and gets a zero wait: it runs on the
  // next turn of the loop, never inside scheduleAt().
  if (!impl_->firing && deadline < impl_->armedFor) impl_->arm();
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
