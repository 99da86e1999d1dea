#include "engine/syncer/syncer.h"

#include "engine/core/coverage.h"

#include <algorithm>
#include <cassert>
#include <memory>

namespace dnsfailover {

const char* syncStatusName(SyncStatus status) {
  switch (status) {
    case SyncStatus::NotConfigured: return "not configured";
    case SyncStatus::Wait: return "wait";
    case SyncStatus::Retry: return "retry";
    case SyncStatus::Synced: return "synced";
    case SyncStatus::DryRun: return "dry run";
  }
  return "?";
}

Syncer::Syncer(std::string scheme, Provider& provider, std::vector<Duration> backoff, Scheduler& scheduler,
               TraceSink& trace)
    : scheme_(std::move(scheme)),
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

namespace {

TraceEvent typed(TraceEvent event, RecordType type) { return event.with(field::rtype, recordTypeName(type)); }

}  // namespace

void Syncer::restoreState(const SchemeState& state) {
  desired_ = state.desired;
  providerHolds_ = state.providerHolds;
  owed_ = state.owed;
  attempted_ = state.attempted;
  failures_ = state.failures;
  notBefore_ = state.notBefore;
  statusSince_ = state.statusSince;
  lastReply_ = state.lastReply;
  lastError_ = state.lastError;
  pushesSent_ = state.pushesSent;
  provider_.restoreCachedIds(state.providerCache);
  // Only desired types can be owed.
  std::erase_if(owed_, [&](RecordType t) { return !desired_.contains(t); });
  if (state.inFlight) {
    // The answer was lost with the process: the push may or may not have
    // landed. Push the desired set again, never assume.
    const RecordType type = state.inFlight->type;
    providerHolds_.erase(type);
    if (desired_.contains(type)) owed_.insert(type);
    orphan_ = *state.inFlight;
    orphanUntil_ = scheduler_.now() + kRequestLifetime;
    coverage::hit(coverage::Mark::PushUnknownAfterRestart);
    trace_.record(typed(events::pushUnknown(scheduler_.now(), scheme_, state.inFlight->joined()), type));
  }
  // Owed types the provider is known to hold already are settled.
  std::erase_if(owed_, [&](RecordType t) {
    auto held = providerHolds_.find(t);
    return held != providerHolds_.end() && held->second == desired_.at(t);
  });
  if (owed_.empty()) {
    if (!desired_.empty()) coverage::hit(coverage::Mark::RestoreFoundSynced);
    return;
  }
  const TimePoint now = scheduler_.now();
  const TimePoint due = state.inFlight ? now : std::max(now, state.nextAttempt.value_or(now));
  // A window still open when the process stopped stays open until its end.
  if (pushDelay_.count() > 0 && !attempted_ && !state.inFlight && due > now) windowEnd_ = due;
  schedulePush(due - now);  // and not before notBefore_
}

void Syncer::captureState(SchemeState& state) const {
  state.desired = desired_;
  state.providerHolds = providerHolds_;
  state.inFlight = inFlight_ ? std::optional<RecordSet>(inFlightSet_) : std::nullopt;
  state.inFlightSince = inFlight_ ? std::optional<TimePoint>(inFlightSince_) : std::nullopt;
  state.owed = owed_;
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
  if (desired_.empty()) return SyncStatus::NotConfigured;
  if (dryRun_) return SyncStatus::DryRun;
  if (owed_.empty()) return SyncStatus::Synced;
  return attempted_ ? SyncStatus::Retry : SyncStatus::Wait;
}

Duration Syncer::backoffAfter(int failures) const {
  const size_t index = static_cast<size_t>(std::max(failures, 1) - 1);
  return backoff_[std::min(index, backoff_.size() - 1)];
}

void Syncer::setDesired(const RecordSets& records) {
  bool changed = false;
  for (const auto& [type, addresses] : records) {
    auto it = desired_.find(type);
    if (it != desired_.end() && it->second == addresses) continue;
    desired_[type] = addresses;
    owed_.insert(type);
    changed = true;
  }
  if (!changed) return;
  const TimePoint now = scheduler_.now();
  if (inFlight_) coverage::hit(coverage::Mark::PushDuringInFlight);
  attempted_ = false;
  failures_ = 0;
  statusSince_ = now;
  if (pushDelay_.count() > 0 && !(windowEnd_ && *windowEnd_ > now)) windowEnd_ = now + pushDelay_;
  stateChanged();
  schedulePush(windowLeft());
}

Duration Syncer::windowLeft() const {
  if (!windowEnd_) return Duration{0};
  return std::max(Duration{0}, *windowEnd_ - scheduler_.now());
}

void Syncer::forcePush() {
  if (desired_.empty()) return;
  windowEnd_.reset();  // the operator asked for now
  for (const auto& [type, addresses] : desired_) {
    owed_.insert(type);
    trace_.record(typed(events::forcePush(scheduler_.now(), scheme_, RecordSet{type, addresses}.joined()), type));
  }
  attempted_ = false;
  failures_ = 0;
  statusSince_ = scheduler_.now();
  stateChanged();
  schedulePush(Duration{0});
}

void Syncer::gateOpened() {
  if (!owed_.empty() && !inFlight_) schedulePush(windowLeft());
}

void Syncer::adoptShared(const SchemeState* shared) {
  providerHolds_.clear();
  if (shared != nullptr) {
    providerHolds_ = shared->providerHolds;
    notBefore_ = std::max(notBefore_, shared->notBefore);
    provider_.restoreCachedIds(shared->providerCache);
    if (shared->inFlight) {
      // The previous leader's push may still land: treat it as after a restart.
      providerHolds_.erase(shared->inFlight->type);
      orphan_ = *shared->inFlight;
      orphanUntil_ = scheduler_.now() + kRequestLifetime;
    }
  }
  owed_.clear();
  for (const auto& [type, addresses] : desired_) {
    auto held = providerHolds_.find(type);
    if (held == providerHolds_.end() || held->second != addresses) owed_.insert(type);
  }
  attempted_ = false;
  failures_ = 0;
  statusSince_ = scheduler_.now();
  stateChanged();
}

void Syncer::schedulePush(Duration delay) {
  scheduler_.cancel(timer_);
  timer_ = kNoTimer;
  // An in-flight push re-checks `desired_` when it completes.
  if (inFlight_) return;
  nextAttempt_ = std::max(scheduler_.now() + delay, notBefore_);
  if (orphan_ && !owed_.empty()) {
    const RecordType next = *owed_.begin();
    if (next == orphan_->type && recordSetOf(desired_, next) != *orphan_) {
      nextAttempt_ = std::max(*nextAttempt_, orphanUntil_);
    }
  }
  timer_ = scheduler_.scheduleAt(*nextAttempt_, lifetime_.guard([this] {
    timer_ = kNoTimer;
    pushNow();
  }));
}

void Syncer::pushNow() {
  if (owed_.empty() || inFlight_) return;
  if (pushGate_ && !pushGate_()) {
    // Not the leader (any more): owed, not sent, until gateOpened().
    nextAttempt_.reset();
    return;
  }
  if (windowEnd_) {
    windowEnd_.reset();
    if (!attempted_) {
      // The window closed: types whose set came back to what the provider
      // already holds cancelled out inside it, and are not sent.
      std::erase_if(owed_, [&](RecordType t) {
        auto held = providerHolds_.find(t);
        return held != providerHolds_.end() && held->second == desired_.at(t);
      });
      if (owed_.empty()) {
        nextAttempt_.reset();
        statusSince_ = scheduler_.now();
        stateChanged();
        return;
      }
    }
  }
  if (dryRun_) {
    // Owed, never sent: owed_ stays and providerHolds_ is untouched.
    nextAttempt_.reset();
    attempted_ = false;
    statusSince_ = scheduler_.now();
    for (RecordType t : owed_) {
      trace_.record(typed(events::wouldPush(scheduler_.now(), scheme_, recordSetOf(desired_, t).joined()), t));
    }
    stateChanged();
    return;
  }
  const RecordType type = *owed_.begin();
  assert(desired_.contains(type));
  const RecordSet set = recordSetOf(desired_, type);
  inFlight_ = true;
  inFlightSet_ = set;
  inFlightSince_ = scheduler_.now();
  nextAttempt_.reset();
  ++pushesSent_;
  // Stored before the request can leave: a crash from here on finds the
  // push in flight and treats its outcome as unknown.
  stateChanged();
  if (!pushGuard_) {
    send(set);
    return;
  }
  pushGuard_(set, lifetime_.guard([this, set](bool go) {
    if (go && (!pushGate_ || pushGate_())) {
      send(set);
      return;
    }
    // Not sent: it stays owed, and nothing is in flight after all.
    inFlight_ = false;
    inFlightSet_ = {};
    --pushesSent_;
    stateChanged();
    schedulePush(kGuardRetry);
  }));
}

void Syncer::send(const RecordSet& set) {
  provider_.setRecords(set, lifetime_.guard([this, set](PushOutcome outcome) { onPushDone(set, outcome); }));
}

std::optional<TimePoint> Syncer::lateLandingUntil(const RecordSet& confirmed) {
  const TimePoint now = scheduler_.now();
  std::erase_if(mayLandLate_, [&](const MayLandLate& late) { return late.until <= now; });
  std::optional<TimePoint> until;
  for (const MayLandLate& late : mayLandLate_) {
    if (late.set.type != confirmed.type || late.set == confirmed) continue;
    until = std::max(until.value_or(late.until), late.until);
  }
  return until;
}

void Syncer::onPushDone(const RecordSet& pushed, const PushOutcome& outcome) {
  const RecordType type = pushed.type;
  inFlight_ = false;
  inFlightSet_ = {};
  stateChanged();
  if (outcome.ok()) {
    providerHolds_[type] = pushed.addresses;
  } else if (outcome.kind != PushOutcome::Kind::Permanent) {
    // A timeout or a 5xx may or may not have changed the record, now or
    // when the request still gets there.
    providerHolds_.erase(type);
    mayLandLate_.push_back({pushed, scheduler_.now() + kRequestLifetime});
  }
  const RecordSet now = recordSetOf(desired_, type);
  const bool stillDesired = now == pushed;
  TraceEvent event = typed(events::push(scheduler_.now(), scheme_, pushed.joined(), outcome.ok(), outcome.message), type);
  if (outcome.ok() && outcome.proxied) event.with(field::proxied, true);

  if (outcome.ok()) {
    lastReply_ = outcome.message;
    lastSuccessAt_ = scheduler_.now();
    if (stillDesired) {
      if (const std::optional<TimePoint> late = lateLandingUntil(pushed)) {
        // An older set of this type may still land on top of this one:
        // push this one again once it no longer can.
        coverage::hit(coverage::Mark::LateLandingRecheck);
        failures_ = 0;
        trace_.record(event.with(field::recheckInS, static_cast<double>((*late - scheduler_.now()).count()) / 1000.0));
        if (onSynced_) onSynced_(pushed, outcome.proxied);
        schedulePush(std::max(*late - scheduler_.now(), windowLeft()));
        return;
      }
      owed_.erase(type);
      if (owed_.empty()) {
        windowEnd_.reset();
        failures_ = 0;
        statusSince_ = scheduler_.now();
      }
      trace_.record(event);
      if (onSynced_) onSynced_(pushed, outcome.proxied);
      // Another type is owed too (dual stack): push it now.
      if (!owed_.empty()) schedulePush(Duration{0});
      return;
    }
    // The selection moved on while this push was in flight: push the newer
    // set now (its failure count was reset when it became desired).
    coverage::hit(coverage::Mark::SupersededPushLanded);
    trace_.record(event.with(field::supersededBy, now.joined()));
    schedulePush(windowLeft());
    return;
  }

  lastError_ = outcome.message;
  ++pushFailures_;
  attempted_ = true;
  if (outcome.retryAfter) notBefore_ = scheduler_.now() + *outcome.retryAfter;
  statusSince_ = scheduler_.now();
  if (!stillDesired) {
    trace_.record(event.with(field::supersededBy, now.joined()));
    schedulePush(windowLeft());
    return;
  }
  ++failures_;
  Duration delay = backoffAfter(failures_);
  if (outcome.kind == PushOutcome::Kind::Permanent) {
    delay = std::max(delay, backoff_.back());
    coverage::hit(coverage::Mark::PermanentPushFailure);
  }
  if (outcome.retryAfter) {
    delay = std::max(delay, *outcome.retryAfter);
    coverage::hit(coverage::Mark::RetryAfterHonoured);
  }
  if (static_cast<size_t>(failures_) >= backoff_.size()) coverage::hit(coverage::Mark::BackoffLastStep);
  event.with(field::permanent, outcome.kind == PushOutcome::Kind::Permanent)
      .with(field::failures, static_cast<int64_t>(failures_))
      .with(field::retryInS, static_cast<double>(delay.count()) / 1000.0);
  trace_.record(event);
  schedulePush(delay);
}

}  // namespace dnsfailover
