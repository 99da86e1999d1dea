#pragma once
// One monitored server: runs its check through the HttpClient port on the
// schedule its StatusMachine asks for, and tells listeners when the status
// or the maintenance flag changes.

#include <functional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/monitor/status_machine.h"
#include "engine/ports/http_client.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/trace.h"

namespace dnsfailover {

class Indicator {
 public:
  using Listener = std::function<void(const Indicator&)>;

  Indicator(IndicatorConfig config, Scheduler& scheduler, HttpClient& http, Random& random,
            TraceSink& trace);
  Indicator(const Indicator&) = delete;
  Indicator& operator=(const Indicator&) = delete;

  // First check at a random offset within one period, so that many
  // indicators started together do not all fire at the same instant.
  void start();
  void stop();

  void setMaintenance(bool on);
  void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }

  const std::string& name() const { return config_.name; }
  const IndicatorConfig& config() const { return config_; }
  Status status() const { return machine_.status(); }
  bool maintenance() const { return maintenance_; }
  const std::string& reason() const { return reason_; }
  TimePoint statusSince() const { return statusSince_; }
  uint64_t checksRun() const { return checksRun_; }

 private:
  void runCheck();
  void onResult(TimePoint startedAt, const HttpResult& result);
  void notify();

  IndicatorConfig config_;
  Scheduler& scheduler_;
  HttpClient& http_;
  Random& random_;
  TraceSink& trace_;
  StatusMachine machine_;
  HttpRequest request_;  // built once; every check sends a copy
  bool maintenance_;
  bool running_ = false;
  // Bumped by stop(): a reply that arrives after a restart belongs to an
  // older generation and is dropped.
  uint64_t generation_ = 0;
  TimerId nextCheck_ = kNoTimer;
  std::string reason_;
  TimePoint statusSince_{};
  uint64_t checksRun_ = 0;
  std::vector<Listener> listeners_;
};

}  // namespace dnsfailover
