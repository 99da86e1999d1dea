#include "engine/sites/site_coordinator.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include "engine/ports/store.h"
#include "engine/ports/trace_events.h"
#include "engine/state/state_json.h"

namespace dnsfailover {
namespace {

IndicatorConfig sanityIndicator(const SanityConfig& sanity, Duration period) {
  IndicatorConfig c;
  c.name = "sanity";
  c.check.kind = CheckSpec::Kind::HttpGrep;
  c.check.url = sanity.url;
  c.check.musthave = sanity.contains;
  c.policy.name = "sanity";
  c.policy.period = period;
  // One failed look is not yet a lost view: two in a row are.
  c.policy.retrySchedule = {period / 2};
  return c;
}

}  // namespace

SiteCoordinator::SiteCoordinator(const EngineConfig& config, Parts parts)
    : sites_(config.sites),
      site_(config.site),
      scheduler_(parts.scheduler),
      trace_(parts.trace),
      coordination_(parts.coordination),
      indicators_(std::move(parts.indicators)),
      schemes_(std::move(parts.schemes)),
      endStep_(std::move(parts.endStep)) {
  auto it = std::find(sites_.names.begin(), sites_.names.end(), site_);
  if (it == sites_.names.end()) {
    std::string names;
    for (const std::string& n : sites_.names) names += (names.empty() ? "" : ", ") + n;
    throw std::invalid_argument("site \"" + site_ + "\" is not one of sites.names (" + names + ")");
  }
  self_ = static_cast<size_t>(it - sites_.names.begin());
  if (sites_.sanity) {
    sanity_ = std::make_unique<Indicator>(sanityIndicator(*sites_.sanity, sites_.reportEvery), parts.scheduler,
                                          parts.http, parts.random, quiet_);
  }
  reports_.assign(indicators_.size(), std::vector<Report>(sites_.names.size()));
  shown_.assign(indicators_.size(), std::vector<Shown>(sites_.names.size()));
  for (size_t i = 0; i < indicators_.size(); ++i) {
    indicatorIndex_[indicators_[i]->name()] = i;
    quorum_.push_back({indicators_[i]->name(), std::nullopt, {}});
    indicators_[i]->setJudge(
        [this, i](const Indicator&, bool rawOk) -> std::optional<bool> { return judge(i, rawOk); });
  }
  for (size_t s = 0; s < schemes_.size(); ++s) {
    Syncer& syncer = schemes_[s]->syncer();
    syncer.setPushGate([this] { return mayPush(); });
    syncer.setPushGuard([this, s](const RecordSet&, std::function<void(bool)> decided) {
      guardPush(s, std::move(decided));
    });
  }
}

SiteCoordinator::~SiteCoordinator() { stop(); }

void SiteCoordinator::start() {
  if (running_) return;
  running_ = true;
  if (sanity_) sanity_->start();
  coordination_.start(lifetime_.guard([this] { onCoordinationChange(); }));
  reportTimer_ = scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([this] { reportTick(); }));
}

void SiteCoordinator::stop() {
  running_ = false;
  lifetime_.end();
  if (sanity_) sanity_->stop();
  scheduler_.cancel(reportTimer_);
  scheduler_.cancel(retryTimer_);
  reportTimer_ = retryTimer_ = kNoTimer;
  adopted_ = false;
}

bool SiteCoordinator::sane() const { return !sanity_ || sanity_->status() != Status::Err; }

bool SiteCoordinator::mayPush() const {
  return running_ && adopted_ && coordination_.leadsNow() && coordination_.leader().revision == adoptedAt_;
}

bool SiteCoordinator::reportVotes(const Report& report) const {
  return report.present && report.sane && scheduler_.now() - report.seenAt <= sites_.staleAfter;
}

SiteVote SiteCoordinator::voteOf(size_t indicator, size_t site) const {
  if (site == self_) return {indicators_[indicator]->rawStatus(), sane()};
  const Report& r = reports_[indicator][site];
  return {r.present ? r.status : Status::Unknown, reportVotes(r)};
}

std::optional<bool> SiteCoordinator::judge(size_t indicator, bool rawOk) {
  assert(indicator < indicators_.size());
  assert(indicators_[indicator]->rawStatus() == (rawOk ? Status::Ok : Status::Err));
  (void)rawOk;  // the vote is read from the indicator, next to the others'
  show(indicator, self_);
  std::vector<SiteVote> votes;
  votes.reserve(sites_.names.size());
  for (size_t s = 0; s < sites_.names.size(); ++s) votes.push_back(voteOf(indicator, s));
  const QuorumTally tally = tallyVotes(votes);
  const std::optional<Status> result = judgeQuorum(indicators_[indicator]->config().quorum, tally);
  QuorumView& q = quorum_[indicator];
  const bool news = result && result != q.result;
  q.tally = tally;
  if (result) q.result = result;
  if (news) {
    trace_.record(events::quorum(scheduler_.now(), q.indicator, statusName(*result), tally.okVotes, tally.errVotes,
                                 tally.voters()));
  }
  if (!result) return std::nullopt;
  return *result == Status::Ok;
}

