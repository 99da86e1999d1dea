#include "sim/site_expectations.h"

#include <algorithm>
#include <map>

#include "sim/coordination_world.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/world_observer.h"

namespace dnsfailover::sim {
namespace {

ExpectationResult fail(const Expectation& e, std::string detail) { return {e.path, e.describe(), false, std::move(detail)}; }
ExpectationResult pass(const Expectation& e, std::string detail) { return {e.path, e.describe(), true, std::move(detail)}; }

std::string seconds(Duration d) { return formatDuration(d); }

// What each engine said of its own leadership (leader events), in order.
class Claims {
 public:
  explicit Claims(const RunFacts& facts) {
    if (facts.events == nullptr) return;
    for (const TraceEvent& event : *facts.events) {
      if (event.type == EventType::Leader) bySite_[event.text(field::site)].emplace_back(event.t, event.flag(field::leads));
      // A dead engine believes nothing, and a new one starts as a follower
      // (it says so only when it wins).
      if (event.type == EventType::EngineCrash || event.type == EventType::EngineStart) {
        auto it = bySite_.find(event.text(field::origin));
        if (it != bySite_.end()) it->second.emplace_back(event.t, false);
      }
    }
  }
  bool any() const { return !bySite_.empty(); }
  bool believesAt(const std::string& site, TimePoint t) const {
    bool leads = false;
    auto it = bySite_.find(site);
    if (it == bySite_.end()) return false;
    for (const auto& [at, claim] : it->second) {
      if (at > t) break;
      leads = claim;
    }
    return leads;
  }
  // The first instant after `t` at which the site said it no longer leads.
  std::optional<TimePoint> stepDownAfter(const std::string& site, TimePoint t) const {
    auto it = bySite_.find(site);
    if (it == bySite_.end()) return std::nullopt;
    for (const auto& [at, claim] : it->second) {
      if (at > t && !claim) return at;
    }
    return std::nullopt;
  }

