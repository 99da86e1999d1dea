#pragma once
// What a fake DNS server (authoritative or resolver) answered, kept by the
// server itself, so a checker can hold the engine's account of the world
// (its ns_answer events) against what was really said instead of taking
// the engine's word for it.
//
// Run-length: per question (name, type), one span per run of equal
// answers, with the first and last instant that answer was given. Memory
// grows with the number of answer changes, not with the queries, so a long
// run costs little. An answer's text is the engine's and the trace's form:
// the sorted addresses joined ("a,b"), else NODATA or the rcode name;
// silence (a down server) is not an answer and is not kept.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/time.h"
#include "engine/dns/message.h"

namespace dnsfailover::fakes {

class AnswerLog {
 public:
  struct Span {
    TimePoint first;
    TimePoint last;
    std::string answer;
  };

  // Notes the reply the server gives to `query` at `now`.
  void note(const dns::Message& query, const dns::Message& reply, TimePoint now);

  // The spans for a question, in time order; empty when never asked.
  const std::vector<Span>& spans(const std::string& name, dns::Type type) const;
  // Whether `answer` was given to the question at some instant in [from, to].
  bool gave(const std::string& name, dns::Type type, const std::string& answer, TimePoint from, TimePoint to) const;

  static std::string answerText(const dns::Message& reply, const std::string& name, dns::Type type);

 private:
  // Ordered by (name, type); transparent, so note() looks a question up
  // through a view of the query's name without copying it (every query
  // the fakes answer passes here).
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      const std::string_view an = a.first, bn = b.first;
      return an != bn ? an < bn : a.second < b.second;
    }
  };
  std::map<std::pair<std::string, uint16_t>, std::vector<Span>, KeyLess> spans_;
};

}  // namespace dnsfailover::fakes