void SiteCoordinator::show(size_t indicator, size_t site) {
  const SiteVote vote = voteOf(indicator, site);
  Shown& shown = shown_[indicator][site];
  if (shown.emitted && shown.status == vote.status && shown.voting == vote.voting) return;
  // Nothing to tell about a site we have never heard of.
  if (!shown.emitted && vote.status == Status::Unknown && !vote.voting) return;
  shown = {vote.status, vote.voting, true};
  trace_.record(events::siteView(scheduler_.now(), indicators_[indicator]->name(), sites_.names[site],
                                 statusName(vote.status), vote.voting));
}

void SiteCoordinator::reportTick() {
  reportTimer_ = scheduler_.scheduleAfter(sites_.reportEvery, lifetime_.guard([this] { reportTick(); }));
  std::vector<SiteObservation> mine;
  mine.reserve(indicators_.size());
  const bool sane = this->sane();
  for (const Indicator* indicator : indicators_) {
    if (indicator->rawStatus() == Status::Unknown) continue;  // nothing seen yet: no vote to give
    // A result older than its check period allows is no view of now: after
    // a pause (SIGSTOP, a VM frozen) this tick runs before the checks do,
    // and would hand the others what the world looked like before it.
    if (scheduler_.now() - indicator->rawAt() > indicator->config().policy.period + sites_.staleAfter) continue;
    mine.push_back({indicator->name(), site_, statusName(indicator->rawStatus()), indicator->rawReason(),
                    indicator->rawAt(), sane, 0});
  }
  auto read = [this] {
    coordination_.readObservations(lifetime_.guard([this](CoordinationStatus status, std::vector<SiteObservation> obs) {
      if (status.ok) onReports(std::move(obs));
      // Stale sites drop out even when nothing could be read.
      for (size_t i = 0; i < indicators_.size(); ++i) {
        for (size_t s = 0; s < sites_.names.size(); ++s) show(i, s);
      }
      if (dirty_.size() > 0) flush();
      if (endStep_) endStep_();
    }));
  };
  if (mine.empty()) {
    read();
    return;
  }
  coordination_.publish(std::move(mine), lifetime_.guard([this, read](CoordinationStatus status) {
    if (status.ok) lastPublished_ = scheduler_.now();
    read();
  }));
}

void SiteCoordinator::onReports(std::vector<SiteObservation> observations) {
  const TimePoint now = scheduler_.now();
  // A report that vanished (its site's lease ended) is no report at all.
  std::vector<std::vector<bool>> seen(indicators_.size(), std::vector<bool>(sites_.names.size(), false));
  for (SiteObservation& o : observations) {
    auto ind = indicatorIndex_.find(o.indicator);
    auto site = std::find(sites_.names.begin(), sites_.names.end(), o.site);
    if (ind == indicatorIndex_.end() || site == sites_.names.end()) continue;  // another config's, or a removed one
    const size_t s = static_cast<size_t>(site - sites_.names.begin());
    if (s == self_) continue;  // our own vote is live, not what we published
    Report& r = reports_[ind->second][s];
    seen[ind->second][s] = true;
    if (!r.present || r.revision != o.revision) r.seenAt = now;
    r.present = true;
    r.status = statusFromName(o.status);
    r.reason = std::move(o.reason);
    r.sane = o.sane;
    r.revision = o.revision;
  }
  for (size_t i = 0; i < indicators_.size(); ++i) {
    for (size_t s = 0; s < sites_.names.size(); ++s) {
      if (!seen[i][s] && s != self_) reports_[i][s] = Report{};
    }
  }
}

void SiteCoordinator::onCoordinationChange() {
  const bool reachable = coordination_.reachable();
  if (!reachableEmitted_ || reachable != reachableShown_) {
    // The first news is the first answer (or the first failure), not the start.
    if (reachableEmitted_ || reachable || !coordination_.lastError().empty()) {
      reachableEmitted_ = true;
      reachableShown_ = reachable;
      trace_.record(events::coordination(scheduler_.now(), reachable, reachable ? "" : coordination_.lastError()));
    }
  }
  const LeaderView view = coordination_.leader();
  if (view.leads != leading_ || (view.leads && view.revision != adoptedAt_ && adopted_)) {
    leading_ = view.leads;
    trace_.record(events::leader(scheduler_.now(), site_, view.leads, view.revision));
    adopted_ = false;
    if (leading_) {
      takeOver();
    } else {
      dirty_.clear();  // the shared state is the next leader's now
    }
  }
  if (endStep_) endStep_();
}

