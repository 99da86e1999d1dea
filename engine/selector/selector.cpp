#include "engine/selector/selector.h"

#include <algorithm>
#include <cassert>

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

const char* answerModeName(AnswerMode mode) { return mode == AnswerMode::One ? "one" : "all_healthy"; }

const char* whenAllDownName(WhenAllDown rule) {
  switch (rule) {
    case WhenAllDown::HighestPriority: return "highest";
    case WhenAllDown::Keep: return "keep";
    case WhenAllDown::None: return "none";
  }
  return "?";
}

std::optional<std::vector<size_t>> selectAnswer(std::span<const MemberState> members, const AnswerRule& rule) {
  if (members.empty()) return std::nullopt;
  std::vector<size_t> order(members.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Priorities are unique within a scheme (the loader checks); the index
  // breaks ties anyway so the answer never depends on sort internals.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return members[a].priority != members[b].priority ? members[a].priority > members[b].priority : a < b;
  });
  std::vector<size_t> healthy;
  for (size_t i : order) {
    if (members[i].status == Status::Ok && !members[i].maintenance) healthy.push_back(i);
  }
  if (healthy.empty()) {
    switch (rule.whenAllDown) {
      case WhenAllDown::HighestPriority: return std::vector<size_t>{order.front()};
      case WhenAllDown::Keep: return std::nullopt;
      case WhenAllDown::None: return std::vector<size_t>{};
    }
  }
  const size_t limit = rule.mode == AnswerMode::One ? 1 : (rule.maxAnswers == 0 ? healthy.size() : rule.maxAnswers);
  if (healthy.size() > limit) healthy.resize(limit);
  assert(!healthy.empty());
  return healthy;
}

}  // namespace dnsfailover
