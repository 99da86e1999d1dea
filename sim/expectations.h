#pragma once
// Judges a finished run against the scenario's expectations, from outside
// the engine: true server states come from what the world observer saw,
// the record's history from the zone store's change log.

#include <vector>

#include "engine/ports/store.h"

#include "sim/runner.h"
#include "sim/world.h"

namespace dnsfailover::sim {

class DnsEventLog;
class Sites;
class WorldObserver;

struct RunFacts {
  const Scenario& scenario;
  const World& world;
  const fakes::ZoneStore& zones;
  TimePoint start;
  TimePoint end;
  // Selection events per scheme name.
  std::map<std::string, uint64_t> selections;
  const DnsEventLog* dnsEvents = nullptr;  // pushes and propagation answers
  // The servers' true states as observed during the run (faults included).
  const WorldObserver* truth = nullptr;
  // Engine and world events, for event_count and push_spacing.
  const std::vector<TraceEvent>* events = nullptr;
  // Runs with a store: the events the engine emitted, as it emitted them,
  // and the store itself.
  const std::vector<TraceEvent>* engineEvents = nullptr;
  Store* store = nullptr;
  // Multi-site worlds: the sites (their outages, the requests they sent).
  const Sites* sites = nullptr;
};

ExpectationResult evaluateExpectation(const Expectation& expectation, const RunFacts& facts);

// The scenario's scheme of that name; null when there is none.
const SchemeConfig* schemeNamed(const RunFacts& facts, const std::string& name);

// What a record held over time: (since, value) steps, value "" = absent.
using RecordHistory = std::vector<std::pair<TimePoint, std::string>>;
RecordHistory recordHistory(const fakes::ZoneStore& zones, const std::string& fqdn, const std::string& type);
// Both binary-search: the history is in time order.
std::string valueAt(const RecordHistory& history, TimePoint t);
RecordHistory::const_iterator firstChangeAfter(const RecordHistory& history, TimePoint t);

}  // namespace dnsfailover::sim
