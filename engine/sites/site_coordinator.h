#pragma once
// One site's part in a multi-site deployment (issue 10), between the
// engine's indicators and schemes and the Coordination port:
//
// - every `report_every` it publishes this site's raw result of every
//   indicator (under its lease) and reads every site's reports;
// - each check's raw result is judged with the other sites' newest
//   reports by the indicator's quorum rule (quorum.h) and the quorum result
//   is what the status machine is fed (Indicator::setJudge);
// - a report counts only while it is fresh: it was first seen, by this
//   engine's own clock, less than `stale_after` ago (the reporter's clock is
//   never trusted, so a drifting site cannot make itself look fresh); a site
//   whose own sanity check fails says so in its reports and does not vote;
// - only the leader pushes: on winning, it reads the shared state (fenced),
//   adopts from it what the provider holds (Syncer::adoptShared) and only
//   then opens the syncers' gate; every push waits for a fenced write of
//   the state with the push in flight, and every change of a syncer's state
//   is written with a fenced txn; a fence that fails steps the site down at
//   once (the Coordination port's contract);
// - without the coordination service the site keeps probing and judging
//   with what it has (stale sites drop out, its own vote remains) and
//   pushes nothing.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/monitor/indicator.h"
#include "engine/ports/coordination.h"
#include "engine/ports/trace.h"
#include "engine/scheme/scheme.h"
#include "engine/sites/quorum.h"

namespace dnsfailover {

// What this engine knows of one site (for the page, the API, the metrics,
// and the simulation's judges).
struct SiteView {
  std::string name;
  bool self = false;
  // By this engine's clock: when its newest report was first seen (self:
  // when it last published one); none before the first.
  std::optional<TimePoint> lastReport;
  bool voting = false;
  std::string notVoting;  // why not: "no report", "stale", "sanity check failed"; "" when voting
  struct IndicatorVote {
    std::string indicator;
    Status status = Status::Unknown;  // the site's raw result
    std::string reason;
  };
  std::vector<IndicatorVote> indicators;  // in config order
};

// The last quorum judgement of one indicator.
struct QuorumView {
  std::string indicator;
  std::optional<Status> result;  // none before the first judgement with voters
  QuorumTally tally;
};

class SiteCoordinator {
 public:
  struct Parts {
    Scheduler& scheduler;
    HttpClient& http;  // the sanity check
    Random& random;
    TraceSink& trace;
    Coordination& coordination;
    std::vector<Indicator*> indicators;
    std::vector<Scheme*> schemes;
    // Runs after each of our own steps (a report read, a leadership
    // change), so the engine can commit what changed.
    std::function<void()> endStep;
  };
  // Throws std::invalid_argument when config.site is not one of sites.names.
  SiteCoordinator(const EngineConfig& config, Parts parts);
  SiteCoordinator(const SiteCoordinator&) = delete;
  SiteCoordinator& operator=(const SiteCoordinator&) = delete;
  ~SiteCoordinator();

  void start();
  void stop();

  // A syncer of ours changed state: the leader writes it to the shared state.
  void schemeChanged(size_t schemeIndex);

  const std::string& site() const { return site_; }
  std::vector<SiteView> sites() const;
  std::vector<QuorumView> quorums() const;
  LeaderView leader() const { return coordination_.leader(); }
  // This engine pushes: it leads (by its own clock too) and has adopted the shared state.
  bool mayPush() const;
  bool reachable() const { return coordination_.reachable(); }
  const std::string& coordinationError() const { return coordination_.lastError(); }
  bool sane() const;

 private:
  struct Report {
    bool present = false;
    Status status = Status::Unknown;
    std::string reason;
    bool sane = true;
    int64_t revision = 0;
    TimePoint seenAt{};  // our clock, when this revision was first read
  };
  struct Shown {  // the last site_view event per (indicator, site)
    Status status = Status::Unknown;
    bool voting = false;
    bool emitted = false;
  };

  std::optional<bool> judge(size_t indicator, bool rawOk);
  bool reportVotes(const Report& report) const;
  SiteVote voteOf(size_t indicator, size_t site) const;
  void show(size_t indicator, size_t site);
  void reportTick();
  void onReports(std::vector<SiteObservation> observations);
  void onCoordinationChange();
  void takeOver();
  void flush();
  void guardPush(size_t scheme, std::function<void(bool)> decided);
  void refuseGuards();

  const SitesConfig sites_;
  std::string site_;
  size_t self_ = 0;
  Scheduler& scheduler_;
  TraceSink& trace_;
  Coordination& coordination_;
  std::vector<Indicator*> indicators_;
  std::vector<Scheme*> schemes_;
  std::map<std::string, size_t, std::less<>> indicatorIndex_;
  std::function<void()> endStep_;
  NullTraceSink quiet_;              // the sanity check's own events are not the world's
  std::unique_ptr<Indicator> sanity_;  // none without a sanity target
  std::vector<std::vector<Report>> reports_;  // [indicator][site]
  std::vector<std::vector<Shown>> shown_;     // [indicator][site]
  std::vector<QuorumView> quorum_;
  std::optional<TimePoint> lastPublished_;
  bool running_ = false;
  bool leading_ = false;
  bool reachableShown_ = false;
  bool reachableEmitted_ = false;
  bool adopted_ = false;      // the shared state is read since we last won
  int64_t adoptedAt_ = 0;     // the fence revision it was read under
  std::set<size_t> dirty_;    // schemes whose state the shared state lacks
  bool flushing_ = false;
  std::vector<std::function<void(bool)>> pendingGuards_;  // pushes waiting for their fenced write
  TimerId reportTimer_ = kNoTimer;
  TimerId retryTimer_ = kNoTimer;
  Lifetime lifetime_;
};

}  // namespace dnsfailover
