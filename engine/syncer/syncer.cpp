#include "engine/syncer/syncer.h"

#include <algorithm>
#include <memory>

namespace dnsfailover {

const char* syncStatusName(SyncStatus status) {
  switch (status) {
    case SyncStatus::NotConfigured: return "not configured";
    case SyncStatus::Wait: return "wait";
    case SyncStatus::Retry: return "retry";
    case SyncStatus::Synced: return "synced";
  }
  return "?";
}

Syncer::Syncer(std::string scheme, RecordType type, Provider& provider, std::vector<Duration> backoff,
               Scheduler& scheduler, TraceSink& trace)
    : scheme_(std::move(scheme)),
      type_(type),
      provider_(provider),
      backoff_(std::move(backoff)),
      scheduler_(scheduler),
      trace_(trace) {
  if (backoff_.empty()) backoff_.push_back(Duration{0});
}

Syncer::~Syncer() { stop(); }

void Syncer::stop() {
  lifetime_.end();
  scheduler_.cancel(timer_);
  timer_ = kNoTimer;
}

void Syncer::stateChanged() {
  if (onStateChange_) onStateChange_();
}

void Syncer::restoreState(const SchemeState& state) {
  desired_ = state.desired;
  providerHolds_ = state.providerHolds;
  pending_ = state.pending;
  attempted_ = state.attempted;
  failures_ = state.failures;
  notBefore_ = state.notBefore;
  statusSince_ = state.statusSince;
  lastReply_ = state.lastReply;
  lastError_ = state.lastError;
  pushesSent_ = state.pushesSent;
  provider_.restoreCachedIds(state.providerCache);
  if (state.inFlight) {
    // The answer was lost with the process: the push may or may not have
    // landed. Push the desired address again, never assume.
    providerHolds_.reset();
    pending_ = desired_.has_value();
    orphanAddress_ = *state.inFlight;
    orphanUntil_ = scheduler_.now() + kRequestLifetime;
    trace_.record(events::pushUnknown(scheduler_.now(), scheme_, *state.inFlight));
  } else if (desired_ && providerHolds_ == desired_) {
    pending_ = false;
  }
  if (!pending_ || !desired_) return;
  const TimePoint now = scheduler_.now();
  const TimePoint due = state.inFlight ? now : std::max(now, state.nextAttempt.value_or(now));
  schedulePush(due - now);  // and not before notBefore_
}

void Syncer::captureState(SchemeState& state) const {
  state.desired = desired_;
  state.providerHolds = providerHolds_;
  state.inFlight = inFlight_ ? std::optional<std::string>(inFlightAddress_) : std::nullopt;
  state.inFlightSince = inFlight_ ? std::optional<TimePoint>(inFlightSince_) : std::nullopt;
  state.pending = pending_;
  state.attempted = attempted_;
  state.failures = failures_;
  state.nextAttempt = nextAttempt_;
  state.notBefore = notBefore_;
  state.statusSince = statusSince_;
  state.lastReply = lastReply_;
  state.lastError = lastError_;
  state.pushesSent = pushesSent_;
  state.providerCache = provider_.cachedIds();
}

SyncStatus Syncer::status() const {
  if (!desired_) return SyncStatus::NotConfigured;
  if (!pending_) return SyncStatus::Synced;
  return attempted_ ? SyncStatus::Retry : SyncStatus::Wait;
}

Duration Syncer::backoffAfter(int failures) const {
  const size_t index = static_cast<size_t>(std::max(failures, 1) - 1);
  return backoff_[std::min(index, backoff_.size() - 1)];
}

void Syncer::setDesired(const std::string& address) {
  if (desired_ == address) return;
  desired_ = address;
  pending_ = true;
  attempted_ = false;
  failures_ = 0;
  statusSince_ = scheduler_.now();
  stateChanged();
  schedulePush(Duration{0});
}

void Syncer::forcePush() {
  if (!desired_) return;
  pending_ = true;
  attempted_ = false;
  failures_ = 0;
  statusSince_ = scheduler_.now();
  trace_.record(events::forcePush(scheduler_.now(), scheme_, *desired_));
  stateChanged();
  schedulePush(Duration{0});
}

void Syncer::schedulePush(Duration delay) {
  scheduler_.cancel(timer_);
  timer_ = kNoTimer;
  // An in-flight push re-checks `desired_` when it completes.
  if (inFlight_) return;
  nextAttempt_ = std::max(scheduler_.now() + delay, notBefore_);
  if (desired_ && *desired_ != orphanAddress_) nextAttempt_ = std::max(*nextAttempt_, orphanUntil_);
  timer_ = scheduler_.scheduleAt(*nextAttempt_, lifetime_.guard([this] {
    timer_ = kNoTimer;
    pushNow();
  }));
}

void Syncer::pushNow() {
  if (!pending_ || inFlight_ || !desired_) return;
  inFlight_ = true;
  inFlightAddress_ = *desired_;
  inFlightSince_ = scheduler_.now();
  nextAttempt_.reset();
  ++pushesSent_;
  const std::string address = *desired_;
  // Stored before the request can leave: a crash from here on finds the
  // push in flight and treats its outcome as unknown.
  stateChanged();
  provider_.setRecords(RecordSet{type_, {address}},
                       lifetime_.guard([this, address](PushOutcome outcome) { onPushDone(address, outcome); }));
}

void Syncer::onPushDone(const std::string& address, const PushOutcome& outcome) {
  inFlight_ = false;
  inFlightAddress_.clear();
  stateChanged();
  if (outcome.ok()) {
    providerHolds_ = address;
  } else if (outcome.kind != PushOutcome::Kind::Permanent) {
    // A timeout or a 5xx may or may not have changed the record.
    providerHolds_.reset();
  }
  const bool stillDesired = desired_ == address;
  TraceEvent event = events::push(scheduler_.now(), scheme_, address, outcome.ok(), outcome.message);

  if (outcome.ok()) {
    lastReply_ = outcome.message;
    lastSuccessAt_ = scheduler_.now();
    if (stillDesired) {
      pending_ = false;
      failures_ = 0;
      statusSince_ = scheduler_.now();
      trace_.record(event);
      if (onSynced_) onSynced_(address);
      return;
    }
    // The selection moved on while this push was in flight: push the newer
    // address now (its failure count was reset when it became desired).
    trace_.record(event.with(field::supersededBy, *desired_));
    schedulePush(Duration{0});
    return;
  }

  lastError_ = outcome.message;
  ++pushFailures_;
  attempted_ = true;
  if (outcome.retryAfter) notBefore_ = scheduler_.now() + *outcome.retryAfter;
  statusSince_ = scheduler_.now();
  if (!stillDesired) {
    trace_.record(event.with(field::supersededBy, *desired_));
    schedulePush(Duration{0});
    return;
  }
  ++failures_;
  Duration delay = backoffAfter(failures_);
  if (outcome.kind == PushOutcome::Kind::Permanent) delay = std::max(delay, backoff_.back());
  if (outcome.retryAfter) delay = std::max(delay, *outcome.retryAfter);
  event.with(field::permanent, outcome.kind == PushOutcome::Kind::Permanent)
      .with(field::failures, static_cast<int64_t>(failures_))
      .with(field::retryInS, static_cast<double>(delay.count()) / 1000.0);
  trace_.record(event);
  schedulePush(delay);
}

}  // namespace dnsfailover
