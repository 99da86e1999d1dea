#pragma once
// Whether a record's values landed in the order the engine selected them:
// the check behind the `no_stale_record` expectation and the world
// properties' no-stale rule, so both judge one way.
//
// A value can be named by many selections when the servers flap (A, B, A,
// B): a landing of A does not say which of the selections naming A sent
// it. The judge asks whether *some* assignment explains the landings with
// selection indices that never fall, and takes for each landing the oldest
// selection naming its value that is not older than the previous landing's.
// That greedy choice finds such an assignment whenever one exists, so the
// judge fails only when no order of sending explains the record: an older
// push landed after a newer one and the record then held a value no
// selection since had named.
//
// One exception is the engine's documented one (engine/syncer/syncer.h): a
// push that failed unanswered (a timeout, a 5xx) may still land up to
// Syncer::kRequestLifetime after it failed, and no client can prevent
// that. Such a late landing is excused when the engine knew it could
// happen: a newer set it confirmed after that failure must carry a recheck
// (`recheck_in_s`), the promise to push it once more. That the recheck gets
// through, which a provider outage can delay for hours, is the liveness
// judges' to see (record_follows_truth, the convergence properties).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/selector/answer_rule.h"
#include "engine/ports/trace.h"

namespace dnsfailover::sim {

struct RecordOrderVerdict {
  int changes = 0;                     // record changes judged
  int lateLandings = 0;                // of them, unanswered pushes landing late (the engine rechecking)
  std::optional<std::string> failure;  // the first landing out of order, in words
};

// Judges the Record events of `fqdn` against the Selection events of
// `scheme` in `events` (empty strings: any scheme, any name). The value a
// record starts with, before the first selection of its type, is not
// judged.
RecordOrderVerdict judgeRecordOrder(const std::vector<TraceEvent>& events, const std::string& scheme,
                                    const std::string& fqdn);

// Whether the judge applies to a scheme answering `mode`. A multivalue set
// (all healthy) reaches Cloudflare one record write at a time, so the RRset
// passes through sets no selection named; liveness judges where it ends.
bool recordOrderApplies(AnswerMode mode);

// "b,a" -> "a,b": a selection lists addresses in rule order, the zone log
// and the watchers sorted.
std::string sortedAddressList(const std::string& joined);
// The record type an event is about ("A" for traces from before dual
// stack, which carry no rtype).
std::string recordTypeOf(const TraceEvent& event);

}  // namespace dnsfailover::sim
