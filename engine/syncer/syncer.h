#pragma once
// Keeps one scheme's records at the provider equal to the selection: one
// RRset per record type (A, and AAAA for a dual-stack scheme), each pushed
// as a whole (Provider::setRecords).
//
// Rules (okerr's, plus one of our own: an older set never overtakes a
// newer one):
// - a new desired set for a type marks that type owed, resets the failure
//   count and pushes at once; types are pushed one after the other (A
//   first), each until it is confirmed;
// - failures are retried after the backoff schedule (0, 30, 60, 300, 3600,
//   7200 s, then the last entry again), stretched by a provider's Retry-After;
//   permanent failures (bad credentials) wait the slow end of the schedule;
// - a provider's "wait until" (Retry-After, HE's interval) holds for every
//   push, also of a newer address: pushing into a rate limit only burns
//   requests and can extend the block;
// - one push at a time: a change while a push is in flight is pushed right
//   after it, so an older set can never overtake a newer one;
// - a push that failed without a definite refusal (a timeout, a 5xx) may
//   still reach the provider later: its request can be on its way, or
//   queued at the provider, after we stopped waiting. When a different set
//   of that type is confirmed while such a request can still land
//   (kRequestLifetime after it failed), the confirmed set is pushed once
//   more when that time is up, so a late landing of the older set cannot
//   leave the record stale;
// - "synced" means the provider confirmed the latest desired set of every
//   type, and no older push of it can still land;
// - with a push delay (a scheme's `push_delay`, default 0) the first change
//   opens a window of that length and the push at its end carries the
//   latest desired sets, so changes within the window cost one provider
//   update; when the selection is back at what the provider is known
//   to hold by then, nothing is pushed. The window's end is the stored next
//   attempt, so a restart keeps it;
// - in a dry run (`dnsfailover run --dry-run`) a push is a would_push event
//   and nothing is sent: the push stays owed (pending) and the provider's
//   holding stays unknown, so a store written by a dry run never makes a
//   later real run believe the provider holds anything.
//
// Its state can be captured and restored (restart, reload). What the
// provider holds is known only from a confirmed push; a push whose answer
// never came (a crash while it was in flight) leaves that type unknown, so
// the restored syncer pushes it again rather than assume either outcome. A
// restored syncer whose provider is known to hold the desired sets pushes
// nothing.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/lifetime.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/trace.h"
#include "engine/providers/provider.h"
#include "engine/state/engine_state.h"

namespace dnsfailover {

enum class SyncStatus { NotConfigured, Wait, Retry, Synced, DryRun };
const char* syncStatusName(SyncStatus status);

class Syncer {
 public:
  Syncer(std::string scheme, Provider& provider, std::vector<Duration> backoff, Scheduler& scheduler,
         TraceSink& trace);
  Syncer(const Syncer&) = delete;
  Syncer& operator=(const Syncer&) = delete;
  ~Syncer();

  // The selection changed: the sets of the types in `records` become
  // desired (types not in `records` keep theirs). Does nothing when every
  // one is desired already.
  void setDesired(const RecordSets& records);
  // Shorthand for one address in an A or AAAA set (tests, single records).
  void setDesired(RecordType type, const std::string& address) { setDesired(RecordSets{{type, {address}}}); }
  // okerr's "Force set DNS": push every desired set again now.
  // Coalescing window for selection changes (0 = push at once). Before the
  // first setDesired or restoreState.
  void setPushDelay(Duration delay) { pushDelay_ = delay; }
  Duration pushDelay() const { return pushDelay_; }
  // Dry run: never call the provider (see the rules above).
  void setDryRun(bool on) { dryRun_ = on; }
  bool dryRun() const { return dryRun_; }
  void forcePush();
  // With several sites (engine/sites/site_coordinator.h): push only while
  // `gate` says so (this site leads, by its own clock too). A closed gate
  // sends nothing and keeps every owed set owed; gateOpened() pushes them.
  void setPushGate(std::function<bool()> gate) { pushGate_ = std::move(gate); }
  // And every push, just before it leaves, waits for `guard` to say go:
  // the leader first records the push in the shared state with a fenced
  // write, so a push is never sent by a site whose fence already failed.
  // While waiting the push counts as in flight; a "no" keeps it owed and
  // tries again after kGuardRetry (the gate stops it if we no longer lead).
  using PushGuard = std::function<void(const RecordSet& set, std::function<void(bool go)> decided)>;
  void setPushGuard(PushGuard guard) { pushGuard_ = std::move(guard); }
  static constexpr Duration kGuardRetry = std::chrono::seconds{1};
  void gateOpened();
  // A new leader takes, from the shared state the previous leader left,
  // what the provider is known to hold (and a push whose answer it never
  // saw, as after a restart), keeps its own desired sets, and owes exactly
  // the types where the two differ. Nothing is pushed until the gate opens.
  // Without a shared entry (`shared` null) the provider's holding is unknown.
  void adoptShared(const SchemeState* shared);
  // Runs after each push that leaves the provider holding a desired set
  // (propagation watching starts from there), with that set and whether
  // the provider publishes it through its proxy (PushOutcome::proxied).
  void setSyncedListener(std::function<void(const RecordSet& records, bool proxied)> listener) {
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
  // Per type, the set the provider is known to hold (a type is absent
  // while unknown), and the sets wanted (absent = not decided yet).
  const RecordSets& providerHolds() const { return providerHolds_; }
  const RecordSets& desired() const { return desired_; }
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

  // How long a request can still reach the provider after its sender
  // stopped waiting for it (the providers' request timeout). A syncer
  // restored with a push in flight pushes a *different* set only this long
  // after the restore, so a request of the dead process cannot land after
  // the new one; the same set again is harmless and goes at once. A live
  // push that failed unanswered is covered the same length of time (the
  // recheck in the rules above).
  static constexpr Duration kRequestLifetime = std::chrono::seconds{10};

 private:
  void schedulePush(Duration delay);
  void pushNow();
  void onPushDone(const RecordSet& pushed, const PushOutcome& outcome);
  void stateChanged();
  // Time until the open window ends (0 when none is open).
  Duration windowLeft() const;

  std::string scheme_;
  Provider& provider_;
  std::vector<Duration> backoff_;
  Duration pushDelay_{0};
  bool dryRun_ = false;
  // The current window ends here; a change before it joins the window.
  std::optional<TimePoint> windowEnd_;
  Scheduler& scheduler_;
  TraceSink& trace_;

  RecordSets desired_;
  std::set<RecordType> owed_;  // types whose desired set is not confirmed yet
  bool attempted_ = false;     // a push of the current desired sets has been tried
  bool inFlight_ = false;
  RecordSet inFlightSet_;
  TimePoint inFlightSince_{};
  std::optional<RecordSet> orphan_;  // the dead process's push, still possibly on its way
  TimePoint orphanUntil_{};
  // Failed pushes of this process that may still land, and until when.
  struct MayLandLate {
    RecordSet set;
    TimePoint until;
  };
  std::vector<MayLandLate> mayLandLate_;
  // When the newest of them that differs from `confirmed` stops being able
  // to land (nullopt: none can); forgets those whose time is up.
  std::optional<TimePoint> lateLandingUntil(const RecordSet& confirmed);
  RecordSets providerHolds_;
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
  std::function<void(const RecordSet&, bool)> onSynced_;
  std::function<void()> onStateChange_;
  std::function<bool()> pushGate_;
  PushGuard pushGuard_;
  void send(const RecordSet& set);
  // Guards timers and provider answers arriving after stop or destruction.
  Lifetime lifetime_;
};

}  // namespace dnsfailover
