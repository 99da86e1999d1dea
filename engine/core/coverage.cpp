#include "engine/core/coverage.h"

namespace dnsfailover::coverage {
namespace {

constexpr std::array<MarkInfo, kMarkCount> kMarks{{
    {"backoff_last_step", "a failed push retried at the last entry of the backoff schedule"},
    {"retry_after_honoured", "a provider's Retry-After (or HE's interval) held the next push back"},
    {"permanent_push_failure", "a push failed for good (bad credentials, unknown zone)"},
    {"push_during_in_flight", "the selection changed while a push was in flight"},
    {"superseded_push_landed", "a push confirmed after the selection had moved on"},
    {"push_unknown_after_restart", "a restart found a push in flight whose outcome is unknown"},
    {"late_landing_recheck", "a push confirmed while an older, unanswered one could still land, so it goes again"},
    {"restore_found_synced", "a restart found the provider holding the selected address"},
    {"record_id_refetched", "Cloudflare: a cached zone or record id went stale and was looked up again"},
    {"record_created", "Cloudflare: the record was missing and was created"},
    {"startup_wait_expired", "a scheme chose while a member still had no first result"},
    {"flap_damped", "a check result against the status was outvoted by the retry schedule"},
    {"fake_throttled", "a provider fake throttled a request (429, HE interval)"},
    {"fake_server_error", "a provider fake answered 5xx from its fault knobs"},
}};

}  // namespace

const MarkInfo& markInfo(Mark mark) { return kMarks[static_cast<size_t>(mark)]; }

Counts& threadCounts() {
  thread_local Counts counts{};
  return counts;
}

Counts since(const Counts& before) {
  Counts out = threadCounts();
  for (size_t i = 0; i < kMarkCount; ++i) out[i] -= before[i];
  return out;
}

}  // namespace dnsfailover::coverage
