#pragma once
// The trace schema, defined once: every event type, its wire name and its
// fields (name, kind, required or not). Emitters build events only through
// the builders below and readers test `event.type` against EventType and
// read fields through the `field::` names, so no code matches type names
// as strings and the table cannot drift from what is written: a test runs
// scenarios and checks every emitted event with checkTraceEvent.
//
// Compatibility (docs/trace.md): every JSON-lines trace opens with a
// trace_start event carrying kTraceVersion. Readers ignore fields they do
// not know; an event of a type they do not know parses as
// EventType::Unknown (keeping its wire name) and is skipped by the views.
// Adding a type or an optional field keeps the version; changing what a
// field means, or removing or retyping one, bumps it.
//
// Light on purpose: included by trace.h, so by every emitter.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/core/time.h"

namespace dnsfailover {

struct TraceEvent;

inline constexpr int64_t kTraceVersion = 1;

enum class EventType : uint8_t {
  TraceStart,
  RunStart,
  RunEnd,
  EngineStart,
  EngineStop,
  EngineCrash,
  ConfigReload,
  IndicatorStatus,
  Maintenance,
  Selection,
  Push,
  ForcePush,
  PushUnknown,
  WouldPush,
  Notify,
  NsDiscovery,
  NsAnswer,
  Converged,
  ServerState,
  Record,
  Fault,
  SiteView,
  Quorum,
  Leader,
  Coordination,
  Unknown,  // read from a trace written by a newer version; never emitted
};

enum class FieldKind : uint8_t { String, Int, Double, Bool };

struct FieldSpec {
  std::string_view name;
  FieldKind kind;
  bool required;
};

struct EventSpec {
  EventType type;
  std::string_view name;
  std::span<const FieldSpec> fields;
};

// Field names, so readers and emitters never spell them.
namespace field {
inline constexpr std::string_view version = "version";
inline constexpr std::string_view scenario = "scenario";
inline constexpr std::string_view seed = "seed";
inline constexpr std::string_view resumed = "resumed";
inline constexpr std::string_view indicators = "indicators";
inline constexpr std::string_view schemes = "schemes";
inline constexpr std::string_view downtimeS = "downtime_s";
inline constexpr std::string_view ok = "ok";
inline constexpr std::string_view errors = "errors";
inline constexpr std::string_view changedIndicators = "changed_indicators";
inline constexpr std::string_view changedSchemes = "changed_schemes";
inline constexpr std::string_view indicator = "indicator";
inline constexpr std::string_view status = "status";
inline constexpr std::string_view reason = "reason";
inline constexpr std::string_view on = "on";
inline constexpr std::string_view scheme = "scheme";
inline constexpr std::string_view address = "address";
inline constexpr std::string_view priority = "priority";
inline constexpr std::string_view reply = "reply";
inline constexpr std::string_view supersededBy = "superseded_by";
inline constexpr std::string_view permanent = "permanent";
inline constexpr std::string_view failures = "failures";
inline constexpr std::string_view retryInS = "retry_in_s";
inline constexpr std::string_view recheckInS = "recheck_in_s";
inline constexpr std::string_view resolver = "resolver";
inline constexpr std::string_view error = "error";
inline constexpr std::string_view server = "server";
inline constexpr std::string_view scope = "scope";
inline constexpr std::string_view ttl = "ttl";
inline constexpr std::string_view seconds = "seconds";
inline constexpr std::string_view fqdn = "fqdn";
inline constexpr std::string_view rtype = "rtype";
inline constexpr std::string_view proxied = "proxied";
inline constexpr std::string_view value = "value";
inline constexpr std::string_view kind = "kind";
inline constexpr std::string_view target = "target";
inline constexpr std::string_view notification = "notification";
inline constexpr std::string_view attempt = "attempt";
inline constexpr std::string_view site = "site";
inline constexpr std::string_view voting = "voting";
inline constexpr std::string_view okVotes = "ok_votes";
inline constexpr std::string_view errVotes = "err_votes";
inline constexpr std::string_view voters = "voters";
inline constexpr std::string_view leads = "leads";
inline constexpr std::string_view revision = "revision";
inline constexpr std::string_view reachable = "reachable";
// Added by the multi-site simulation to every event of a site's engine: the
// site that emitted it (sim/sites.h). Not in any event's table: an extra
// field, which readers ignore.
inline constexpr std::string_view origin = "origin";
}  // namespace field

namespace schema_detail {
using K = FieldKind;
inline constexpr FieldSpec kTraceStart[] = {{field::version, K::Int, true}};
inline constexpr FieldSpec kRunStart[] = {{field::scenario, K::String, true}, {field::seed, K::Int, true}};
inline constexpr FieldSpec kRunEnd[] = {{field::scenario, K::String, true}};
inline constexpr FieldSpec kEngineStart[] = {
    {field::resumed, K::Bool, true}, {field::indicators, K::Int, true}, {field::schemes, K::Int, true}};
inline constexpr FieldSpec kEngineCrash[] = {{field::downtimeS, K::Double, true}};
inline constexpr FieldSpec kConfigReload[] = {{field::ok, K::Bool, true},
                                              {field::errors, K::Int, true},
                                              {field::changedIndicators, K::Int, true},
                                              {field::changedSchemes, K::Int, true}};
inline constexpr FieldSpec kIndicatorStatus[] = {
    {field::indicator, K::String, true}, {field::status, K::String, true}, {field::reason, K::String, true}};
inline constexpr FieldSpec kMaintenance[] = {{field::indicator, K::String, true}, {field::on, K::Bool, true}};
inline constexpr FieldSpec kSelection[] = {{field::scheme, K::String, true},
                                           {field::address, K::String, true},
                                           {field::priority, K::Int, true},
                                           {field::indicator, K::String, true},
                                           {field::rtype, K::String, false}};
inline constexpr FieldSpec kPush[] = {{field::scheme, K::String, true},       {field::address, K::String, true},
                                      {field::ok, K::Bool, true},             {field::reply, K::String, true},
                                      {field::supersededBy, K::String, false}, {field::permanent, K::Bool, false},
                                      {field::failures, K::Int, false},       {field::retryInS, K::Double, false},
                                      {field::rtype, K::String, false},       {field::proxied, K::Bool, false},
                                      {field::recheckInS, K::Double, false}};
inline constexpr FieldSpec kSchemeAddress[] = {
    {field::scheme, K::String, true}, {field::address, K::String, true}, {field::rtype, K::String, false}};
inline constexpr FieldSpec kNotify[] = {{field::target, K::String, true},       {field::notification, K::String, true},
                                        {field::scheme, K::String, true},       {field::ok, K::Bool, true},
                                        {field::attempt, K::Int, true},         {field::reply, K::String, true},
                                        {field::retryInS, K::Double, false}};
inline constexpr FieldSpec kNsDiscovery[] = {
    {field::scheme, K::String, true}, {field::resolver, K::String, true}, {field::error, K::String, true}};
inline constexpr FieldSpec kNsAnswer[] = {{field::scheme, K::String, true}, {field::server, K::String, true},
                                          {field::scope, K::String, true},  {field::address, K::String, false},
                                          {field::ttl, K::Int, false},      {field::error, K::String, false},
                                          {field::rtype, K::String, false}};
inline constexpr FieldSpec kConverged[] = {{field::scheme, K::String, true},  {field::scope, K::String, true},
                                           {field::address, K::String, true}, {field::seconds, K::Double, true},
                                           {field::rtype, K::String, false},  {field::proxied, K::Bool, false}};
inline constexpr FieldSpec kServerState[] = {
    {field::server, K::String, true}, {field::address, K::String, true}, {field::ok, K::Bool, true}};
inline constexpr FieldSpec kRecord[] = {
    {field::fqdn, K::String, true}, {field::rtype, K::String, true}, {field::value, K::String, true}};
inline constexpr FieldSpec kFault[] = {
    {field::kind, K::String, true}, {field::target, K::String, true}, {field::on, K::Bool, false}};
inline constexpr FieldSpec kSiteView[] = {{field::indicator, K::String, true},
                                          {field::site, K::String, true},
                                          {field::status, K::String, true},
                                          {field::voting, K::Bool, true}};
inline constexpr FieldSpec kQuorum[] = {{field::indicator, K::String, true}, {field::status, K::String, true},
                                        {field::okVotes, K::Int, true},      {field::errVotes, K::Int, true},
                                        {field::voters, K::Int, true}};
inline constexpr FieldSpec kLeader[] = {
    {field::site, K::String, true}, {field::leads, K::Bool, true}, {field::revision, K::Int, true}};
inline constexpr FieldSpec kCoordination[] = {{field::reachable, K::Bool, true}, {field::error, K::String, true}};
}  // namespace schema_detail

// Indexed by EventType; Unknown last, with no fields.
inline constexpr std::array<EventSpec, static_cast<size_t>(EventType::Unknown) + 1> kEventSchema = {{
    {EventType::TraceStart, "trace_start", schema_detail::kTraceStart},
    {EventType::RunStart, "run_start", schema_detail::kRunStart},
    {EventType::RunEnd, "run_end", schema_detail::kRunEnd},
    {EventType::EngineStart, "engine_start", schema_detail::kEngineStart},
    {EventType::EngineStop, "engine_stop", {}},
    {EventType::EngineCrash, "engine_crash", schema_detail::kEngineCrash},
    {EventType::ConfigReload, "config_reload", schema_detail::kConfigReload},
    {EventType::IndicatorStatus, "indicator_status", schema_detail::kIndicatorStatus},
    {EventType::Maintenance, "maintenance", schema_detail::kMaintenance},
    {EventType::Selection, "selection", schema_detail::kSelection},
    {EventType::Push, "push", schema_detail::kPush},
    {EventType::ForcePush, "force_push", schema_detail::kSchemeAddress},
    {EventType::PushUnknown, "push_unknown", schema_detail::kSchemeAddress},
    {EventType::WouldPush, "would_push", schema_detail::kSchemeAddress},
    {EventType::Notify, "notify", schema_detail::kNotify},
    {EventType::NsDiscovery, "ns_discovery", schema_detail::kNsDiscovery},
    {EventType::NsAnswer, "ns_answer", schema_detail::kNsAnswer},
    {EventType::Converged, "converged", schema_detail::kConverged},
    {EventType::ServerState, "server_state", schema_detail::kServerState},
    {EventType::Record, "record", schema_detail::kRecord},
    {EventType::Fault, "fault", schema_detail::kFault},
    {EventType::SiteView, "site_view", schema_detail::kSiteView},
    {EventType::Quorum, "quorum", schema_detail::kQuorum},
    {EventType::Leader, "leader", schema_detail::kLeader},
    {EventType::Coordination, "coordination", schema_detail::kCoordination},
    {EventType::Unknown, "unknown", {}},
}};

consteval bool schemaIsIndexedByType() {
  for (size_t i = 0; i < kEventSchema.size(); ++i) {
    if (static_cast<size_t>(kEventSchema[i].type) != i) return false;
  }
  return true;
}
static_assert(schemaIsIndexedByType(), "kEventSchema must list the event types in enum order");

constexpr const EventSpec& eventSpec(EventType type) { return kEventSchema[static_cast<size_t>(type)]; }
constexpr std::string_view eventTypeName(EventType type) { return eventSpec(type).name; }
// EventType::Unknown for a name not in the table (including "unknown").
EventType eventTypeFromName(std::string_view name);

// nullopt when `event` has every required field of its type, each field
// of the table with its kind (an integer is accepted where a double is
// due: JSON does not tell them apart), and a known type. Fields the table
// does not list are allowed (readers ignore them).
std::optional<std::string> checkTraceEvent(const TraceEvent& event);

// The builders: the only way the engine and the sim make events.
namespace events {
TraceEvent traceStart(TimePoint t);
TraceEvent runStart(TimePoint t, std::string_view scenario, int64_t seed);
TraceEvent runEnd(TimePoint t, std::string_view scenario);
TraceEvent engineStart(TimePoint t, bool resumed, int64_t indicators, int64_t schemes);
TraceEvent engineStop(TimePoint t);
TraceEvent engineCrash(TimePoint t, double downtimeSeconds);
TraceEvent configReload(TimePoint t, bool ok, int64_t errors, int64_t changedIndicators, int64_t changedSchemes);
TraceEvent indicatorStatus(TimePoint t, std::string_view indicator, std::string_view status, std::string_view reason);
TraceEvent maintenance(TimePoint t, std::string_view indicator, bool on);
TraceEvent selection(TimePoint t, std::string_view scheme, std::string_view address, int64_t priority,
                     std::string_view indicator);
// The outcome of one push; the syncer adds superseded_by, or permanent,
// failures and retry_in_s for a failure it retries.
TraceEvent push(TimePoint t, std::string_view scheme, std::string_view address, bool ok, std::string_view reply);
TraceEvent forcePush(TimePoint t, std::string_view scheme, std::string_view address);
TraceEvent pushUnknown(TimePoint t, std::string_view scheme, std::string_view address);
// A dry run's push: what would have been sent, and was not.
TraceEvent wouldPush(TimePoint t, std::string_view scheme, std::string_view address);
// One delivery attempt of a notification to one target (a webhook or a
// command, named by its config path); retry_in_s when it is tried again.
TraceEvent notify(TimePoint t, std::string_view target, std::string_view notification, std::string_view scheme,
                  bool ok, int64_t attempt, std::string_view reply);
TraceEvent nsDiscoveryFailed(TimePoint t, std::string_view scheme, std::string_view resolver, std::string_view error);
// What one server answers: an address (with its TTL when known), or the
// error in its place.
TraceEvent nsAnswerAddress(TimePoint t, std::string_view scheme, std::string_view server, std::string_view scope,
                           std::string_view address, std::optional<int64_t> ttl);
TraceEvent nsAnswerError(TimePoint t, std::string_view scheme, std::string_view server, std::string_view scope,
                         std::string_view error);
TraceEvent converged(TimePoint t, std::string_view scheme, std::string_view scope, std::string_view address,
                     double seconds);
TraceEvent serverState(TimePoint t, std::string_view server, std::string_view address, bool ok);
TraceEvent record(TimePoint t, std::string_view fqdn, std::string_view rtype, std::string_view value);
TraceEvent fault(TimePoint t, std::string_view kind, std::string_view target, std::optional<bool> on);
// Sites (issue 10), as one engine sees them: a site's raw view of an
// indicator changed (or it started or stopped voting); the quorum result
// of an indicator changed; this engine's site started or stopped leading
// (revision: the fence it leads with, or led with); the coordination
// service became reachable or unreachable.
TraceEvent siteView(TimePoint t, std::string_view indicator, std::string_view site, std::string_view status,
                    bool voting);
TraceEvent quorum(TimePoint t, std::string_view indicator, std::string_view status, int64_t okVotes,
                  int64_t errVotes, int64_t voters);
TraceEvent leader(TimePoint t, std::string_view site, bool leads, int64_t revision);
TraceEvent coordination(TimePoint t, bool reachable, std::string_view error);
}  // namespace events

}  // namespace dnsfailover
