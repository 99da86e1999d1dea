#include "engine/monitor/indicator.h"

#include "engine/monitor/check.h"

namespace dnsfailover {

Indicator::Indicator(IndicatorConfig config, Scheduler& scheduler, HttpClient& http,
                     Random& random, TraceSink& trace)
    : config_(std::move(config)),
      scheduler_(scheduler),
      http_(http),
      random_(random),
      trace_(trace),
      machine_(config_.policy),
      request_(buildCheckRequest(config_.check)),
      maintenance_(config_.maintenance) {}

void Indicator::start() {
  if (running_) return;
  running_ = true;
  const auto periodMs = static_cast<uint64_t>(config_.policy.period.count());
  const Duration offset{static_cast<int64_t>(random_.below(periodMs > 0 ? periodMs : 1))};
  nextCheck_ = scheduler_.scheduleAfter(offset, [this] { runCheck(); });
}

void Indicator::stop() {
  running_ = false;
  ++generation_;
  scheduler_.cancel(nextCheck_);
  nextCheck_ = kNoTimer;
}

void Indicator::setMaintenance(bool on) {
  if (maintenance_ == on) return;
  maintenance_ = on;
  trace_.record(events::maintenance(scheduler_.now(), config_.name, on));
  notify();
}

void Indicator::runCheck() {
  nextCheck_ = kNoTimer;
  const TimePoint startedAt = scheduler_.now();
  const uint64_t generation = generation_;
  http_.send(request_, [this, startedAt, generation](HttpResult result) {
    if (generation != generation_ || !running_) return;
    onResult(startedAt, result);
  });
}

void Indicator::onResult(TimePoint startedAt, const HttpResult& result) {
  ++checksRun_;
  const CheckOutcome outcome = evaluateCheck(config_.check, result);
  const StatusStep step = machine_.observe(outcome.ok);
  const TimePoint now = scheduler_.now();
  // Periods are counted from the start of the check, so a slow server does
  // not stretch the schedule; a reply slower than the period checks again at once.
  nextCheck_ = scheduler_.scheduleAt(std::max(now, startedAt + step.nextCheckIn), [this] { runCheck(); });
  if (!step.changed) return;
  reason_ = outcome.ok ? std::string{} : outcome.reason;
  statusSince_ = now;
  trace_.record(events::indicatorStatus(now, config_.name, statusName(machine_.status()), reason_));
  notify();
}

void Indicator::notify() {
  for (const auto& listener : listeners_) listener(*this);
}

}  // namespace dnsfailover
