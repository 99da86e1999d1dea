// Goal: the selector agrees with a plain reference model of okerr's rule
// over random member sets, whatever order the members come in.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "engine/selector/selector.h"

namespace dnsfailover {
namespace {

// The rule as a person would state it: sort by priority, highest first;
// the first OK member not in maintenance wins, else the first member.
std::optional<int> referencePriority(std::vector<MemberState> members) {
  if (members.empty()) return std::nullopt;
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.priority > b.priority; });
  for (const MemberState& m : members) {
    if (m.status == Status::Ok && !m.maintenance) return m.priority;
  }
  return members.front().priority;
}

rc::Gen<std::vector<MemberState>> members() {
  return rc::gen::mapcat(rc::gen::unique<std::vector<int>>(rc::gen::inRange(-50, 1000)), [](std::vector<int> prios) {
    return rc::gen::map(
        rc::gen::container<std::vector<std::pair<int, bool>>>(
            prios.size(), rc::gen::pair(rc::gen::inRange(0, 3), rc::gen::arbitrary<bool>())),
        [prios](const std::vector<std::pair<int, bool>>& flags) {
          std::vector<MemberState> out;
          for (size_t i = 0; i < prios.size(); ++i) {
            out.push_back({prios[i], static_cast<Status>(flags[i].first), flags[i].second});
          }
          return out;
        });
  });
}

RC_GTEST_PROP(SelectorProperty, MatchesTheReferenceModel, ()) {
  const auto ms = *members();
  const auto chosen = selectMember(ms);
  const auto expected = referencePriority(ms);
  RC_ASSERT(chosen.has_value() == expected.has_value());
  if (chosen) RC_ASSERT(ms[*chosen].priority == *expected);
}

}  // namespace
}  // namespace dnsfailover
