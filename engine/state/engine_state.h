#pragma once
// What the engine must remember across a restart, a crash or a reload, as
// plain values keyed by name. Objects capture their own state and restore
// from it (Indicator::captureState/restoreState, Scheme, Syncer); stores
// (engine/ports/store.h) save it without knowing what it means.
//
// Rules the restore side relies on:
// - `providerHolds` is only ever set from a confirmed push (or a read-back):
//   per record type, the RRset the provider is known to hold, never a guess;
// - `inFlight` is the RRset of a push whose answer was not seen; after a
//   restart its outcome is unknown, so it must be pushed again (or read back);
// - instants are absolute UTC, so a restart after a long downtime finds its
//   retry and not-before times already passed and acts at once.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/core/time.h"
#include "engine/dns/record_set.h"

namespace dnsfailover {

struct IndicatorState {
  std::string name;
  // Fingerprint of the check and policy this state was earned with; a
  // reload that changes either starts the indicator afresh.
  std::string configKey;
  std::string status = "UNKNOWN";  // "UNKNOWN" | "OK" | "ERR" (statusName)
  TimePoint since{};
  std::string reason;
  uint32_t retriesUsed = 0;
  bool maintenance = false;
  std::optional<TimePoint> nextCheck;  // when the next check was due
  uint64_t checksRun = 0;

  bool operator==(const IndicatorState&) const = default;
};

struct SchemeState {
  std::string name;
  // Fingerprint of the members (indicator, priority, address) and the
  // provider target; a reload that changes it reselects once.
  std::string configKey;
  // Fingerprint of the provider target (provider, fqdn, zone, endpoint); when
  // it changes, what the provider held says nothing about the new target.
  std::string targetKey;
  // The members chosen last (several for "all_healthy", one per family
  // for dual stack), by priority.
  std::vector<std::string> selectedIndicators;
  RecordSets desired;                            // per type: what the syncer wants
  RecordSets providerHolds;                      // per type: confirmed by the provider
  std::optional<RecordSet> inFlight;             // pushed, answer not seen
  std::optional<TimePoint> inFlightSince;        // when that push was sent
  std::set<RecordType> owed;                     // types whose desired set is not confirmed
  bool attempted = false;                        // a push of `desired` was tried
  int failures = 0;                              // backoff position
  std::optional<TimePoint> nextAttempt;
  TimePoint notBefore{};                         // provider's Retry-After
  TimePoint statusSince{};
  std::string lastReply;
  std::string lastError;
  uint64_t pushesSent = 0;
  std::map<std::string, std::string> providerCache;  // e.g. Cloudflare zone/record ids

  bool operator==(const SchemeState&) const = default;
};

struct EngineState {
  std::map<std::string, IndicatorState> indicators;
  std::map<std::string, SchemeState> schemes;

  bool operator==(const EngineState&) const = default;
};

}  // namespace dnsfailover
