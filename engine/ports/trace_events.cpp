#include "engine/ports/trace_events.h"

#include "engine/ports/trace.h"

namespace dnsfailover {
namespace {

std::string_view kindName(FieldKind kind) {
  switch (kind) {
    case FieldKind::String: return "a string";
    case FieldKind::Int: return "an integer";
    case FieldKind::Double: return "a number";
    case FieldKind::Bool: return "a boolean";
  }
  return "?";
}

bool hasKind(const TraceValue& value, FieldKind kind) {
  switch (kind) {
    case FieldKind::String: return std::holds_alternative<std::string>(value);
    case FieldKind::Int: return std::holds_alternative<int64_t>(value);
    case FieldKind::Double: return std::holds_alternative<double>(value) || std::holds_alternative<int64_t>(value);
    case FieldKind::Bool: return std::holds_alternative<bool>(value);
  }
  return false;
}

TraceEvent make(TimePoint t, EventType type) { return TraceEvent{t, type, {}, {}}; }
std::string str(std::string_view text) { return std::string(text); }

}  // namespace

EventType eventTypeFromName(std::string_view name) {
  for (const EventSpec& spec : kEventSchema) {
    if (spec.type != EventType::Unknown && spec.name == name) return spec.type;
  }
  return EventType::Unknown;
}

std::optional<std::string> checkTraceEvent(const TraceEvent& event) {
  if (event.type == EventType::Unknown) return "unknown event type \"" + std::string(event.typeName()) + "\"";
  const EventSpec& spec = eventSpec(event.type);
  const std::string where = std::string(spec.name) + ".";
  for (const FieldSpec& f : spec.fields) {
    const TraceValue* value = event.field(f.name);
    if (value == nullptr) {
      if (f.required) return where + std::string(f.name) + ": missing";
      continue;
    }
    if (!hasKind(*value, f.kind)) return where + std::string(f.name) + ": expected " + std::string(kindName(f.kind));
  }
  return std::nullopt;
}

namespace events {

TraceEvent traceStart(TimePoint t) { return make(t, EventType::TraceStart).with(field::version, kTraceVersion); }

TraceEvent runStart(TimePoint t, std::string_view scenario, int64_t seed) {
  return make(t, EventType::RunStart).with(field::scenario, str(scenario)).with(field::seed, seed);
}

TraceEvent runEnd(TimePoint t, std::string_view scenario) {
  return make(t, EventType::RunEnd).with(field::scenario, str(scenario));
}

TraceEvent engineStart(TimePoint t, bool resumed, int64_t indicators, int64_t schemes) {
  return make(t, EventType::EngineStart)
      .with(field::resumed, resumed)
      .with(field::indicators, indicators)
      .with(field::schemes, schemes);
}

TraceEvent engineStop(TimePoint t) { return make(t, EventType::EngineStop); }

TraceEvent engineCrash(TimePoint t, double downtimeSeconds) {
  return make(t, EventType::EngineCrash).with(field::downtimeS, downtimeSeconds);
}

TraceEvent configReload(TimePoint t, bool ok, int64_t errors, int64_t changedIndicators, int64_t changedSchemes) {
  return make(t, EventType::ConfigReload)
      .with(field::ok, ok)
      .with(field::errors, errors)
      .with(field::changedIndicators, changedIndicators)
      .with(field::changedSchemes, changedSchemes);
}

TraceEvent indicatorStatus(TimePoint t, std::string_view indicator, std::string_view status, std::string_view reason) {
  return make(t, EventType::IndicatorStatus)
      .with(field::indicator, str(indicator))
      .with(field::status, str(status))
      .with(field::reason, str(reason));
}

TraceEvent maintenance(TimePoint t, std::string_view indicator, bool on) {
  return make(t, EventType::Maintenance).with(field::indicator, str(indicator)).with(field::on, on);
}

TraceEvent selection(TimePoint t, std::string_view scheme, std::string_view address, int64_t priority,
                     std::string_view indicator) {
  return make(t, EventType::Selection)
      .with(field::scheme, str(scheme))
      .with(field::address, str(address))
      .with(field::priority, priority)
      .with(field::indicator, str(indicator));
}

TraceEvent push(TimePoint t, std::string_view scheme, std::string_view address, bool ok, std::string_view reply) {
  return make(t, EventType::Push)
      .with(field::scheme, str(scheme))
      .with(field::address, str(address))
      .with(field::ok, ok)
      .with(field::reply, str(reply));
}

TraceEvent forcePush(TimePoint t, std::string_view scheme, std::string_view address) {
  return make(t, EventType::ForcePush).with(field::scheme, str(scheme)).with(field::address, str(address));
}

TraceEvent pushUnknown(TimePoint t, std::string_view scheme, std::string_view address) {
  return make(t, EventType::PushUnknown).with(field::scheme, str(scheme)).with(field::address, str(address));
}

TraceEvent wouldPush(TimePoint t, std::string_view scheme, std::string_view address) {
  return make(t, EventType::WouldPush).with(field::scheme, str(scheme)).with(field::address, str(address));
}

TraceEvent notify(TimePoint t, std::string_view target, std::string_view notification, std::string_view scheme,
                  bool ok, int64_t attempt, std::string_view reply) {
  return make(t, EventType::Notify)
      .with(field::target, str(target))
      .with(field::notification, str(notification))
      .with(field::scheme, str(scheme))
      .with(field::ok, ok)
      .with(field::attempt, attempt)
      .with(field::reply, str(reply));
}

TraceEvent nsDiscoveryFailed(TimePoint t, std::string_view scheme, std::string_view resolver, std::string_view error) {
  return make(t, EventType::NsDiscovery)
      .with(field::scheme, str(scheme))
      .with(field::resolver, str(resolver))
      .with(field::error, str(error));
}

TraceEvent nsAnswerAddress(TimePoint t, std::string_view scheme, std::string_view server, std::string_view scope,
                           std::string_view address, std::optional<int64_t> ttl) {
  TraceEvent event = make(t, EventType::NsAnswer);
  event.with(field::scheme, str(scheme)).with(field::server, str(server)).with(field::scope, str(scope));
  event.with(field::address, str(address));
  if (ttl) event.with(field::ttl, *ttl);
  return event;
}

TraceEvent nsAnswerError(TimePoint t, std::string_view scheme, std::string_view server, std::string_view scope,
                         std::string_view error) {
  return make(t, EventType::NsAnswer)
      .with(field::scheme, str(scheme))
      .with(field::server, str(server))
      .with(field::scope, str(scope))
      .with(field::error, str(error));
}

TraceEvent converged(TimePoint t, std::string_view scheme, std::string_view scope, std::string_view address,
                     double seconds) {
  return make(t, EventType::Converged)
      .with(field::scheme, str(scheme))
      .with(field::scope, str(scope))
      .with(field::address, str(address))
      .with(field::seconds, seconds);
}

TraceEvent serverState(TimePoint t, std::string_view server, std::string_view address, bool ok) {
  return make(t, EventType::ServerState)
      .with(field::server, str(server))
      .with(field::address, str(address))
      .with(field::ok, ok);
}

TraceEvent record(TimePoint t, std::string_view fqdn, std::string_view rtype, std::string_view value) {
  return make(t, EventType::Record)
      .with(field::fqdn, str(fqdn))
      .with(field::rtype, str(rtype))
      .with(field::value, str(value));
}

TraceEvent fault(TimePoint t, std::string_view kind, std::string_view target, std::optional<bool> on) {
  TraceEvent event = make(t, EventType::Fault);
  event.with(field::kind, str(kind)).with(field::target, str(target));
  if (on) event.with(field::on, *on);
  return event;
}

TraceEvent siteView(TimePoint t, std::string_view indicator, std::string_view site, std::string_view status,
                    bool voting) {
  return make(t, EventType::SiteView)
      .with(field::indicator, str(indicator))
      .with(field::site, str(site))
      .with(field::status, str(status))
      .with(field::voting, voting);
}

TraceEvent quorum(TimePoint t, std::string_view indicator, std::string_view status, int64_t okVotes,
                  int64_t errVotes, int64_t voters) {
  return make(t, EventType::Quorum)
      .with(field::indicator, str(indicator))
      .with(field::status, str(status))
      .with(field::okVotes, okVotes)
      .with(field::errVotes, errVotes)
      .with(field::voters, voters);
}

TraceEvent leader(TimePoint t, std::string_view site, bool leads, int64_t revision) {
  return make(t, EventType::Leader).with(field::site, str(site)).with(field::leads, leads).with(field::revision, revision);
}

TraceEvent coordination(TimePoint t, bool reachable, std::string_view error) {
  return make(t, EventType::Coordination).with(field::reachable, reachable).with(field::error, str(error));
}

}  // namespace events
}  // namespace dnsfailover
