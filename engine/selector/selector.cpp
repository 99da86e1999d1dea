#include "engine/selector/selector.h"

namespace dnsfailover {

std::optional<size_t> selectMember(std::span<const MemberState> members) {
  std::optional<size_t> best;         // best healthy member so far
  std::optional<size_t> highest;      // fallback: highest priority overall
  for (size_t i = 0; i < members.size(); ++i) {
    const MemberState& m = members[i];
    if (!highest || m.priority > members[*highest].priority) highest = i;
    const bool healthy = m.status == Status::Ok && !m.maintenance;
    if (healthy && (!best || m.priority > members[*best].priority)) best = i;
  }
  return best ? best : highest;
}

}  // namespace dnsfailover
