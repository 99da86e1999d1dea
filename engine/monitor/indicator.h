#pragma once
// One monitored server: runs its check through the HttpClient port (the
// TcpClient port for a tcp check) on the schedule its StatusMachine asks for, and tells listeners when the status
// or the maintenance flag changes.
//
// Its state (status, since, retry position, maintenance, next check) can be
// captured and restored: a restored indicator announces nothing (its status
// did not change) and resumes its schedule; only a check result that
// differs from the restored status is news.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/monitor/check.h"
#include "engine/monitor/status_machine.h"
#include "engine/ports/http_client.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/tcp_client.h"
#include "engine/ports/trace.h"
#include "engine/state/engine_state.h"

namespace dnsfailover {

class Indicator {
 public:
  using Listener = std::function<void(const Indicator&)>;

  // `tcp` serves tcp checks; without one a tcp check fails with a reason.
  Indicator(IndicatorConfig config, Scheduler& scheduler, HttpClient& http, Random& random,
            TraceSink& trace, TcpClient* tcp = nullptr);
  Indicator(const Indicator&) = delete;
  Indicator& operator=(const Indicator&) = delete;

  // First check at a random offset within one period, so that many
  // indicators started together do not all fire at the same instant.
  void start();
  void stop();

  void setMaintenance(bool on);
  void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }
  // Runs whenever something worth storing changed (status, retry position,
  // maintenance); the next check's time alone is not worth a write.
  void setStateListener(std::function<void()> listener) { onStateChange_ = std::move(listener); }

  // With several sites: turns this site's raw result into the result the
  // status machine is fed (the quorum of every site's votes,
  // engine/sites/quorum.h); nullopt = nobody votes, the status stays.
  using Judge = std::function<std::optional<bool>(const Indicator&, bool rawOk)>;
  void setJudge(Judge judge) { judge_ = std::move(judge); }
  // This site's own last result and its reason (what it publishes as its
  // vote); Unknown before the first check.
  Status rawStatus() const { return rawStatus_; }
  const std::string& rawReason() const { return rawReason_; }
  TimePoint rawAt() const { return rawAt_; }

  // Before start(): resume from `state` (its configKey is the caller's business).
  void restoreState(const IndicatorState& state);
  IndicatorState captureState() const;

  const std::string& name() const { return config_.name; }
  const IndicatorConfig& config() const { return config_; }
  Status status() const { return machine_.status(); }
  bool maintenance() const { return maintenance_; }
  const std::string& reason() const { return reason_; }
  TimePoint statusSince() const { return statusSince_; }
  uint64_t checksRun() const { return checksRun_; }
  // The last check, for the status views (not stored: a restart forgets it).
  struct LastCheck {
    TimePoint at{};
    Duration duration{};
    bool ok = false;
    std::optional<int> httpStatus;  // none on a transport error
  };
  const std::optional<LastCheck>& lastCheck() const { return lastCheck_; }

 private:
  void runCheck();
  void onResult(TimePoint startedAt, const CheckOutcome& outcome, std::optional<int> httpStatus);
  void notify();

  IndicatorConfig config_;
  Scheduler& scheduler_;
  HttpClient& http_;
  TcpClient* tcp_;
  Random& random_;
  TraceSink& trace_;
  StatusMachine machine_;
  HttpRequest request_;  // built once; every check sends a copy
  bool maintenance_;
  bool running_ = false;
  void stateChanged();

  TimerId nextCheck_ = kNoTimer;
  std::optional<TimePoint> nextCheckAt_;
  std::optional<TimePoint> restoredNextCheck_;
  std::string reason_;
  TimePoint statusSince_{};
  uint64_t checksRun_ = 0;
  std::optional<LastCheck> lastCheck_;
  Judge judge_;
  Status rawStatus_ = Status::Unknown;
  std::string rawReason_;
  TimePoint rawAt_{};
  std::vector<Listener> listeners_;
  std::function<void()> onStateChange_;
  // Ended by stop(): a reply that arrives after it is dropped.
  Lifetime lifetime_;
};

}  // namespace dnsfailover
