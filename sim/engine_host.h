#pragma once
// Holds the engine of one simulated run, and can crash it. A crash destroys
// the engine object at once, without stop(), as kill -9 ends a daemon: its
// timers die, answers still on the way are dropped, nothing more is
// written. After the downtime a new engine is built from the same config
// and ports and resumes from the store, which outlives every engine.
//
// Runs that never crash and never judge the history keep the engine
// without a store, so they pay nothing for it.

#include <functional>
#include <memory>
#include <vector>

#include "engine/engine.h"
#include "engine/ports/store.h"
#include "sim/kernel.h"

namespace dnsfailover::sim {

class EngineHost {
 public:
  // What lives and dies with each engine besides itself (a site's
  // coordination client): `born` runs before each engine is built and may
  // fill in its ports; `died` right after a crash destroyed it.
  struct Lifecycle {
    std::function<void(EnginePorts&)> born;
    std::function<void()> died;
  };

  // With `store` null the engine has none; a crash then loses everything.
  EngineHost(const EngineConfig& config, EnginePorts ports, Kernel& kernel, Store* store, Lifecycle lifecycle = {});
  EngineHost(const EngineHost&) = delete;
  EngineHost& operator=(const EngineHost&) = delete;
  ~EngineHost();

  void start();
  void stop();
  // Kills the engine now and starts a new one after `downtime`.
  void crash(Duration downtime);

  // An operator action (maintenance, force push). While the engine is down
  // it waits and is applied right after the restart, as an operator whose
  // request was refused would retry it until it goes through.
  void control(std::function<void(Engine&)> action);

  // Null while the engine is down.
  Engine* engine() { return engine_.get(); }
  int restarts() const { return restarts_; }

 private:
  void build();

  const EngineConfig& config_;
  EnginePorts ports_;
  Kernel& kernel_;
  Lifecycle lifecycle_;
  std::unique_ptr<Engine> engine_;
  TimerId restartTimer_ = kNoTimer;
  std::vector<std::function<void(Engine&)>> waiting_;  // actions refused while down
  int restarts_ = 0;
};

}  // namespace dnsfailover::sim
