#pragma once
// The live engine's single event loop: one boost::asio::io_context run on
// one thread. The engine is single-threaded by design, so every adapter
// (timers, HTTP client, DNS client) completes its work on this loop.
//
// Asio stays out of this header: code that only wires adapters together
// (the daemon, tests) never pays for parsing it.

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace dnsfailover::live {

class EventLoop {
 public:
  EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;
  ~EventLoop();

  // Runs handlers until stop() or until there is no work left.
  void run();
  // Runs until `done()` is true (checked after every handler) or `limit`
  // has passed; returns done(). For tests, which must never hang.
  bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds limit);
  // Safe from any thread and from signal-handling callbacks.
  void stop();
  // Queues `task` to run on the loop thread (never inside post()).
  void post(std::function<void()> task);

  // Calls `onSignal(signo)` on the loop thread when one of `signals`
  // arrives (SIGINT/SIGTERM for the daemon). The registration lives as long
  // as the loop.
  void onSignals(std::initializer_list<int> signals, std::function<void(int)> onSignal);

  boost::asio::io_context& context();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dnsfailover::live
