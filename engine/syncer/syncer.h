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

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/scheduler.h"
#include "engine/ports/trace.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

enum class SyncStatus { NotConfigured, Wait, Retry, Synced };
const char* syncStatusName(SyncStatus status);

class Syncer {
 public:
  Syncer(std::string scheme, Provider& provider, std::vector<Duration> backoff, Scheduler& scheduler,
         TraceSink& trace);
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

  SyncStatus status() const;
  const std::optional<std::string>& desired() const { return desired_; }
  const std::string& lastReply() const { return lastReply_; }  // last success text
  const std::string& lastError() const { return lastError_; }  // last failure text
  int consecutiveFailures() const { return failures_; }
  bool inFlight() const { return inFlight_; }
  std::optional<TimePoint> nextAttempt() const { return nextAttempt_; }
  TimePoint statusSince() const { return statusSince_; }
  uint64_t pushesSent() const { return pushesSent_; }

  Duration backoffAfter(int failures) const;

 private:
  void schedulePush(Duration delay);
  void pushNow();
  void onPushDone(const std::string& address, const PushOutcome& outcome);

  std::string scheme_;
  Provider& provider_;
  std::vector<Duration> backoff_;
  Scheduler& scheduler_;
  TraceSink& trace_;

  std::optional<std::string> desired_;
  bool pending_ = false;
  bool attempted_ = false;  // a push of the current desired value has been tried
  bool inFlight_ = false;
  int failures_ = 0;
  TimerId timer_ = kNoTimer;
  std::optional<TimePoint> nextAttempt_;
  TimePoint notBefore_{};  // the provider asked us not to call before this
  std::string lastReply_;
  std::string lastError_;
  TimePoint statusSince_{};
  uint64_t pushesSent_ = 0;
  std::function<void(const std::string&)> onSynced_;
  // Guards against a provider callback arriving after destruction.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace dnsfailover
