#pragma once
// The running daemon behind `dnsfailover run`: one Engine on the live ports
// and its store, replaced in place when SIGHUP asks for a reload.
//
// Reload contract:
// - the new config is read, validated and its credentials checked first; on
//   any error the running engine is left alone, every error is logged by path
//   ("FILE: path: message", as at start) and a config_reload event with
//   ok=false is recorded;
// - a good config waits until no push is in flight, so the swap does not
//   cut a push off; the wait is bounded by the providers' request timeout,
//   after which the reload goes ahead and the in-flight push, whose outcome
//   is then unknown, is pushed again by the new engine (the log says so);
// - the swap is: old engine stop(), its state captured, the new Engine built
//   and started from that state (indicators and schemes matched by name: the
//   engine keeps what is unchanged and restarts what changed), then a
//   config_reload event with ok=true and the counts of what changed;
// - SIGHUPs that arrive while a reload waits are folded into one more
//   reload after it, so the file read last is the one that runs.
// The outcome of the last reload is kept in ReloadOutcome for the metrics
// (config_last_reload_successful) to read.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/engine.h"
#include "engine/ports/store.h"

namespace dnsfailover::cli {

struct ReloadOutcome {
  bool attempted = false;  // false until the first SIGHUP
  bool ok = true;          // the last reload took effect
  TimePoint at{};          // when it finished (or was refused)
  size_t errors = 0;
};

// Reads `file` as an engine config and checks its credentials. On success
// the config; otherwise nullopt, with every error in `errors` formatted as
// "FILE: path: message".
std::optional<EngineConfig> readRunConfig(const std::string& file, std::vector<std::string>& errors);

class Daemon {
 public:
  // `ports.store` must be set; `log` receives whole lines (no newline).
  Daemon(std::string configFile, EngineConfig config, EnginePorts ports);
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  ~Daemon();

  void start();
  void stop();
  // SIGHUP: see the reload contract above.
  void requestReload();

  const ReloadOutcome& lastReload() const { return lastReload_; }
  // Told after every reload, good or refused, with the engine now running
  // (the status page follows it).
  void setReloadListener(std::function<void(Engine&, const ReloadOutcome&)> listener) {
    onReloaded_ = std::move(listener);
  }
  const EngineConfig& config() const { return config_; }
  Engine& engine() { return *engine_; }

  // How long a reload waits for a push in flight: the request timeout the
  // providers give their pushes (engine/providers).
  static constexpr Duration kPushWaitLimit = std::chrono::seconds{10};
  static constexpr Duration kPushPollInterval = std::chrono::milliseconds{20};

 private:
  void beginReload();
  void waitForPush(EngineConfig next, TimePoint deadline);
  void swap(EngineConfig next, bool pushCutOff);
  void finished(bool ok, size_t errors);
  // Commits a daemon-level event to the store (history) and then writes it
  // to the trace, so the history never lacks what the trace shows.
  void record(const TraceEvent& event);

  std::string configFile_;
  EngineConfig config_;
  EnginePorts ports_;
  std::unique_ptr<Engine> engine_;
  ReloadOutcome lastReload_;
  std::function<void(Engine&, const ReloadOutcome&)> onReloaded_;
  bool reloading_ = false;    // a reload waits for a push in flight
  bool reloadAgain_ = false;  // a SIGHUP arrived meanwhile
  bool stopped_ = false;
  TimerId waitTimer_ = kNoTimer;
  Lifetime lifetime_;
};

}  // namespace dnsfailover::cli
