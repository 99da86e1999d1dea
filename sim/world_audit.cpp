#include "sim/world_audit.h"

#include <algorithm>
#include <map>

#include "engine/ports/trace_events.h"

namespace dnsfailover::sim {
namespace {

bool watched(const Scenario& scenario, const fakes::RecordChange& change) {
  if (change.type != "A" && change.type != "AAAA") return false;
  return std::any_of(scenario.engine.schemes.begin(), scenario.engine.schemes.end(),
                     [&](const SchemeConfig& s) { return s.fqdn == change.name; });
}

ExpectationResult auditRecords(const Scenario& scenario, World& world, const std::vector<TraceEvent>& records) {
  ExpectationResult result{"world.records", "the trace's record events are the zone store's own change log", true, {}};
  std::vector<const fakes::RecordChange*> log;
  for (const fakes::RecordChange& change : world.zones().changes()) {
    // The observer reports the initial values at the start, and no initial deletion.
    if (!watched(scenario, change) || (change.at <= scenario.start && !change.value)) continue;
    log.push_back(&change);
  }
  const size_t n = std::min(log.size(), records.size());
  for (size_t i = 0; i < n; ++i) {
    const fakes::RecordChange& change = *log[i];
    const TraceEvent& event = records[i];
    const bool sameTime = change.at <= scenario.start ? event.t == scenario.start : event.t == change.at;
    if (event.text(field::fqdn) != change.name || event.text(field::rtype) != change.type ||
        event.text(field::value) != change.value.value_or("") || !sameTime) {
      result.passed = false;
      result.detail = "record event " + std::to_string(i) + " says " + event.text(field::fqdn) + " " +
                      event.text(field::rtype) + " = \"" + event.text(field::value) + "\" at " + formatIsoUtc(event.t) +
                      "; the zone store's log says " + change.name + " " + change.type + " = \"" +
                      change.value.value_or("") + "\" at " + formatIsoUtc(change.at);
      return result;
    }
  }
  if (log.size() != records.size()) {
    result.passed = false;
    result.detail = "the trace has " + std::to_string(records.size()) + " record events, the zone store logged " +
                    std::to_string(log.size()) + " changes";
    return result;
  }
  result.detail = std::to_string(records.size()) + " record events match the zone store's log";
  return result;
}

// The trace's serving state of `address` at `t`: the last server_state at or
// before `t` (none = unknown, treated as not serving).
bool servingInTrace(const std::vector<const TraceEvent*>& states, TimePoint t) {
  const auto after = std::upper_bound(states.begin(), states.end(), t,
                                      [](TimePoint value, const TraceEvent* e) { return value < e->t; });
  return after != states.begin() && (*std::prev(after))->flag(field::ok);
}

ExpectationResult auditServerStates(const Scenario& scenario, World& world,
                                    const std::vector<TraceEvent>& states) {
  ExpectationResult result{"world.server_states",
                           "no server is serving in the trace while its own log shows it served status=ERR", true, {}};
  std::map<std::string, std::vector<const TraceEvent*>> byAddress;
  for (const TraceEvent& e : states) byAddress[e.text(field::address)].push_back(&e);
  size_t spans = 0;
  for (const ServerSpec& spec : scenario.servers) {
    const fakes::CatServer* server = world.server(spec.address);
    if (server == nullptr) continue;
    const std::vector<const TraceEvent*>& trace = byAddress[spec.address];
    for (const fakes::CatServer::ServedSpan& span : server->served()) {
      if (span.ok) continue;
      ++spans;
      // Serving at the span's start, or becoming serving inside it.
      std::optional<TimePoint> wrong;
      if (servingInTrace(trace, span.first)) wrong = span.first;
      for (const TraceEvent* e : trace) {
        if (!wrong && e->t > span.first && e->t <= span.last && e->flag(field::ok)) wrong = e->t;
      }
      if (wrong) {
        result.passed = false;
        result.detail = spec.name + " showed status=ERR from " + formatIsoUtc(span.first) + " to " +
                        formatIsoUtc(span.last) + " by its own log, but the trace calls it serving at " +
                        formatIsoUtc(*wrong);
        return result;
      }
    }
  }
  result.detail = std::to_string(states.size()) + " server_state events agree with " + std::to_string(spans) +
                  " ERR spans in the servers' logs";
  return result;
}

const fakes::AnswerLog* answerLogOf(const Scenario& scenario, World& world, const std::string& server,
                                    const std::string& scope) {
  DnsWorld& dns = world.dns();
  if (scope == "auth") {
    const fakes::AuthServer* ns = dns.nameserver(server);
    return ns == nullptr ? nullptr : &ns->answers();
  }
  for (const ResolverEndpoint& r : scenario.engine.propagation.resolvers) {
    if (r.name != server) continue;
    const fakes::Resolver* resolver = dns.resolver(r.address);
    return resolver == nullptr ? nullptr : &resolver->answers();
  }
  return nullptr;
}

ExpectationResult auditAnswers(const Scenario& scenario, World& world, const std::vector<TraceEvent>& answers) {
  ExpectationResult result{"world.answers",
                           "every answer in the trace is one the nameserver or resolver gave by its own log", true, {}};
  const Duration window = scenario.engine.propagation.timeout;
  size_t checked = 0;
  for (const TraceEvent& e : answers) {
    if (e.field(field::address) == nullptr) continue;  // errors and timeouts: nothing was said
    const SchemeConfig* scheme = nullptr;
    for (const SchemeConfig& s : scenario.engine.schemes) {
      if (s.name == e.text(field::scheme)) scheme = &s;
    }
    const std::string server = e.text(field::server);
    const fakes::AnswerLog* log = answerLogOf(scenario, world, server, e.text(field::scope));
    if (scheme == nullptr || log == nullptr) {
      result.passed = false;
      result.detail = "at " + formatIsoUtc(e.t) + " the trace has an answer from " + server +
                      ", which is not a server of this world";
      return result;
    }
    const std::string answer = e.text(field::address);
    const TimePoint from = e.t - window;
    ++checked;
    if (log->gave(scheme->fqdn, dns::Type::A, answer, from, e.t) ||
        log->gave(scheme->fqdn, dns::Type::AAAA, answer, from, e.t)) {
      continue;
    }
    std::string said;
    for (const auto& span : log->spans(scheme->fqdn, dns::Type::A)) {
      if (span.first <= e.t && span.last >= from) said += (said.empty() ? "" : ", ") + span.answer;
    }
    result.passed = false;
    result.detail = "at " + formatIsoUtc(e.t) + " the trace says " + server + " answered " + answer + " for " +
                    scheme->fqdn + "; by its own log it answered " + (said.empty() ? "nothing" : said) +
                    " in the " + formatDuration(window) + " before";
    return result;
  }
  result.detail = std::to_string(checked) + " answers found in the servers' own logs";
  return result;
}

}  // namespace

void WorldAudit::record(const TraceEvent& event) {
  if (event.type == EventType::Record) records_.push_back(event);
  if (event.type == EventType::ServerState) states_.push_back(event);
  if (event.type == EventType::NsAnswer) answers_.push_back(event);
  next_.record(event);
}

std::vector<ExpectationResult> WorldAudit::judge(const Scenario& scenario, World& world) const {
  return {auditRecords(scenario, world, records_), auditServerStates(scenario, world, states_),
          auditAnswers(scenario, world, answers_)};
}

}  // namespace dnsfailover::sim
