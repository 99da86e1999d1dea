#include "fakes/dns/answer_log.h"

#include <algorithm>

#include "engine/dns/name_match.h"

namespace dnsfailover::fakes {

std::string AnswerLog::answerText(const dns::Message& reply, const std::string& name, dns::Type type) {
  if (reply.rcode != dns::Rcode::NoError) return dns::rcodeName(reply.rcode);
  const std::vector<std::string> values = dns::answerValues(reply, name, type);
  return values.empty() ? "NODATA" : dns::joinAnswerValues(values);
}

void AnswerLog::note(const dns::Message& query, const dns::Message& reply, TimePoint now) {
  if (query.questions.size() != 1) return;
  const dns::Question& q = query.questions.front();
  // Engine queries carry normalized names; only others pay for a copy.
  std::string normalized;
  const std::string* name = &q.name;
  if (!dns::isNormalizedName(q.name)) {
    normalized = dns::normalizeName(q.name);
    name = &normalized;
  }
  std::string answer = answerText(reply, *name, q.type);
  const std::pair<std::string_view, uint16_t> key{*name, static_cast<uint16_t>(q.type)};
  auto it = spans_.find(key);
  if (it == spans_.end()) it = spans_.emplace(std::pair{*name, key.second}, std::vector<Span>{}).first;
  std::vector<Span>& spans = it->second;
  if (!spans.empty() && spans.back().answer == answer) {
    spans.back().last = now;
  } else {
    spans.push_back({now, now, std::move(answer)});
  }
}

const std::vector<AnswerLog::Span>& AnswerLog::spans(const std::string& name, dns::Type type) const {
  static const std::vector<Span> kNone;
  auto it = spans_.find({dns::normalizeName(name), static_cast<uint16_t>(type)});
  return it == spans_.end() ? kNone : it->second;
}

bool AnswerLog::gave(const std::string& name, dns::Type type, const std::string& answer, TimePoint from,
                     TimePoint to) const {
  const std::vector<Span>& all = spans(name, type);
  return std::any_of(all.begin(), all.end(), [&](const Span& s) {
    return s.answer == answer && s.first <= to && s.last >= from;
  });
}

}  // namespace dnsfailover::fakes
