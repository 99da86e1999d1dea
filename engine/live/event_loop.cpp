// Boost 1.74's asio headers need <utility> first under C++20 (std::exchange).
#include <utility>

#include "engine/live/event_loop.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <algorithm>
#include <vector>

#include "engine/core/lifetime.h"

namespace dnsfailover::live {

namespace asio = boost::asio;

// One signal registration; re-arms itself after every signal so that a
// second Ctrl-C is still seen. Its wait is guarded by a Lifetime, so a
// completion queued as the watch is destroyed never reaches `onSignal`.
struct SignalWatch {
  SignalWatch(asio::io_context& io, std::function<void(int)> callback) : set(io), onSignal(std::move(callback)) {}
  void arm() {
    set.async_wait(lifetime.guard([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;  // cancelled: the loop is going away
      onSignal(signo);
      arm();
    }));
  }
  asio::signal_set set;
  std::function<void(int)> onSignal;
  Lifetime lifetime;  // last member: ends first
};

struct EventLoop::Impl {
  asio::io_context io{1};  // concurrency hint 1: one thread runs the loop
  // Declared after io so they are destroyed first: a destroyed signal_set
  // cancels its wait, and the io_context is never run again to call it.
  std::vector<std::unique_ptr<SignalWatch>> signalWatches;
};

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}

EventLoop::~EventLoop() = default;

void EventLoop::run() {
  impl_->io.restart();
  impl_->io.run();
}

bool EventLoop::runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  impl_->io.restart();
  // Without outstanding work run_one_for would return at once and this
  // loop would spin; the guard makes it wait for the slice instead.
  auto guard = asio::make_work_guard(impl_->io);
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) break;
    // run_one_for returns after one handler, so done() is re-checked often;
    // a short slice keeps an idle loop from sleeping past the deadline.
    const auto slice = std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds{50});
    if (impl_->io.run_one_for(slice) == 0 && impl_->io.stopped()) impl_->io.restart();
  }
  return done();
}

void EventLoop::stop() { impl_->io.stop(); }

void EventLoop::post(std::function<void()> task) { asio::post(impl_->io, std::move(task)); }

void EventLoop::onSignals(std::initializer_list<int> signals, std::function<void(int)> onSignal) {
  auto watch = std::make_unique<SignalWatch>(impl_->io, std::move(onSignal));
  for (int s : signals) watch->set.add(s);
  watch->arm();
  impl_->signalWatches.push_back(std::move(watch));
}

asio::io_context& EventLoop::context() { return impl_->io; }

}  // namespace dnsfailover::live
