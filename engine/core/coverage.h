#pragma once
// Coverage marks: the engine and the fakes count the rare paths they take
// (a backoff at its last step, a Retry-After honoured, a push superseded in
// flight...), so the harness can show which of them its runs exercised and a
// test can fail when a property run never reaches one (TigerBeetle's and
// FoundationDB's "coverage marks").
//
// A mark is a counter, nothing more: no I/O, no clock, no allocation. The
// counters belong to the calling thread, because a simulated run is one
// thread from start to end: a runner reads (or resets) them around a run and
// gets that run's marks even while other threads run other seeds. Live, the
// counters tick and nobody reads them; the cost is one increment.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dnsfailover::coverage {

enum class Mark : uint8_t {
  BackoffLastStep,         // a failed push retried at the last entry of the backoff schedule
  RetryAfterHonoured,      // a provider's Retry-After (or HE's interval) held the next push back
  PermanentPushFailure,    // a push failed for good (bad credentials, unknown zone)
  PushDuringInFlight,      // the selection changed while a push was in flight
  SupersededPushLanded,    // a push confirmed after the selection had moved on
  PushUnknownAfterRestart, // a restart found a push in flight: its outcome is unknown
  LateLandingRecheck,      // a push confirmed while an older, unanswered one could still land
  RestoreFoundSynced,      // a restart found the provider holding the selected address
  RecordIdRefetched,       // Cloudflare: a cached zone/record id went stale and was looked up again
  RecordCreated,           // Cloudflare: the record was missing and was created
  StartupWaitExpired,      // a scheme chose while a member still had no first result
  FlapDamped,              // a check result against the status was outvoted by the retry schedule
  FakeThrottled,           // a provider fake throttled a request (429, HE "interval")
  FakeServerError,         // a provider fake answered 5xx from its fault knobs
  Count
};

inline constexpr size_t kMarkCount = static_cast<size_t>(Mark::Count);

struct MarkInfo {
  std::string_view name;     // snake_case, as printed and written to JSON
  std::string_view meaning;  // one line for people
};
const MarkInfo& markInfo(Mark mark);

using Counts = std::array<uint64_t, kMarkCount>;

// This thread's counters.
Counts& threadCounts();

inline void hit(Mark mark) { ++threadCounts()[static_cast<size_t>(mark)]; }

// Counters since `before` (a copy of threadCounts() taken earlier).
Counts since(const Counts& before);

}  // namespace dnsfailover::coverage
