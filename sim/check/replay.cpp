#include "sim/check/replay.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "engine/ports/trace_json.h"
#include "sim/check/check_world.h"
#include "sim/check/world_around.h"
#include "sim/offset.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

Duration sum(const std::vector<Duration>& schedule) {
  Duration total{0};
  for (Duration d : schedule) total += d;
  return total;
}

bool throttled(const std::string& reply) {
  return reply.find("429") != std::string::npos || reply.find("interval") != std::string::npos ||
         reply.find("hrottl") != std::string::npos;
}

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string seconds(const std::optional<double>& s) { return s ? format("+%.1f s", *s) : std::string("-"); }

}  // namespace

std::optional<std::vector<TraceEvent>> parseTraceText(const std::string& text, std::string& error) {
  std::vector<TraceEvent> out;
  std::istringstream in(text);
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::string why;
    auto event = parseTraceEventJson(line, &why);
    if (!event) {
      error = "line " + std::to_string(n) + ": " + why;
      return std::nullopt;
    }
    if (event->type == EventType::TraceStart) continue;
    out.push_back(std::move(*event));
  }
  return out;
}

std::optional<ReplayPlan> planReplay(const std::vector<TraceEvent>& trace, const EngineConfig& run,
                                     const json& replayConfig, const EngineConfig& replay, std::string& error) {
  if (trace.empty()) {
    error = "the trace has no events";
    return std::nullopt;
  }
  ReplayPlan plan;
  // A live trace is in time order; a store's history or a hand-made file need not be.
  const auto [first, last] = std::minmax_element(trace.begin(), trace.end(),
                                                 [](const TraceEvent& a, const TraceEvent& b) { return a.t < b.t; });
  plan.start = first->t;
  plan.end = last->t + std::chrono::minutes{2};
  // Whole seconds keep the scenario's start readable; the offsets keep milliseconds.
  plan.start = TimePoint{std::chrono::duration_cast<std::chrono::seconds>(plan.start.time_since_epoch())};
  if (plan.end - plan.start > std::chrono::hours{24 * 365}) {
    error = "the trace spans more than a year (" + formatIsoUtc(plan.start) + " to " + formatIsoUtc(last->t) +
            "): replay a part of it";
    return std::nullopt;
  }
  WorldShape shape;
  shape.name = "replay";
  shape.start = formatIsoUtc(plan.start);
  shape.duration = plan.end - plan.start;
  auto offset = [&](TimePoint t) { return std::max(Duration{0}, t - plan.start); };

  // The truth: each observed status change, moved back by what the run's policy waited.
  const std::vector<MemberServer> servers = memberServers(replay);
  std::map<std::string, std::string> serverOfIndicator;  // run indicator -> replay server name
  std::map<std::string, std::string> addressOfIndicator;
  for (const SchemeConfig& s : run.schemes) {
    for (const MemberConfig& m : s.members) addressOfIndicator.emplace(m.indicator, m.address);
  }
  for (const auto& [indicator, address] : addressOfIndicator) {
    for (const MemberServer& s : servers) {
      if (s.address == address) serverOfIndicator.emplace(indicator, s.name);
    }
  }
  std::map<std::string, std::vector<std::pair<TimePoint, bool>>> truth;  // server -> changes
  std::map<std::string, std::string> watchedBy;                          // server -> the indicator whose view it takes
  for (const TraceEvent& e : trace) {
    if (e.type != EventType::IndicatorStatus) continue;
    const std::string indicator = e.text(field::indicator);
    auto server = serverOfIndicator.find(indicator);
    if (server == serverOfIndicator.end()) continue;
    if (!watchedBy.emplace(server->second, indicator).second && watchedBy[server->second] != indicator) continue;
    const IndicatorConfig* config = run.findIndicator(indicator);
    const bool ok = e.text(field::status) == "OK";
    Duration back{0};
    if (config != nullptr) back = sum(ok ? config->policy.recoveryRetrySchedule : config->policy.retrySchedule) + config->policy.period / 2;
    auto& changes = truth[server->second];
    if (changes.empty()) changes.emplace_back(plan.start, true);  // serving until seen otherwise
    if (changes.back().second == ok) continue;
    ++plan.statusChanges;
    if (changes.size() == 1 && e.t - back <= plan.start) {
      changes.back().second = ok;  // so from the start
      continue;
    }
    changes.emplace_back(std::max(e.t - back, changes.back().first + Duration{1}), ok);
  }
  for (const auto& [server, changes] : truth) {
    for (const auto& [t, ok] : changes) {
      if (t == plan.start && ok) continue;  // the servers' default
      shape.events.push_back({{"at", millis(offset(t))}, {"kind", "server_page"}, {"server", server}, {"status", ok ? "schedule" : "ERR"}});
    }
  }

  // The provider: from each failed push until the next success, it failed so.
  std::map<std::string, const SchemeConfig*> runSchemes;
  for (const SchemeConfig& s : run.schemes) runSchemes[s.name] = &s;
  for (size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent& e = trace[i];
    if (e.type != EventType::Push || e.flag(field::ok)) continue;
    ++plan.failedPushes;
    const std::string scheme = e.text(field::scheme);
    auto config = runSchemes.find(scheme);
    if (config == runSchemes.end()) continue;
    TimePoint until = plan.end;
    for (size_t j = i + 1; j < trace.size(); ++j) {
      if (trace[j].type == EventType::Push && trace[j].text(field::scheme) == scheme) {
        until = trace[j].t;  // the next attempt: its own reply says how the provider was then
        break;
      }
    }
    const TimePoint from = std::max(plan.start, e.t - std::chrono::milliseconds{500});
    const Duration length = std::max<Duration>(std::chrono::seconds{1}, until - std::chrono::milliseconds{500} - from);
    const std::string kind = config->second->provider == ProviderKind::HeDyn ? "he.net" : "cloudflare";
    const bool replayHasIt = std::any_of(replay.schemes.begin(), replay.schemes.end(), [&](const SchemeConfig& s) {
      return (s.provider == ProviderKind::HeDyn ? "he.net" : "cloudflare") == kind;
    });
    if (!replayHasIt) continue;
    shape.events.push_back({{"at", millis(offset(from))},
                            {"kind", throttled(e.text(field::reply)) ? "rate_limit_storm" : "provider_outage"},
                            {"provider", kind},
                            {"for", millis(length)}});
    ++plan.providerWindows;
  }

  // Operator actions, again.
  for (const TraceEvent& e : trace) {
    if (e.type == EventType::Maintenance && replay.findIndicator(e.text(field::indicator))) {
      shape.events.push_back({{"at", millis(offset(e.t))}, {"kind", "maintenance"}, {"indicator", e.text(field::indicator)}, {"on", e.flag(field::on)}});
    }
    const std::string scheme = e.text(field::scheme);
    if (e.type == EventType::ForcePush &&
        std::any_of(replay.schemes.begin(), replay.schemes.end(), [&](const SchemeConfig& s) { return s.name == scheme; })) {
      shape.events.push_back({{"at", millis(offset(e.t))}, {"kind", "force_push"}, {"scheme", scheme}});
    }
  }
  std::stable_sort(shape.events.begin(), shape.events.end(), [](const json& a, const json& b) {
    return parseOffset(a["at"].get<std::string>()).value_or(Duration{0}) <
           parseOffset(b["at"].get<std::string>()).value_or(Duration{0});
  });

  // Nameservers, lagging as observed.
  std::map<std::string, std::vector<Duration>> lags;
  std::vector<std::string> nsOrder;
  TimePoint lastPush{};
  std::string lastAddress;
  std::map<std::string, bool> seen;
  for (const TraceEvent& e : trace) {
    if (e.type == EventType::Push && e.flag(field::ok)) {
      lastPush = e.t;
      lastAddress = e.text(field::address);
      seen.clear();
    }
    if (e.type == EventType::NsAnswer && e.text(field::scope) == "auth") {
      const std::string ns = e.text(field::server);
      if (std::find(nsOrder.begin(), nsOrder.end(), ns) == nsOrder.end()) nsOrder.push_back(ns);
      if (!lastAddress.empty() && e.text(field::address) == lastAddress && !seen[ns]) {
        seen[ns] = true;
        lags[ns].push_back(e.t - lastPush);
      }
    }
  }
  if (!nsOrder.empty()) {
    auto median = [&](const std::string& ns) {
      auto v = lags[ns];
      if (v.empty()) return Duration{0};
      std::sort(v.begin(), v.end());
      return v[v.size() / 2];
    };
    std::stable_sort(nsOrder.begin(), nsOrder.end(), [&](const std::string& a, const std::string& b) { return median(a) < median(b); });
    for (size_t i = 0; i < nsOrder.size(); ++i) {
      json ns = {{"name", nsOrder[i]}, {"role", i == 0 ? "primary" : "secondary"}};
      auto v = lags[nsOrder[i]];
      if (i > 0 && !v.empty()) {
        std::sort(v.begin(), v.end());
        ns["lag"] = json::array({millis(v.front()), millis(v.back())});
      }
      shape.nameservers.push_back(ns);
    }
  }

  plan.scenario = scenarioAround(replayConfig, replay, shape);

  // The observed run, with the world's side as rebuilt (a trace from the
  // simulation carries its own server_state and record events: they give
  // way, so the observed and the replayed run share one truth).
  for (const TraceEvent& e : trace) {
    if (e.type != EventType::ServerState && e.type != EventType::Record) plan.observed.push_back(e);
  }
  for (const auto& [server, changes] : truth) {
    std::string address;
    for (const MemberServer& s : servers) {
      if (s.name == server) address = s.address;
    }
    for (const auto& [t, ok] : changes) plan.observed.push_back(events::serverState(t, server, address, ok));
  }
  // Servers the trace never reported on count as serving throughout.
  for (const MemberServer& s : servers) {
    if (!truth.count(s.name)) plan.observed.push_back(events::serverState(plan.start, s.name, s.address, true));
  }
  std::map<std::string, std::string> fqdnOf;
  for (const SchemeConfig& s : run.schemes) fqdnOf[s.name] = s.fqdn;
  for (const TraceEvent& e : trace) {
    if (e.type == EventType::Push && e.flag(field::ok)) {
      const std::string type = e.text(field::address).find(':') == std::string::npos ? "A" : "AAAA";
      plan.observed.push_back(events::record(e.t, fqdnOf[e.text(field::scheme)], type, e.text(field::address)));
    }
  }
  std::stable_sort(plan.observed.begin(), plan.observed.end(), [](const TraceEvent& a, const TraceEvent& b) { return a.t < b.t; });
  return plan;
}

