#include "engine/monitor/indicator.h"

namespace dnsfailover {

Indicator::Indicator(IndicatorConfig config, Scheduler& scheduler, HttpClient& http,
                     Random& random, TraceSink& trace, TcpClient* tcp)
    : config_(std::move(config)),
      scheduler_(scheduler),
      http_(http),
      tcp_(tcp),
      random_(random),
      trace_(trace),
      machine_(config_.policy),
      request_(buildCheckRequest(config_.check)),
      maintenance_(config_.maintenance) {
  // How the connection is made is the policy's; what is asked is the check's.
  request_.keepAlive = config_.policy.keepAlive;
}

void Indicator::start() {
  if (running_) return;
  running_ = true;
  const TimePoint now = scheduler_.now();
  // A restored schedule is kept while it is still ahead (a reload); one that
  // fell due while we were down (a restart) is spread like a fresh start.
  TimePoint first;
  if (restoredNextCheck_ && *restoredNextCheck_ >= now) {
    first = *restoredNextCheck_;
  } else {
    const auto periodMs = static_cast<uint64_t>(config_.policy.period.count());
    first = now + Duration{static_cast<int64_t>(random_.below(periodMs > 0 ? periodMs : 1))};
  }
  restoredNextCheck_.reset();
  nextCheckAt_ = first;
  nextCheck_ = scheduler_.scheduleAt(first, lifetime_.guard([this] { runCheck(); }));
}

void Indicator::stop() {
  running_ = false;
  lifetime_.end();
  scheduler_.cancel(nextCheck_);
  nextCheck_ = kNoTimer;
}

void Indicator::restoreState(const IndicatorState& state) {
  machine_.restore(statusFromName(state.status), state.retriesUsed);
  statusSince_ = state.since;
  reason_ = state.reason;
  maintenance_ = state.maintenance;
  checksRun_ = state.checksRun;
  restoredNextCheck_ = state.nextCheck;
}

IndicatorState Indicator::captureState() const {
  IndicatorState s;
  s.name = config_.name;
  s.status = statusName(machine_.status());
  s.since = statusSince_;
  s.reason = reason_;
  s.retriesUsed = static_cast<uint32_t>(machine_.retriesUsed());
  s.maintenance = maintenance_;
  s.nextCheck = nextCheckAt_;
  s.checksRun = checksRun_;
  return s;
}

void Indicator::setMaintenance(bool on) {
  if (maintenance_ == on) return;
  maintenance_ = on;
  trace_.record(events::maintenance(scheduler_.now(), config_.name, on));
  stateChanged();
  notify();
}

void Indicator::runCheck() {
  nextCheck_ = kNoTimer;
  nextCheckAt_.reset();
  const TimePoint startedAt = scheduler_.now();
  if (config_.check.kind == CheckSpec::Kind::Tcp) {
    if (tcp_ == nullptr) {
      nextCheck_ = scheduler_.scheduleAt(startedAt, lifetime_.guard([this, startedAt] {
        onResult(startedAt, {false, "no TCP client in this run"}, std::nullopt);
      }));
      return;
    }
    tcp_->probe(buildTcpProbe(config_.check), lifetime_.guard([this, startedAt](TcpProbeResult result) {
      onResult(startedAt, evaluateTcpCheck(config_.check, result), std::nullopt);
    }));
    return;
  }
  http_.send(request_, lifetime_.guard([this, startedAt](HttpResult result) {
    onResult(startedAt, evaluateCheck(config_.check, result),
             result.response ? std::optional<int>(result.response->status) : std::nullopt);
  }));
}

void Indicator::onResult(TimePoint startedAt, const CheckOutcome& outcome, std::optional<int> httpStatus) {
  ++checksRun_;
  const TimePoint now = scheduler_.now();
  rawStatus_ = outcome.ok ? Status::Ok : Status::Err;
  rawReason_ = outcome.ok ? std::string{} : outcome.reason;
  rawAt_ = now;
  const size_t retriesBefore = machine_.retriesUsed();
  const std::optional<bool> fed = judge_ ? judge_(*this, outcome.ok) : std::optional<bool>(outcome.ok);
  // Nobody votes: nothing is known to have changed; look again in a period.
  const StatusStep step = fed ? machine_.observe(*fed) : StatusStep{false, config_.policy.period};
  lastCheck_ = LastCheck{now, now - startedAt, outcome.ok, httpStatus};
  // Periods are counted from the start of the check, so a slow server does
  // not stretch the schedule; a reply slower than the period checks again at once.
  nextCheckAt_ = std::max(now, startedAt + step.nextCheckIn);
  nextCheck_ = scheduler_.scheduleAt(*nextCheckAt_, lifetime_.guard([this] { runCheck(); }));
  if (!step.changed) {
    if (machine_.retriesUsed() != retriesBefore) stateChanged();
    return;
  }
  if (machine_.status() == Status::Ok) {
    reason_.clear();
  } else {
    // A quorum ERR while this site still sees OK: say whose view it is.
    reason_ = outcome.ok ? std::string("quorum of sites: ERR") : outcome.reason;
  }
  statusSince_ = now;
  trace_.record(events::indicatorStatus(now, config_.name, statusName(machine_.status()), reason_));
  stateChanged();
  notify();
}

void Indicator::stateChanged() {
  if (onStateChange_) onStateChange_();
}

void Indicator::notify() {
  for (const auto& listener : listeners_) listener(*this);
}

}  // namespace dnsfailover