 private:
  std::map<std::string, std::vector<std::pair<TimePoint, bool>>> bySite_;
};

bool servingThroughout(const RunFacts& facts, const std::string& address, TimePoint from, TimePoint to) {
  if (facts.truth == nullptr) return facts.world.serving(address, from) && facts.world.serving(address, to);
  if (!facts.truth->servingAt(address, from) || !facts.truth->servingAt(address, to)) return false;
  // No change of the truth in between that could have taken it down.
  for (TimePoint t : facts.truth->changeTimes()) {
    if (t > from && t <= to && !facts.truth->servingAt(address, t)) return false;
  }
  return true;
}

ExpectationResult oneLeader(const Expectation& e, const RunFacts& facts) {
  const CoordinationWorld* etcd = facts.world.coordination();
  if (etcd == nullptr || facts.sites == nullptr) return fail(e, "the world has no sites and no coordination service");
  const TimePoint from = facts.start + e.from.value_or(Duration{0});
  const Claims claims(facts);
  std::map<std::string, int> seconds;  // leader -> whole seconds it led
  for (TimePoint t = from; t <= facts.end; t += std::chrono::seconds{1}) {
    const std::string leader = etcd->leaderAt(t);
    if (leader.empty()) return fail(e, "at " + formatIsoUtc(t) + " no site held a live lease on the leader key");
    const SiteHost* site = facts.sites->named(leader);
    if (site == nullptr) return fail(e, "at " + formatIsoUtc(t) + " the leader key names \"" + leader + "\", no site");
    if (site->outAt(t)) {
      return fail(e, "at " + formatIsoUtc(t) + " the lease was held by " + leader + ", which was stopped or dead");
    }
    for (const SiteSpec& other : facts.scenario.sites) {
      const SiteHost* host = facts.sites->named(other.name);
      if (other.name == leader || host->outAt(t) || !claims.believesAt(other.name, t)) continue;
      return fail(e, "at " + formatIsoUtc(t) + " " + other.name + " believed it led while the lease was " + leader + "'s");
    }
    ++seconds[leader];
  }
  std::string shares;
  for (const auto& [site, n] : seconds) shares += (shares.empty() ? "" : ", ") + site + " " + std::to_string(n) + " s";
  return pass(e, "led by " + (shares.empty() ? std::string("nobody (empty window)") : shares));
}

ExpectationResult noFalseFailover(const Expectation& e, const RunFacts& facts) {
  const SchemeConfig* scheme = schemeNamed(facts, e.scheme);
  if (scheme == nullptr) return fail(e, "no scheme named \"" + e.scheme + "\"");
  auto priorityOf = [&](const std::string& address) -> std::optional<int> {
    for (const MemberConfig& m : scheme->members) {
      if (m.address == address) return m.priority;
    }
    return std::nullopt;
  };
  const RecordHistory history = recordHistory(facts.zones, scheme->fqdn, "A");
  int moves = 0;
  for (size_t i = 1; i < history.size(); ++i) {
    const std::string& was = history[i - 1].second;
    const std::string& now = history[i].second;
    const TimePoint t = history[i].first;
    if (was.empty() || was == now) continue;
    ++moves;
    const std::optional<int> wasPriority = priorityOf(was);
    if (!wasPriority) continue;  // not a member's address (the zone's first value)
    const std::optional<int> nowPriority = priorityOf(now);
    if (nowPriority && *nowPriority > *wasPriority) continue;  // back to a better server
    const TimePoint since = std::max(facts.start, t - e.within);
    if (servingThroughout(facts, was, since, t)) {
      return fail(e, "at " + formatIsoUtc(t) + " the record moved from " + was + " to " +
                         (now.empty() ? std::string("no record") : now) + ", but " + was + " had been serving since " +
                         formatIsoUtc(since) + " at least");
    }
  }
  return pass(e, std::to_string(moves) + " record moves, none off a serving server");
}

// The first answered push by a site other than `dead` after `t`.
std::optional<TimePoint> firstPushByOther(const RunFacts& facts, const std::string& dead, TimePoint t) {
  for (const TraceEvent& event : *facts.events) {
    if (event.t <= t || event.type != EventType::Push || !event.flag(field::ok)) continue;
    if (event.text(field::origin) != dead) return event.t;
  }
  return std::nullopt;
}

ExpectationResult handoverWithin(const Expectation& e, const RunFacts& facts) {
  const CoordinationWorld* etcd = facts.world.coordination();
  if (etcd == nullptr || facts.events == nullptr) return fail(e, "the world has no coordination service");
  int deaths = 0;
  Duration slowest{0};
  for (const TraceEvent& event : *facts.events) {
    if (event.type != EventType::Fault) continue;
    const std::string kind = event.text(field::kind);
    if (kind != "site_crash" && kind != "site_pause") continue;
    const std::string site = event.text(field::target);
    if (etcd->leaderAt(event.t) != site) continue;
    ++deaths;
    const std::optional<TimePoint> push = firstPushByOther(facts, site, event.t);
    if (!push) return fail(e, "the leader " + site + " died at " + formatIsoUtc(event.t) + "; no other site pushed after");
    const Duration took = *push - event.t;
    if (took > e.within) {
      return fail(e, "the leader " + site + " died at " + formatIsoUtc(event.t) + "; the next push by another site came " +
                         seconds(took) + " later");
    }
    slowest = std::max(slowest, took);
  }
  if (deaths == 0) return fail(e, "the leader never died: nothing to judge");
  return pass(e, std::to_string(deaths) + " leader deaths, slowest handover " + seconds(slowest));
}

ExpectationResult noPushWithoutLease(const Expectation& e, const RunFacts& facts) {
  const CoordinationWorld* etcd = facts.world.coordination();
  if (etcd == nullptr || facts.sites == nullptr) return fail(e, "the world has no sites and no coordination service");
  size_t judged = 0;
  for (const ProviderRequest& r : facts.sites->providerRequests()) {
    ++judged;
    const std::string& site = facts.scenario.sites.at(r.site).name;
    const std::string leader = etcd->leaderAt(r.sent);
    if (leader != site) {
      return fail(e, "at " + formatIsoUtc(r.sent) + " " + site + " sent " + r.method + " to the provider at " + r.to +
                         " while " + (leader.empty() ? std::string("nobody") : leader) + " held the lease");
    }
  }
  std::string windows;
  for (const std::string& note : siteNotes(facts)) windows += "; " + note;
  return pass(e, std::to_string(judged) + " provider requests, each by the lease holder" + windows);
}

}  // namespace

ExpectationResult evaluateSiteExpectation(const Expectation& e, const RunFacts& facts) {
  switch (e.kind) {
    case Expectation::Kind::OneLeader: return oneLeader(e, facts);
    case Expectation::Kind::NoFalseFailover: return noFalseFailover(e, facts);
    case Expectation::Kind::HandoverWithin: return handoverWithin(e, facts);
    case Expectation::Kind::NoPushWithoutLease: return noPushWithoutLease(e, facts);
    default: return fail(e, "not a site expectation");
  }
}

std::vector<StaleLeaderWindow> staleLeaderWindows(const RunFacts& facts) {
  std::vector<StaleLeaderWindow> out;
  const CoordinationWorld* etcd = facts.world.coordination();
  if (etcd == nullptr) return out;
  const std::vector<LeaderState>& history = etcd->leaderHistory();
  const Claims claims(facts);
  for (size_t i = 0; i < history.size(); ++i) {
    const LeaderState& held = history[i];
    if (held.holder.empty() || held.lease == 0) continue;
    // The lease ran out when nothing renewed it before its deadline: the
    // next state (or the end) comes after the deadline, and is not the same
    // lease kept alive.
    const bool renewed = i + 1 < history.size() && history[i + 1].lease == held.lease &&
                         history[i + 1].holder == held.holder;
    if (renewed) continue;
    const TimePoint next = i + 1 < history.size() ? history[i + 1].seen : facts.end;
    // Gone before its deadline: revoked or deleted; after the end: alive.
    if (held.deadline > next || held.deadline > facts.end) continue;
    const int index = facts.scenario.siteIndex(held.holder);
    if (index < 0) continue;
    // An engine that stepped down by its own clock before the lease ran
    // out left no window; where engines say nothing (no leader events),
    // every lapse counts.
    if (claims.any() && !claims.believesAt(held.holder, held.deadline)) continue;
    StaleLeaderWindow w;
    w.site = held.holder;
    w.expired = held.deadline;
    w.learnt = facts.end;
    // It knows once its engine says so, or at the latest once it hears from etcd.
    std::optional<TimePoint> knew = claims.stepDownAfter(held.holder, held.deadline);
    const std::vector<TimePoint>& contacts = etcd->contacts(facts.scenario.sites[static_cast<size_t>(index)].address);
    if (auto c = std::upper_bound(contacts.begin(), contacts.end(), held.deadline); c != contacts.end()) {
      knew = knew ? std::min(*knew, *c) : *c;
    }
    if (knew && *knew <= facts.end) {
      w.learnt = *knew;
      w.heard = true;
    }
    if (facts.sites != nullptr) {
      for (const ProviderRequest& r : facts.sites->providerRequests()) {
        if (r.site == static_cast<size_t>(index) && r.sent >= w.expired && r.sent <= w.learnt) ++w.providerRequests;
      }
    }
    out.push_back(w);
  }
  return out;
}

std::vector<std::string> siteNotes(const RunFacts& facts) {
  std::vector<std::string> notes;
  if (const CoordinationWorld* etcd = facts.world.coordination()) {
    std::string served;
    uint64_t total = 0;
    for (size_t i = 0; i < etcd->servedByMember().size(); ++i) {
      served += (i ? ", " : "") + etcd->members()[i] + " " + std::to_string(etcd->servedByMember()[i]);
      total += etcd->servedByMember()[i];
    }
    int terms = 0;  // leader key taken afresh (a new create revision)
    int64_t fence = 0;
    for (const LeaderState& s : etcd->leaderHistory()) {
      if (!s.holder.empty() && s.createRevision != fence) ++terms;
      fence = s.holder.empty() ? 0 : s.createRevision;
    }
    notes.push_back("etcd served " + std::to_string(total) + " requests (" + served + "); the leader key was taken " +
                    std::to_string(terms) + " times");
  }
  for (const StaleLeaderWindow& w : staleLeaderWindows(facts)) {
    notes.push_back("stale-leader window of " + w.site + ": its lease ran out at " + formatIsoUtc(w.expired) + ", " +
                    (w.heard ? "it knew " + formatDuration(w.learnt - w.expired) + " later"
                             : "it still did not know at the end (" + formatDuration(w.learnt - w.expired) + ")") +
                    "; " + std::to_string(w.providerRequests) + " provider requests sent in it");
  }
  return notes;
}

}  // namespace dnsfailover::sim
