#pragma once
// The Coordination port over etcd (engine/ports/coordination.h), through
// EtcdClient and so through the HttpClient port: pure, the same object runs
// live and in the simulation against fakes/etcd.
//
// Keys, under the configured prefix:
//   <prefix>obs/<indicator>/<site>  one site's raw view, under its lease (JSON)
//   <prefix>leader                  the leader key: the leader's site name, under its lease
//   <prefix>state/<name>            shared engine state (one entry per scheme), no lease
//
// The session, one step at a time, every lease_ttl/3:
// - no lease: grant one (lease_ttl); then campaign;
// - a lease: keep it alive; etcd saying the lease is gone (TTL 0, "lease
//   not found") ends the lease and any leadership, and the next step
//   grants a new one;
// - not leading: campaign with the leader-key txn (leader_key.h); a
//   follower that finds the key gone takes it.
// Own-clock step-down: leadership holds until two thirds of the TTL after
// the *sending* of the last successful keepalive (or grant). etcd restarted
// the lease no earlier than that send, so even a clock running up to 1.5x
// slow than etcd's stops leading before etcd can give the key away. A
// timer drops leadership then; leadsNow() checks the clock itself, so a
// process resumed after a pause reads false before its timers run.

#include <memory>
#include <string>

#include "engine/config/sites_config.h"
#include "engine/coordination/etcd_client.h"
#include "engine/core/lifetime.h"
#include "engine/ports/coordination.h"

namespace dnsfailover {

class EtcdCoordination final : public Coordination {
 public:
  // Throws std::invalid_argument without endpoints or site.
  EtcdCoordination(HttpClient& http, Scheduler& scheduler, const CoordinationConfig& config, std::string site);
  ~EtcdCoordination() override;

  void start(std::function<void()> onChange) override;
  void stop() override;

  LeaderView leader() const override { return view_; }
  bool leadsNow() const override;
  bool reachable() const override { return reachable_; }
  const std::string& lastError() const override { return lastError_; }

  void publish(std::vector<SiteObservation> mine, std::function<void(CoordinationStatus)> done) override;
  void readObservations(std::function<void(CoordinationStatus, std::vector<SiteObservation>)> done) override;
  void readSharedState(std::function<void(CoordinationStatus, std::map<std::string, std::string>)> done) override;
  void writeSharedState(std::map<std::string, std::string> entries,
                        std::function<void(CoordinationStatus)> done) override;

  const std::string& leaderKey() const { return leaderKey_; }
  // The key of one report, and the value a report is written as.
  std::string observationKey(const std::string& indicator, const std::string& site) const;
  static std::string observationValue(const SiteObservation& observation);
  // nullopt when `value` is not a report this code wrote.
  static std::optional<SiteObservation> parseObservation(const std::string& prefix, const EtcdKeyValue& kv);

 private:
  void step();
  void scheduleStep(Duration delay);
  void grant();
  void keepAlive();
  void campaign();
  void armStepDown(TimePoint sentAt, int64_t ttlSeconds);
  void lose(const std::string& why);
  void leaseGone(const std::string& why);
  // Reachability from one call's outcome; `error` names what failed.
  void reached(bool ok, const std::string& error);
  // A rejected "lease not found" means our session is over.
  bool isLeaseGone(const EtcdError& error) const;
  void changed();

  Scheduler& scheduler_;
  EtcdClient client_;
  CoordinationConfig config_;
  std::string site_;
  std::string leaderKey_;
  std::string obsPrefix_;
  std::string statePrefix_;
  std::function<void()> onChange_;
  bool running_ = false;
  bool stepBusy_ = false;
  TimerId stepTimer_ = kNoTimer;
  TimerId stepDownTimer_ = kNoTimer;
  TimePoint validUntil_{};  // own clock: leadership cannot outlive this
  LeaderView view_;
  bool reachable_ = false;
  std::string lastError_;
  Lifetime lifetime_;
};

}  // namespace dnsfailover
