#include "sim/engine_host.h"

#include "engine/ports/trace_events.h"

namespace dnsfailover::sim {

EngineHost::EngineHost(const EngineConfig& config, EnginePorts ports, Kernel& kernel, Store* store, Lifecycle lifecycle)
    : config_(config), ports_(std::move(ports)), kernel_(kernel), lifecycle_(std::move(lifecycle)) {
  ports_.store = store;
  build();
}

EngineHost::~EngineHost() { kernel_.cancel(restartTimer_); }

void EngineHost::build() {
  if (lifecycle_.born) lifecycle_.born(ports_);
  engine_ = std::make_unique<Engine>(config_, ports_);
}

void EngineHost::start() {
  if (engine_) engine_->start();
}

void EngineHost::stop() {
  kernel_.cancel(restartTimer_);
  restartTimer_ = kNoTimer;
  if (engine_) engine_->stop();
}

void EngineHost::crash(Duration downtime) {
  if (!engine_) return;  // already down: the later restart stands
  engine_.reset();
  if (lifecycle_.died) lifecycle_.died();
  // The world's record of the death: the engine cannot write its own.
  ports_.trace.record(events::engineCrash(kernel_.now(), static_cast<double>(downtime.count()) / 1000.0));
  restartTimer_ = kernel_.scheduleAfter(downtime, [this] {
    restartTimer_ = kNoTimer;
    ++restarts_;
    build();
    engine_->start();
    std::vector<std::function<void(Engine&)>> waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& action : waiting) action(*engine_);
  });
}

void EngineHost::control(std::function<void(Engine&)> action) {
  if (engine_) {
    action(*engine_);
  } else {
    waiting_.push_back(std::move(action));
  }
}

}  // namespace dnsfailover::sim
