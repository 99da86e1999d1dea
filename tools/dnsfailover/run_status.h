#pragma once
// The status page, JSON API and metrics of `dnsfailover run`: the router of
// engine/status served by the live StatusServer on the daemon's own loop.
// Only when the config has a "status" section; a reload hands the new
// engine and the reload's outcome over, so the page and metrics follow.

#include <memory>
#include <string>

#include "engine/config/config.h"
#include "engine/engine.h"
#include "engine/live/event_loop.h"
#include "engine/ports/secrets.h"
#include "engine/ports/store.h"

namespace dnsfailover::cli {

struct ReloadOutcome;

class StatusFace {
 public:
  // Throws std::runtime_error naming the token file or the address when the
  // server cannot start.
  StatusFace(const EngineConfig& config, live::EventLoop& loop, Engine& engine, Scheduler& scheduler,
             Store* store, Secrets& secrets);
  StatusFace(const StatusFace&) = delete;
  StatusFace& operator=(const StatusFace&) = delete;
  ~StatusFace();

  std::string url() const;
  void reloaded(Engine& engine, const ReloadOutcome& outcome);
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dnsfailover::cli
