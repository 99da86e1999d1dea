#pragma once
// How a scheme answers, per record type (config "answer", "max_answers",
// "when_all_down"); plain data shared by the config and the selector.
//
// - answer "one" (default): the highest-priority healthy member, as okerr;
//   "all_healthy": every healthy member by priority as one RRset (Route 53's
//   multivalue answer), at most `maxAnswers` of them when set;
// - when every member of the type is down: "highest" (default, okerr's
//   rule) publishes the highest-priority member anyway, "keep" leaves the
//   record as last pushed, "none" withdraws the RRset.

#include <cstddef>

namespace dnsfailover {

enum class AnswerMode { One, AllHealthy };
enum class WhenAllDown { HighestPriority, Keep, None };

struct AnswerRule {
  AnswerMode mode = AnswerMode::One;
  size_t maxAnswers = 0;  // AllHealthy: at most this many; 0 = no limit
  WhenAllDown whenAllDown = WhenAllDown::HighestPriority;

  bool operator==(const AnswerRule&) const = default;
};

// Config words: "one" / "all_healthy"; "highest" / "keep" / "none".
const char* answerModeName(AnswerMode mode);
const char* whenAllDownName(WhenAllDown rule);

}  // namespace dnsfailover
