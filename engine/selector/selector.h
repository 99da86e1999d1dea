#pragma once
// okerr's selection rule as a pure function: walk members from the highest
// priority down and take the first that is OK and not in maintenance; when
// none qualifies, take the highest-priority member, so the record is never
// left empty.

#include <cstddef>
#include <optional>
#include <span>

#include "engine/monitor/status_machine.h"

namespace dnsfailover {

struct MemberState {
  int priority = 0;
  Status status = Status::Unknown;
  bool maintenance = false;
};

// `members` may come in any order. Returns the index of the chosen member,
// or nullopt when there are no members.
std::optional<size_t> selectMember(std::span<const MemberState> members);

}  // namespace dnsfailover
