#pragma once
// One failover scheme: watches its member indicators, applies the selection
// rule, and hands the chosen address to its Syncer.
//
// Start-up causes no spurious failover: the first choice is made only when
// every member has a first result, or when the start-up wait has passed
// (members still unknown then count as not OK). The same holds after a
// restart or a reload: while a member is unknown (an indicator started
// afresh) and the wait has not passed, the restored choice stands.
//
// A restored scheme keeps its choice and its syncer's state; the first
// reconsider() after start() re-derives the choice from the restored member
// statuses and pushes only if it differs from what the provider holds.

#include <memory>
#include <optional>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/monitor/indicator.h"
#include "engine/providers/provider.h"
#include "engine/syncer/syncer.h"

namespace dnsfailover {

class Scheme {
 public:
  // `members[i]` is the indicator of `config.members[i]`.
  Scheme(SchemeConfig config, std::vector<Indicator*> members, std::unique_ptr<Provider> provider,
         Scheduler& scheduler, TraceSink& trace);
  Scheme(const Scheme&) = delete;
  Scheme& operator=(const Scheme&) = delete;
  ~Scheme();

  void start();
  void stop();
  void forcePush() { syncer_.forcePush(); }

  // Before start(). With `keepChoice` false (the members changed) the
  // scheme chooses again once; the syncer's state is kept either way.
  void restoreState(const SchemeState& state, bool keepChoice);
  SchemeState captureState() const;
  // Recomputes the selection; called whenever a member changes.
  void reconsider();

  const SchemeConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  // Index into config().members of the current choice, if made yet.
  std::optional<size_t> selected() const { return selected_; }
  const Syncer& syncer() const { return syncer_; }
  Syncer& syncer() { return syncer_; }
  const std::vector<Indicator*>& members() const { return members_; }
  // Selection changes after the first choice (not stored: a counter that
  // restarts with the process, as Prometheus counters may).
  uint64_t failovers() const { return failovers_; }

 private:
  SchemeConfig config_;
  std::vector<Indicator*> members_;
  std::unique_ptr<Provider> provider_;
  Scheduler& scheduler_;
  TraceSink& trace_;
  Syncer syncer_;
  bool startupWaitOver_ = false;
  TimerId startupTimer_ = kNoTimer;
  Lifetime lifetime_;
  std::optional<size_t> selected_;
  uint64_t failovers_ = 0;
};

}  // namespace dnsfailover
