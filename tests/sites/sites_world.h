#pragma once
// A small multi-site world for the sites tests: one simulated kernel, a
// fake etcd cluster of three members on 127.0.0.21-23, and per site its own
// simulated network (so a site can lose its links to some hosts while the
// others keep theirs) and its own pausable scheduler and HTTP client (so a
// site can be stopped like SIGSTOP: its timers and answers wait, the world's
// clock runs on).

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fakes/etcd/cluster.h"
#include "sim/kernel.h"
#include "sim/network.h"

namespace dnsfailover::test {

// Holds every task that comes due while paused, and runs them in order on resume.
class PausableScheduler final : public Scheduler {
 public:
  explicit PausableScheduler(sim::Kernel& kernel) : kernel_(kernel) {}
  TimePoint now() const override { return kernel_.now(); }
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override {
    return kernel_.scheduleAt(when, [this, task = std::move(task)]() mutable { run(std::move(task)); });
  }
  void cancel(TimerId id) override { kernel_.cancel(id); }
  void run(std::function<void()> task) {
    if (paused_) {
      held_.push_back(std::move(task));
      return;
    }
    task();
  }
  void pause() { paused_ = true; }
  void resume() {
    paused_ = false;
    std::deque<std::function<void()>> held;
    held.swap(held_);
    for (auto& task : held) kernel_.scheduleAfter(Duration{0}, std::move(task));
  }
  bool paused() const { return paused_; }

 private:
  sim::Kernel& kernel_;
  bool paused_ = false;
  std::deque<std::function<void()>> held_;
};

// Answers reach a paused site only when it resumes.
class PausableHttp final : public HttpClient {
 public:
  PausableHttp(HttpClient& inner, PausableScheduler& scheduler) : inner_(inner), scheduler_(scheduler) {}
  void send(HttpRequest request, std::function<void(HttpResult)> done) override {
    inner_.send(std::move(request), [this, done = std::move(done)](HttpResult r) mutable {
      scheduler_.run([done = std::move(done), r = std::move(r)]() mutable { done(std::move(r)); });
    });
  }

 private:
  HttpClient& inner_;
  PausableScheduler& scheduler_;
};

struct TestSite {
  TestSite(sim::Kernel& kernel, uint64_t seed) : network(kernel, seed), scheduler(kernel), http(network, scheduler) {
    network.defaults().latency = std::chrono::milliseconds{5};
    network.defaults().jitter = std::chrono::milliseconds{2};
  }
  sim::Network network;
  PausableScheduler scheduler;
  PausableHttp http;
};

class SitesWorld {
 public:
  explicit SitesWorld(size_t sites)
      : kernel_(*parseIsoUtc("2026-11-02T00:00:00Z")), cluster_({3, 17, std::chrono::seconds{7}}) {
    for (size_t i = 0; i < sites; ++i) {
      sites_.push_back(std::make_unique<TestSite>(kernel_, 100 + i));
      for (size_t m = 0; m < cluster_.size(); ++m) sites_.back()->network.attach(member(m), cluster_.door(m));
    }
  }

  static std::string member(size_t m) { return "127.0.0." + std::to_string(21 + m); }
  std::vector<std::string> endpoints() const {
    std::vector<std::string> out;
    for (size_t m = 0; m < cluster_.size(); ++m) out.push_back("http://" + member(m) + ":2379");
    return out;
  }
  void attachEverywhere(const std::string& address, fakes::HttpDoor& door) {
    for (auto& site : sites_) site->network.attach(address, door);
  }

  sim::Kernel& kernel() { return kernel_; }
  TestSite& site(size_t i) { return *sites_.at(i); }
  fakes::etcd::Cluster& cluster() { return cluster_; }

  // Lets time pass until `done()` holds or `limit` has passed; returns done().
  bool runUntil(const std::function<bool()>& done, Duration limit) {
    const TimePoint end = kernel_.now() + limit;
    while (!done() && kernel_.now() <= end && kernel_.pending() > 0) {
      if (!kernel_.step()) break;
    }
    return done();
  }
  void runFor(Duration length) {
    bool woke = false;
    kernel_.scheduleAfter(length, [&woke] { woke = true; });
    runUntil([&woke] { return woke; }, length + std::chrono::seconds{1});
  }

 private:
  sim::Kernel kernel_;
  fakes::etcd::Cluster cluster_;
  std::vector<std::unique_ptr<TestSite>> sites_;
};

}  // namespace dnsfailover::test
