#pragma once
// DNS expectations, judged from what the engine's propagation watcher saw
// (ns_answer events) against the pushes the provider confirmed:
//   ns_converge:        every nameserver answers a pushed address by
//                       push + its lag + slack;
//   resolvers_converge: every resolver does by push + the longest lag +
//                       max(record TTL, its minimum-TTL clamp) + slack.
// A push followed by the next one before a deadline is not judged.

#include <vector>

#include "engine/ports/trace.h"
#include "sim/expectations.h"

namespace dnsfailover::sim {

// Keeps the events the DNS expectations need while forwarding every event.
class DnsEventLog final : public TraceSink {
 public:
  explicit DnsEventLog(TraceSink& next) : next_(next) {}
  void record(const TraceEvent& event) override;
  const std::vector<TraceEvent>& events() const { return events_; }

 private:
  TraceSink& next_;
  std::vector<TraceEvent> events_;
};

ExpectationResult evaluateDnsExpectation(const Expectation& expectation, const RunFacts& facts);

// A confirmed push: the provider holds `address` (the RRset of `rtype`,
// sorted, ","-joined; "" = withdrawn) from `at`; `proxied` when the provider
// serves it through its proxy, so any address answered agrees.
struct ConfirmedPush {
  TimePoint at;
  std::string address;
  std::string rtype = "A";
  bool proxied = false;
};
std::vector<ConfirmedPush> confirmedPushes(const std::vector<TraceEvent>& events, const std::string& scheme);

// What `server` (in `scope`: "auth" or "resolver") answered for `rtype`
// over time, as observed: (since, sorted addresses, "" for no record of the
// type (NODATA, NXDOMAIN), or "error: ...") steps.
std::vector<std::pair<TimePoint, std::string>> observedAnswers(const std::vector<TraceEvent>& events,
                                                               const std::string& rtype,
                                                               const std::string& scheme, const std::string& server,
                                                               const std::string& scope);

}  // namespace dnsfailover::sim
