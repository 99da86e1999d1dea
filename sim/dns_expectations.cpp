#include "sim/dns_expectations.h"

#include <algorithm>
#include <map>

#include "sim/record_order.h"

namespace dnsfailover::sim {
namespace {

using Steps = std::vector<std::pair<TimePoint, std::string>>;

// Steps are in time order; both lookups binary-search so that judging a
// year of pushes stays linear in the number of answers.
Steps::const_iterator firstAfter(const Steps& steps, TimePoint t) {
  return std::upper_bound(steps.begin(), steps.end(), t,
                          [](TimePoint value, const auto& step) { return value < step.first; });
}

std::string answerAt(const Steps& steps, TimePoint t) {
  const auto after = firstAfter(steps, t);
  return after == steps.begin() ? std::string("(not asked yet)") : std::prev(after)->second;
}

// Whether an observed step agrees with a push (see ConfirmedPush).
bool agrees(const std::string& step, const ConfirmedPush& push) {
  if (push.proxied && !push.address.empty()) return !step.empty() && !step.starts_with("error: ") && step[0] != '(';
  return step == push.address;
}

// When `server` first agreed with `push` at or after `from` (and kept it
// until `until`), if it did.
std::optional<TimePoint> settledAt(const Steps& steps, TimePoint from, TimePoint until, const ConfirmedPush& push) {
  std::optional<TimePoint> settled;
  if (agrees(answerAt(steps, from), push)) settled = from;
  for (auto it = firstAfter(steps, from); it != steps.end() && it->first <= until; ++it) {
    if (agrees(it->second, push)) {
      if (!settled) settled = it->first;
    } else {
      settled.reset();
    }
  }
  return settled;
}

int recordTtl(const RunFacts& facts, const SchemeConfig& scheme) {
  for (const fakes::DnsRecord* r : facts.zones.find(scheme.fqdn, "A")) return r->ttl;
  for (const fakes::DnsRecord* r : facts.zones.find(scheme.fqdn, "AAAA")) return r->ttl;
  return scheme.ttl;
}

struct Target {
  std::string name;
  Duration allowance;  // beyond the push, before slack
};

}  // namespace

void DnsEventLog::record(const TraceEvent& event) {
  if (event.type == EventType::Push || event.type == EventType::NsAnswer || event.type == EventType::Converged) {
    events_.push_back(event);
  }
  next_.record(event);
}

std::vector<ConfirmedPush> confirmedPushes(const std::vector<TraceEvent>& events, const std::string& scheme) {
  std::vector<ConfirmedPush> out;
  for (const TraceEvent& e : events) {
    if (e.type != EventType::Push || e.text(field::scheme) != scheme || !e.text(field::supersededBy).empty()) continue;
    if (!e.flag(field::ok)) continue;
    out.push_back({e.t, sortedAddressList(e.text(field::address)), recordTypeOf(e), e.flag(field::proxied)});
  }
  return out;
}

Steps observedAnswers(const std::vector<TraceEvent>& events, const std::string& rtype, const std::string& scheme,
                      const std::string& server, const std::string& scope) {
  Steps out;
  for (const TraceEvent& e : events) {
    if (e.type != EventType::NsAnswer || e.text(field::scheme) != scheme || e.text(field::server) != server ||
        e.text(field::scope) != scope || recordTypeOf(e) != rtype) {
      continue;
    }
    if (e.field(field::address)) {
      out.emplace_back(e.t, sortedAddressList(e.text(field::address)));
    } else if (e.text(field::error) == "NODATA" || e.text(field::error) == "NXDOMAIN") {
      out.emplace_back(e.t, "");  // no record of the type: what a withdrawn set looks like
    } else {
      out.emplace_back(e.t, "error: " + e.text(field::error));
    }
  }
  return out;
}

ExpectationResult evaluateDnsExpectation(const Expectation& e, const RunFacts& facts) {
  ExpectationResult result{e.path, e.describe(), true, {}};
  const SchemeConfig* scheme = schemeNamed(facts, e.scheme);
  if (scheme == nullptr) return {e.path, e.describe(), false, "no scheme named \"" + e.scheme + "\""};
  if (facts.dnsEvents == nullptr) return {e.path, e.describe(), false, "the run kept no DNS events"};
  const std::vector<TraceEvent>& events = facts.dnsEvents->events();

  const bool auth = e.kind == Expectation::Kind::NsConverge;
  Duration longestLag{};
  for (const NameserverSpec& ns : facts.scenario.nameservers) longestLag = std::max(longestLag, ns.lagMax);
  std::vector<Target> targets;
  if (auth) {
    for (const NameserverSpec& ns : facts.scenario.nameservers) targets.push_back({ns.name, ns.lagMax});
  } else {
    const Duration ttl = std::chrono::seconds{recordTtl(facts, *scheme)};
    for (const ResolverSpec& r : facts.scenario.resolvers) {
      targets.push_back({r.name, longestLag + std::max(ttl, r.minTtl)});
    }
  }
  if (targets.empty()) return {e.path, e.describe(), false, auth ? "the world has no nameservers" : "the world has no resolvers"};

  const std::vector<ConfirmedPush> pushes = confirmedPushes(events, scheme->name);
  std::map<std::pair<std::string, size_t>, Steps> answers;  // (rtype, target) -> steps, read once
  int judged = 0;
  int skipped = 0;
  Duration slowest{};
  std::string slowestServer;
  for (size_t i = 0; i < pushes.size(); ++i) {
    // The next push of the same record type ends this one's window.
    TimePoint next = facts.end;
    for (size_t j = i + 1; j < pushes.size(); ++j) {
      if (pushes[j].rtype == pushes[i].rtype) {
        next = pushes[j].at;
        break;
      }
    }
    for (size_t t = 0; t < targets.size(); ++t) {
      const Target& target = targets[t];
      const TimePoint deadline = pushes[i].at + target.allowance + e.within;
      if (deadline >= next) {
        ++skipped;
        continue;
      }
      auto key = std::make_pair(pushes[i].rtype, t);
      auto found = answers.find(key);
      if (found == answers.end()) {
        found = answers.emplace(key, observedAnswers(events, pushes[i].rtype, scheme->name, target.name,
                                                     auth ? "auth" : "resolver")).first;
      }
      const Steps& steps = found->second;
      const std::optional<TimePoint> settled = settledAt(steps, pushes[i].at, deadline, pushes[i]);
      ++judged;
      if (!settled) {
        const std::string pushed = (pushes[i].address.empty() ? "no record" : pushes[i].address) +
                                   (pushes[i].proxied ? " (proxied)" : "");
        result.passed = false;
        result.detail = target.name + " still answered \"" + answerAt(steps, deadline) + "\" for " + pushes[i].rtype +
                        " at " + formatIsoUtc(deadline) + ", " + formatDuration(target.allowance + e.within) +
                        " after " + pushed + " was pushed at " + formatIsoUtc(pushes[i].at);
        return result;
      }
      if (*settled - pushes[i].at > slowest) {
        slowest = *settled - pushes[i].at;
        slowestServer = target.name;
      }
    }
  }
  if (judged == 0) {
    result.passed = false;
    result.detail = "no push could be judged (" + std::to_string(skipped) + " deadlines fell after the next push)";
    return result;
  }
  result.detail = std::to_string(judged) + " answers judged over " + std::to_string(pushes.size()) +
                  " pushes; slowest " + slowestServer + " after " + formatDuration(slowest);
  if (skipped > 0) result.detail += " (" + std::to_string(skipped) + " not judged: next push came first)";
  return result;
}

}  // namespace dnsfailover::sim
