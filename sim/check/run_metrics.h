#pragma once
// What one run did for each scheme, measured from the trace's world events
// (server_state: the truth; record: what the provider held; ns_answer and
// converged: what nameservers and resolvers answered) next to the engine's
// own (selection, push). Pure: events in, numbers out.
//
// Definitions:
//  - the ideal address at t is the highest-priority member whose server
//    truly serves at t (none: the highest-priority member, okerr's rule);
//    each change of it is a transition: a failover when the ideal moves to
//    a lower priority, a recovery when it moves up;
//  - for a transition at T0 to address A, lasting until the next change:
//    detect = the engine selects A, push = a push of A succeeds, ns = every
//    authoritative nameserver answers A, resolvers = every monitored
//    resolver does; each in seconds after T0 (0 when already so at T0),
//    absent when it did not happen before the ideal moved on;
//  - availability = the share of the run in which what the monitored
//    resolvers answered (as polled) pointed at a serving server, averaged
//    over resolvers; record availability uses the provider's record;
//  - a false failover is a selection that leaves a member whose server was
//    serving during the whole detection window before it (period + retries
//    + check timeout + 1 s): the monitor saw a fault clients did not;
//  - a double push: two successful pushes of different addresses closer
//    than the first member's check period (a transient selection).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/ports/trace.h"

namespace dnsfailover::sim {

struct Transition {
  Duration at{};  // offset from the run's start
  bool failover = true;
  std::string from, to;
  std::optional<double> detect, push, ns, resolvers;  // seconds after `at`
};

struct DoublePush {
  Duration at{};  // offset of the first push
  std::string first, second;
  double gap = 0;  // seconds between them
};

struct SchemeRun {
  std::string scheme;
  std::vector<Transition> transitions;
  double availability = 1.0;
  double recordAvailability = 1.0;
  int falseFailovers = 0;
  int pushes = 0;             // attempts, failed ones included
  int peakPushes = 0;         // most attempts in any provider rate-limit window
  std::vector<DoublePush> doublePushes;
};

// The provider's documented rate limit for one record.
struct RateLimit {
  int requests = 0;
  Duration window{};
  std::string text;  // "10 per 2m (HE, per record)"
};
RateLimit rateLimitOf(ProviderKind provider);

std::vector<SchemeRun> measureRun(const std::vector<TraceEvent>& events, const EngineConfig& config, TimePoint start,
                                  TimePoint end);

}  // namespace dnsfailover::sim
