#include "sim/record_order.h"

#include <algorithm>
#include <map>
#include <optional>

#include "engine/core/time.h"
#include "engine/syncer/syncer.h"

namespace dnsfailover::sim {
std::string sortedAddressList(const std::string& joined) {
  std::vector<std::string> parts;
  for (size_t start = 0; !joined.empty() && start <= joined.size();) {
    const size_t comma = joined.find(',', start);
    parts.push_back(joined.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

std::string recordTypeOf(const TraceEvent& event) {
  return event.text(field::rtype).empty() ? "A" : event.text(field::rtype);
}

bool recordOrderApplies(AnswerMode mode) { return mode != AnswerMode::AllHealthy; }

RecordOrderVerdict judgeRecordOrder(const std::vector<TraceEvent>& events, const std::string& scheme,
                                    const std::string& fqdn) {
  struct Track {
    std::vector<std::string> selected;  // each selection's set, oldest first
    size_t lastIndex = 0;               // the selection the last landing is charged to
    std::map<std::string, TimePoint> unanswered;  // set -> when a push of it last failed unanswered
    struct Confirmed {
      TimePoint at;
      std::string set;
      bool rechecks = false;  // the engine said it would push the set again (recheck_in_s)
    };
    std::optional<Confirmed> lastConfirmed;
  };
  std::map<std::string, Track> tracks;  // by record type
  RecordOrderVerdict verdict;
  const auto ofScheme = [&](const TraceEvent& event) { return scheme.empty() || event.text(field::scheme) == scheme; };
  for (const TraceEvent& event : events) {
    if (event.type == EventType::Selection && ofScheme(event)) {
      tracks[recordTypeOf(event)].selected.push_back(sortedAddressList(event.text(field::address)));
    }
    if (event.type == EventType::Push && ofScheme(event)) {
      Track& track = tracks[recordTypeOf(event)];
      const std::string set = sortedAddressList(event.text(field::address));
      if (event.flag(field::ok)) {
        track.lastConfirmed = Track::Confirmed{event.t, set, event.field(field::recheckInS) != nullptr};
      } else if (!event.flag(field::permanent)) {
        track.unanswered[set] = event.t;
      }
    }
    if (event.type != EventType::Record || event.text(field::value).empty()) continue;
    if (!fqdn.empty() && event.text(field::fqdn) != fqdn) continue;
    const std::string rtype = recordTypeOf(event);
    Track& track = tracks[rtype];
    if (track.selected.empty()) continue;
    const std::string& value = event.text(field::value);
    const auto named = [&](const std::string& s) { return s == value; };
    if (std::none_of(track.selected.begin(), track.selected.end(), named)) {
      verdict.failure = "at " + formatIsoUtc(event.t) + " the " + rtype + " record took " + value +
                        ", which was never selected";
      return verdict;
    }
    const auto from = track.selected.begin() + static_cast<std::ptrdiff_t>(track.lastIndex);
    const auto next = std::find_if(from, track.selected.end(), named);
    if (next == track.selected.end()) {
      const auto failed = track.unanswered.find(value);
      if (failed != track.unanswered.end() && event.t <= failed->second + Syncer::kRequestLifetime) {
        // The engine's exception, if it knew: a set it confirmed after that
        // failure must have come with a recheck.
        const auto& confirmed = track.lastConfirmed;
        if (confirmed && confirmed->at > failed->second && !confirmed->rechecks) {
          verdict.failure = "at " + formatIsoUtc(event.t) + " an unanswered push of " + value + " landed late on top of " +
                            confirmed->set + ", which the engine had confirmed at " + formatIsoUtc(confirmed->at) +
                            " without a recheck";
          return verdict;
        }
        ++verdict.lateLandings;
        ++verdict.changes;
        continue;
      }
      verdict.failure = "at " + formatIsoUtc(event.t) + " the " + rtype + " record went back to " + value +
                        " after " + track.selected[track.lastIndex] +
                        " had landed, and no selection since had named it";
      return verdict;
    }
    track.lastIndex = static_cast<size_t>(next - track.selected.begin());
    ++verdict.changes;
  }
  return verdict;
}

}  // namespace dnsfailover::sim
