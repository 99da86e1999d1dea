#pragma once
// One failover scheme: watches its member indicators, applies the selection
// rule (selectAnswer with the scheme's AnswerRule) to each record type on
// its own (IPv4 members make the A record, IPv6 members the AAAA record; a
// family with no member has no record), and hands the chosen sets to its
// Syncer. A type whose rule says "keep" (every member down) is left as it
// is.
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

#include <map>
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
  // Indices into config().members of the current choice (every record
  // type), highest priority first; empty before the first choice.
  const std::vector<size_t>& selectedMembers() const { return selected_; }
  // The first of them, if any (the one choice of a single-record scheme).
  std::optional<size_t> selected() const {
    return selected_.empty() ? std::nullopt : std::optional<size_t>(selected_.front());
  }
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
  void choose(std::map<RecordType, std::vector<size_t>> next);

  std::vector<RecordType> types_;  // the record types this scheme keeps
  // Per type, the members published; a type is absent until first chosen.
  std::map<RecordType, std::vector<size_t>> chosen_;
  std::vector<size_t> selected_;  // chosen_ flattened, by priority
  uint64_t failovers_ = 0;
};

}  // namespace dnsfailover