void SiteCoordinator::takeOver() {
  const int64_t fence = coordination_.leader().revision;
  coordination_.readSharedState(lifetime_.guard([this, fence](CoordinationStatus status,
                                                               std::map<std::string, std::string> state) {
    if (!leading_) return;  // lost meanwhile
    if (coordination_.leader().revision != fence) {
      takeOver();  // taken again at a new revision meanwhile: read under that fence
      return;
    }
    if (!status.ok) {
      // Still leading by the key: try again soon; nothing is pushed meanwhile.
      scheduler_.cancel(retryTimer_);
      retryTimer_ = scheduler_.scheduleAfter(std::chrono::seconds{1}, lifetime_.guard([this, fence] {
        retryTimer_ = kNoTimer;
        if (leading_ && !adopted_ && coordination_.leader().revision == fence) takeOver();
      }));
      return;
    }
    for (size_t s = 0; s < schemes_.size(); ++s) {
      std::optional<SchemeState> shared;
      auto it = state.find("schemes/" + schemes_[s]->name());
      if (it != state.end()) {
        try {
          shared = parseSchemeStateText(it->second);
        } catch (const StoreError&) {
          shared.reset();  // unreadable: what the provider holds is unknown, push ours
        }
      }
      schemes_[s]->syncer().adoptShared(shared ? &*shared : nullptr);
      dirty_.insert(s);
    }
    adopted_ = true;
    adoptedAt_ = fence;
    flush();
    for (Scheme* scheme : schemes_) scheme->syncer().gateOpened();
    if (endStep_) endStep_();
  }));
}

void SiteCoordinator::schemeChanged(size_t schemeIndex) {
  if (!adopted_) return;
  dirty_.insert(schemeIndex);
  if (flushing_) return;
  // After the step that changed it, not inside it.
  scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([this] { flush(); }));
}

// One fenced write at a time, so a later state never lands before an
// earlier one (the state with a push in flight must not be overwritten by
// an older capture).
void SiteCoordinator::flush() {
  if (flushing_) return;
  if (!mayPush()) {
    refuseGuards();
    return;
  }
  if (dirty_.empty() && pendingGuards_.empty()) return;
  flushing_ = true;
  std::map<std::string, std::string> entries;
  for (size_t s : dirty_) entries["schemes/" + schemes_[s]->name()] = schemeStateText(schemes_[s]->captureState());
  dirty_.clear();
  std::vector<std::function<void(bool)>> guards = std::move(pendingGuards_);
  pendingGuards_.clear();
  coordination_.writeSharedState(
      std::move(entries), lifetime_.guard([this, guards = std::move(guards)](CoordinationStatus status) {
        flushing_ = false;
        if (!status.ok && adopted_) {
          // Written again with the next change or report tick (a failed
          // fence has stepped us down already).
          for (size_t s = 0; s < schemes_.size(); ++s) dirty_.insert(s);
        }
        for (const auto& decided : guards) decided(status.ok && mayPush());
        if (!pendingGuards_.empty() || (status.ok && !dirty_.empty())) flush();
      }));
}

void SiteCoordinator::refuseGuards() {
  std::vector<std::function<void(bool)>> guards = std::move(pendingGuards_);
  pendingGuards_.clear();
  for (auto& decided : guards) scheduler_.scheduleAfter(Duration{0}, [decided = std::move(decided)] { decided(false); });
}

void SiteCoordinator::guardPush(size_t scheme, std::function<void(bool)> decided) {
  // The push in flight goes to the shared state first, fenced: a site whose
  // fence fails never sends, and a next leader knows a push may be landing.
  dirty_.insert(scheme);
  pendingGuards_.push_back(std::move(decided));
  flush();
}

std::vector<SiteView> SiteCoordinator::sites() const {
  std::vector<SiteView> out;
  for (size_t s = 0; s < sites_.names.size(); ++s) {
    SiteView v;
    v.name = sites_.names[s];
    v.self = s == self_;
    bool anyReport = false;
    bool anyFresh = false;
    bool allSane = true;
    for (size_t i = 0; i < indicators_.size(); ++i) {
      if (v.self) {
        v.indicators.push_back({indicators_[i]->name(), indicators_[i]->rawStatus(), indicators_[i]->rawReason()});
        continue;
      }
      const Report& r = reports_[i][s];
      v.indicators.push_back({indicators_[i]->name(), r.present ? r.status : Status::Unknown, r.reason});
      if (!r.present) continue;
      anyReport = true;
      allSane = allSane && r.sane;
      anyFresh = anyFresh || scheduler_.now() - r.seenAt <= sites_.staleAfter;
      if (!v.lastReport || r.seenAt > *v.lastReport) v.lastReport = r.seenAt;
    }
    if (v.self) {
      v.lastReport = lastPublished_;
      v.voting = sane();
      v.notVoting = v.voting ? "" : "sanity check failed";
    } else if (!anyReport) {
      v.notVoting = "no report";
    } else if (!allSane) {
      v.notVoting = "sanity check failed";
    } else if (!anyFresh) {
      v.notVoting = "stale";
    } else {
      v.voting = true;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<QuorumView> SiteCoordinator::quorums() const { return quorum_; }

}  // namespace dnsfailover
