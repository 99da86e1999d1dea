#pragma once
// okerr's selection rule as a pure function: walk members from the highest
// priority down and take the first that is OK and not in maintenance; when
// none qualifies, take the highest-priority member, so the record is never
// left empty. selectAnswer() generalises it to several answers and to the
// other all-down rules.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "engine/monitor/status_machine.h"
#include "engine/selector/answer_rule.h"

namespace dnsfailover {

struct MemberState {
  int priority = 0;
  Status status = Status::Unknown;
  bool maintenance = false;
};

// `members` may come in any order. Returns the index of the chosen member,
// or nullopt when there are no members.
std::optional<size_t> selectMember(std::span<const MemberState> members);

// The members one record type publishes under `rule` (answer_rule.h), as
// indices into `members`, highest priority first; an empty list withdraws
// the RRset. nullopt means "leave the record as it is": every member is
// down and the rule is "keep", or there are no members.
std::optional<std::vector<size_t>> selectAnswer(std::span<const MemberState> members, const AnswerRule& rule);

}  // namespace dnsfailover