std::string replayText(const ReplayPlan& plan, const ReplayOutcome& outcome, const std::string& runLabel,
                       const std::string& replayLabel) {
  std::string out = format("replay from %s, +%s: truth rebuilt from %zu status changes; %zu failed pushes -> %zu provider fault windows\n",
                           formatIsoUtc(plan.start).c_str(), formatDuration(plan.end - plan.start).c_str(),
                           plan.statusChanges, plan.failedPushes, plan.providerWindows);
  out += "observed: " + runLabel + "\nreplayed: " + replayLabel + "\n";
  for (const SchemeRun& observed : outcome.observed) {
    const SchemeRun* replayed = nullptr;
    for (const SchemeRun& r : outcome.replayed) {
      if (r.scheme == observed.scheme) replayed = &r;
    }
    out += "\nscheme " + observed.scheme + (replayed ? "" : " (not in the replay config)") + "\n";
    out += format("  %-14s %-9s %-18s %10s %10s   %10s %10s   %s\n", "truth changed", "", "to", "selected", "pushed",
                  "selected", "pushed", "push difference");
    out += format("  %-14s %-9s %-18s %21s   %21s\n", "", "", "", "observed", "replayed");
    std::vector<Transition> theirs = replayed ? replayed->transitions : std::vector<Transition>{};
    for (const Transition& t : observed.transitions) {
      const Transition* match = nullptr;
      for (const Transition& r : theirs) {
        if (r.at == t.at && r.to == t.to) match = &r;
      }
      std::string diff = "-";
      if (match && match->push && t.push) diff = format("%+.1f s", *match->push - *t.push);
      out += format("  +%-13s %-9s %-18s %10s %10s   %10s %10s   %s\n", clockOffset(t.at).c_str(),
                    t.failover ? "failover" : "recovery", t.to.c_str(), seconds(t.detect).c_str(), seconds(t.push).c_str(),
                    match ? seconds(match->detect).c_str() : "-", match ? seconds(match->push).c_str() : "-", diff.c_str());
    }
    for (const Transition& r : theirs) {
      const bool matched = std::any_of(observed.transitions.begin(), observed.transitions.end(),
                                       [&](const Transition& t) { return r.at == t.at && r.to == t.to; });
      if (!matched) {
        out += format("  +%-13s %-9s %-18s %10s %10s   %10s %10s   (only in the replay)\n", clockOffset(r.at).c_str(),
                      r.failover ? "failover" : "recovery", r.to.c_str(), "-", "-", seconds(r.detect).c_str(),
                      seconds(r.push).c_str());
      }
    }
    out += format("  availability of the provider's record: observed %.4f %%, replayed %s\n",
                  observed.recordAvailability * 100,
                  replayed ? format("%.4f %%", replayed->recordAvailability * 100).c_str() : "-");
    out += format("  push attempts: observed %d, replayed %s; false failovers: observed %d, replayed %s\n", observed.pushes,
                  replayed ? std::to_string(replayed->pushes).c_str() : "-", observed.falseFailovers,
                  replayed ? std::to_string(replayed->falseFailovers).c_str() : "-");
  }
  return out;
}

}  // namespace dnsfailover::sim
