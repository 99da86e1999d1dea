#include "engine/status/status_view.h"

#include <algorithm>
#include <cassert>
#include <nlohmann/json.hpp>

#include "engine/engine.h"

namespace dnsfailover::status {
namespace {

using json = nlohmann::json;

json timeOrNull(const std::optional<TimePoint>& t) { return t ? json(formatIsoUtc(*t)) : json(nullptr); }

json secondsOrNull(const std::optional<Duration>& d) {
  return d ? json(static_cast<double>(d->count()) / 1000.0) : json(nullptr);
}

double seconds(Duration d) { return static_cast<double>(d.count()) / 1000.0; }

json textOrNull(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

TimePoint MatchTracker::observe(const std::string& scheme, const std::string& server, bool matches,
                                const std::string& answer, TimePoint answerChanged, TimePoint now) {
  auto [it, fresh] = entries_.try_emplace({scheme, server});
  Entry& e = it->second;
  if (fresh) {
    e.since = answerChanged;
  } else if (e.matches != matches || e.answer != answer) {
    // A new answer since the last look explains the flip; else the selection moved.
    e.since = answerChanged > e.seenAt ? answerChanged : now;
  }
  e.matches = matches;
  e.answer = answer;
  e.seenAt = now;
  return e.since;
}

std::string formatAge(Duration age) {
  int64_t s = std::max<int64_t>(0, std::chrono::duration_cast<std::chrono::seconds>(age).count());
  const int64_t d = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
  if (d > 0) return std::to_string(d) + "d " + std::to_string(h) + "h";
  if (h > 0) return std::to_string(h) + "h " + std::to_string(m) + "m";
  if (m > 0) return std::to_string(m) + "m " + std::to_string(sec) + "s";
  return std::to_string(sec) + "s";
}

StatusModel buildStatusModel(const Engine& engine, TimePoint now, MatchTracker& tracker) {
  StatusModel model;
  model.now = now;
  model.dryRun = engine.dryRun();
  for (const auto& ind : engine.indicators()) {
    IndicatorView v;
    v.name = ind->name();
    v.status = statusName(ind->status());
    v.statusSince = ind->statusSince();
    v.reason = ind->reason();
    v.maintenance = ind->maintenance();
    v.policy = ind->config().policy.name;
    v.check = checkKindName(ind->config().check.kind);
    v.checksRun = ind->checksRun();
    if (const auto& last = ind->lastCheck()) {
      v.lastCheckAt = last->at;
      v.lastCheckDuration = last->duration;
      v.lastCheckOk = last->ok;
      v.lastHttpStatus = last->httpStatus;
    }
    model.indicators.push_back(std::move(v));
  }
  const auto& schemes = engine.schemes();
  for (size_t si = 0; si < schemes.size(); ++si) {
    const Scheme& scheme = *schemes[si];
    const SchemeConfig& c = scheme.config();
    const Syncer& syncer = scheme.syncer();
    SchemeView v;
    v.name = c.name;
    v.fqdn = c.fqdn;
    v.zone = c.zone;
    v.provider = providerName(c.provider);
    v.ttl = c.ttl;
    const std::vector<size_t>& selected = scheme.selectedMembers();
    assert(scheme.members().size() == c.members.size());
    for (size_t i = 0; i < c.members.size(); ++i) {
      const Indicator& ind = *scheme.members()[i];
      MemberView m;
      m.indicator = c.members[i].indicator;
      m.status = statusName(ind.status());
      m.statusSince = ind.statusSince();
      m.reason = ind.reason();
      m.priority = c.members[i].priority;
      m.policy = ind.config().policy.name;
      m.address = c.members[i].address;
      m.maintenance = ind.maintenance();
      m.active = std::find(selected.begin(), selected.end(), i) != selected.end();
      v.members.push_back(std::move(m));
    }
    if (!selected.empty()) {
      v.selectedIndicator = c.members[selected.front()].indicator;
      std::string addresses;
      for (size_t i : selected) addresses += (addresses.empty() ? "" : ",") + c.members[i].address;
      v.selectedAddress = addresses;
    }
    v.syncStatus = syncStatusName(syncer.status());
    v.syncSince = syncer.statusSince();
    v.syncText = v.syncStatus + " (" + formatAge(now - v.syncSince) + ")";
    if (!syncer.desired().empty()) v.desired = describeRecordSets(syncer.desired());
    if (!syncer.providerHolds().empty()) v.providerHolds = describeRecordSets(syncer.providerHolds());
    v.lastReply = syncer.lastReply();
    v.lastError = syncer.lastError();
    v.pushInFlight = syncer.inFlight();
    v.nextAttempt = syncer.nextAttempt();
    v.consecutiveFailures = syncer.consecutiveFailures();
    v.pushesSent = syncer.pushesSent();
    v.pushFailures = syncer.pushFailures();
    v.lastPushSuccess = syncer.lastSuccessAt();
    v.failovers = scheme.failovers();
    if (const PropagationWatcher* watcher = engine.watcher(si)) {
      v.watching = true;
      for (const ServerObservation& s : watcher->servers()) {
        ServerView sv;
        sv.name = s.name;
        sv.address = s.address;
        sv.port = s.port;
        sv.kind = s.scope == PropagationScope::Auth ? "auth" : "resolver";
        sv.observed = s.observed;
        sv.answer = s.answer;
        sv.isAddress = s.isAddress;
        sv.ttl = s.ttl;
        sv.latency = s.latency;
        sv.answerSince = s.lastChange;
        sv.type = recordTypeName(s.type);
        // Against what the selection wants of this type now (not what was
        // pushed last): a stale answer during a failover does not match.
        const auto wanted = syncer.desired().find(s.type);
        sv.matches = wanted != syncer.desired().end() && answerMatches(s, wanted->second, watcher->proxied(s.type));
        sv.matchSince = tracker.observe(c.name, sv.kind + ":" + s.name + (s.type == RecordType::A ? "" : "/" + sv.type), sv.matches, s.answer, s.lastChange, now);
        v.servers.push_back(std::move(sv));
      }
      for (const auto& conv : watcher->recentConvergences()) {
        v.convergences.push_back({conv.address, conv.pushedAt, conv.auth, conv.resolvers});
      }
    }
    model.schemes.push_back(std::move(v));
  }
  if (const SiteCoordinator* coordinator = engine.siteCoordinator()) {
    SitesView v;
    v.self = coordinator->site();
    v.coordinationUp = coordinator->reachable();
    if (!v.coordinationUp) v.coordinationError = coordinator->coordinationError();
    const LeaderView leader = coordinator->leader();
    v.leads = coordinator->mayPush();
    v.leader = leader.leader;
    v.fence = leader.revision;
    for (const SiteView& site : coordinator->sites()) {
      SiteRowView row{site.name, site.self, site.voting, site.notVoting, site.lastReport, {}};
      for (const auto& vote : site.indicators) row.votes.emplace_back(vote.indicator, statusName(vote.status));
      v.sites.push_back(std::move(row));
    }
    for (const QuorumView& q : coordinator->quorums()) {
      const Indicator* indicator = nullptr;
      for (const auto& i : engine.indicators()) {
        if (i->name() == q.indicator) indicator = i.get();
      }
      v.quorums.push_back({q.indicator, indicator ? quorumRuleText(indicator->config().quorum) : "",
                           q.result ? statusName(*q.result) : "UNKNOWN", q.tally.okVotes, q.tally.errVotes});
    }
    model.sites = std::move(v);
  }
  return model;
}

json statusJson(const StatusModel& model) {
  json out = json::object();
  out["version"] = 1;
  out["now"] = formatIsoUtc(model.now);
  out["dry_run"] = model.dryRun;
  json indicators = json::array();
  for (const IndicatorView& i : model.indicators) {
    json last = nullptr;
    if (i.lastCheckAt) {
      last = json{{"at", formatIsoUtc(*i.lastCheckAt)},
                  {"duration_s", secondsOrNull(i.lastCheckDuration)},
                  {"ok", *i.lastCheckOk},
                  {"http_status", i.lastHttpStatus ? json(*i.lastHttpStatus) : json(nullptr)}};
    }
    indicators.push_back(json{{"name", i.name},
                              {"status", i.status},
                              {"since", formatIsoUtc(i.statusSince)},
                              {"age_s", seconds(model.now - i.statusSince)},
                              {"reason", i.reason},
                              {"maintenance", i.maintenance},
                              {"policy", i.policy},
                              {"check", i.check},
                              {"checks_run", i.checksRun},
                              {"last_check", last}});
  }
  out["indicators"] = std::move(indicators);
  json schemes = json::array();
  for (const SchemeView& s : model.schemes) {
    json members = json::array();
    for (const MemberView& m : s.members) {
      members.push_back(json{{"indicator", m.indicator},
                             {"status", m.status},
                             {"since", formatIsoUtc(m.statusSince)},
                             {"reason", m.reason},
                             {"priority", m.priority},
                             {"policy", m.policy},
                             {"address", m.address},
                             {"maintenance", m.maintenance},
                             {"active", m.active}});
    }
    json servers = json::array();
    for (const ServerView& v : s.servers) {
      servers.push_back(json{{"name", v.name},
                             {"address", v.address},
                             {"port", v.port},
                             {"kind", v.kind},
                             {"observed", v.observed},
                             {"type", v.type},
                             {"answer", v.answer},
                             {"is_address", v.isAddress},
                             {"ttl", v.ttl ? json(*v.ttl) : json(nullptr)},
                             {"latency_s", seconds(v.latency)},
                             {"answer_since", v.observed ? json(formatIsoUtc(v.answerSince)) : json(nullptr)},
                             {"matches", v.matches},
                             {"match_since", v.observed ? json(formatIsoUtc(v.matchSince)) : json(nullptr)}});
    }
    json convergences = json::array();
    for (const ConvergenceView& c : s.convergences) {
      convergences.push_back(json{{"address", c.address},
                                  {"pushed_at", formatIsoUtc(c.pushedAt)},
                                  {"auth_s", secondsOrNull(c.auth)},
                                  {"resolvers_s", secondsOrNull(c.resolvers)}});
    }
    schemes.push_back(json{
        {"name", s.name},
        {"fqdn", s.fqdn},
        {"zone", s.zone},
        {"provider", s.provider},
        {"ttl", s.ttl},
        {"members", std::move(members)},
        {"selected", json{{"indicator", textOrNull(s.selectedIndicator)}, {"address", textOrNull(s.selectedAddress)}}},
        {"sync",
         json{{"status", s.syncStatus},
              {"since", formatIsoUtc(s.syncSince)},
              {"age_s", seconds(model.now - s.syncSince)},
              {"text", s.syncText},
              {"desired", textOrNull(s.desired)},
              {"provider_holds", textOrNull(s.providerHolds)},
              {"last_reply", s.lastReply},
              {"last_error", s.lastError},
              {"in_flight", s.pushInFlight},
              {"next_attempt", timeOrNull(s.nextAttempt)},
              {"consecutive_failures", s.consecutiveFailures},
              {"pushes_sent", s.pushesSent},
              {"push_failures", s.pushFailures},
              {"last_success", timeOrNull(s.lastPushSuccess)}}},
        {"failovers", s.failovers},
        {"propagation", json{{"watching", s.watching},
                             {"servers", std::move(servers)},
                             {"convergences", std::move(convergences)}}}});
  }
  out["schemes"] = std::move(schemes);
  if (model.sites) {
    const SitesView& v = *model.sites;
    json sites = json::array();
    for (const SiteRowView& site : v.sites) {
      json votes = json::object();
      for (const auto& [indicator, status] : site.votes) votes[indicator] = status;
      sites.push_back(json{{"name", site.name},
                           {"self", site.self},
                           {"voting", site.voting},
                           {"not_voting", site.notVoting},
                           {"last_report", site.lastReport ? json(formatIsoUtc(*site.lastReport)) : json(nullptr)},
                           {"votes", std::move(votes)}});
    }
    json quorums = json::array();
    for (const QuorumRowView& q : v.quorums) {
      quorums.push_back(json{{"indicator", q.indicator}, {"rule", q.rule}, {"result", q.result},
                             {"ok_votes", q.okVotes}, {"err_votes", q.errVotes}});
    }
    out["sites"] = json{{"self", v.self},
                        {"coordination", json{{"up", v.coordinationUp}, {"error", v.coordinationError}}},
                        {"leads", v.leads},
                        {"leader", v.leader},
                        {"fence", v.fence},
                        {"sites", std::move(sites)},
                        {"quorums", std::move(quorums)}};
  }
  return out;
}

}  // namespace dnsfailover::status
