#pragma once
// Keeps one scheme's record at the provider equal to the selected address.
//
// Rules (okerr's, plus one of our own: an older address never overtakes a
// newer one):
// - a new desired address marks a push pending, resets the failure count and
//   pushes at once;
// - failures are retried after the backoff schedule (0, 30, 60, 300, 3600,
//   7200 s, then the last entry again), stretched by a provider's Retry-After;
//   permanent failures (bad credentials) wait the slow end of the schedule;
// - a provider's "wait until" (Retry-After, HE's interval) holds for every
//   push, also of a newer address: pushing into a rate limit only burns
//   requests and can extend the block;
// - one push at a time: a change while a push is in flight is pushed right
//   after it, so an older address can never overtake a newer one;
// - "synced" means the provider confirmed the latest desired address.
//
// Its state can be captured and restored (restart, reload). The address the
// provider holds is known only from a confirmed push; a push whose answer
// never came (a crash while it was in flight) leaves it unknown, so the
// restored syncer pushes again rather than assume either outcome. A restored
// syncer whose provider is known to hold the desired address pushes nothing.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/lifetime.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/trace.h"
#include "engine/providers/provider.h"
#include "engine/state/engine_state.h"

namespace dnsfailover {

enum class SyncStatus { NotConfigured, Wait, Retry, Synced };
const char* syncStatusName(SyncStatus status);

class Syncer {
 public:
  // `type` is the record this syncer keeps (the members' address family).
  Syncer(std::string scheme, RecordType type, Provider& provider, std::vector<Duration> backoff,
         Scheduler& scheduler, TraceSink& trace);
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;
  ~Syncer();

  // The selection changed. Does nothing when `address` is already desired.
  void setDesired(const std::string& address);
  // okerr's "Force set DNS": push the desired address again now.
  void forcePush();
  // Runs after each push that leaves the provider holding the desired
  // address (propagation watching starts from there).
  void setSyncedListener(std::function<void(const std::string& address)> listener) {
    onSynced_ = std::move(listener);
  }

  // Runs whenever something worth storing changed.
  void setStateListener(std::function<void()> listener) { onStateChange_ = std::move(listener); }
  // Resumes from `state` (fields of SchemeState that belong to the syncer)
  // and schedules the push it still owes, if any.
  void restoreState(const SchemeState& state);
  // Fills the syncer's fields of `state`.
  void captureState(SchemeState& state) const;
  // Cancels the pending timer and drops the answer of a push in flight.
  void stop();

  SyncStatus status() const;
  // The address the provider is known to hold; nullopt when unknown.
  const std::optional<std::string>& providerHolds() const { return providerHolds_; }
  const std::optional<std::string>& desired() const { return desired_; }
  const std::string& lastReply() const { return lastReply_; }  // last success text
  const std::string& lastError() const { return lastError_; }  // last failure text
  int consecutiveFailures() const { return failures_; }
  bool inFlight() const { return inFlight_; }
  std::optional<TimePoint> nextAttempt() const { return nextAttempt_; }
  TimePoint statusSince() const { return statusSince_; }
  uint64_t pushesSent() const { return pushesSent_; }
  // Pushes that failed, and when a push last succeeded, since this process
  // started (for the metrics; not stored).
  uint64_t pushFailures() const { return pushFailures_; }
  const std::optional<TimePoint>& lastSuccessAt() const { return lastSuccessAt_; }

  Duration backoffAfter(int failures) const;

  // How long a request can still reach the provider after it was sent (the
  // providers' request timeout). A syncer restored with a push in flight
  // pushes a *different* address only this long after the restore, so a
  // request of the dead process cannot land after the new one; the same
  // address again is harmless and goes at once.
  static constexpr Duration kRequestLifetime = std::chrono::seconds{10};

 private:
  void schedulePush(Duration delay);
  void pushNow();
  void onPushDone(const std::string& address, const PushOutcome& outcome);
  void stateChanged();

  std::string scheme_;
  RecordType type_;
  Provider& provider_;
  std::vector<Duration> backoff_;
  Scheduler& scheduler_;
  TraceSink& trace_;

  std::optional<std::string> desired_;
  bool pending_ = false;
  bool attempted_ = false;  // a push of the current desired value has been tried
  bool inFlight_ = false;
  std::string inFlightAddress_;
  TimePoint inFlightSince_{};
  std::string orphanAddress_;  // the dead process's push, still possibly on its way
  TimePoint orphanUntil_{};
  std::optional<std::string> providerHolds_;
  int failures_ = 0;
  TimerId timer_ = kNoTimer;
  std::optional<TimePoint> nextAttempt_;
  TimePoint notBefore_{};  // the provider asked us not to call before this
  std::string lastReply_;
  std::string lastError_;
  TimePoint statusSince_{};
  uint64_t pushesSent_ = 0;
  uint64_t pushFailures_ = 0;
  std::optional<TimePoint> lastSuccessAt_;
  std::function<void(const std::string&)> onSynced_;
  std::function<void()> onStateChange_;
  // Guards timers and provider answers arriving after stop or destruction.
  Lifetime lifetime_;
};

}  // namespace dnsfailover
