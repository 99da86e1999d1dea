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
                                    const std::string& fqdn, Duration repairSlack) {
  struct Track {
    std::vector<std::string> selected;  // each selection's set, oldest first
    size_t lastIndex = 0;               // the selection the last landing is charged to
    std::map<std::string, TimePoint> unanswered;  // set -> when a push of it last failed unanswered
    std::optional<TimePoint> repairBy;  // a late landing holds the record: it must change by then
  };
  std::map<std::string, Track> tracks;  // by record type
  RecordOrderVerdict verdict;
  const auto ofScheme = [&](const TraceEvent& event) { return scheme.empty() || event.text(field::scheme) == scheme; };
  const auto unrepaired = [&](const std::string& rtype, const Track& track) {
    verdict.failure = "an unanswered push of the " + rtype + " record landed late and was not repaired by " +
                      formatIsoUtc(*track.repairBy);
  };
  for (const TraceEvent& event : events) {
    for (auto& [rtype, track] : tracks) {
      if (track.repairBy && event.t > *track.repairBy) {
        unrepaired(rtype, track);
        return verdict;
      }
    }
    if (event.type == EventType::Selection && ofScheme(event)) {
      tracks[recordTypeOf(event)].selected.push_back(sortedAddressList(event.text(field::address)));
    }
    if (event.type == EventType::Push && ofScheme(event) && !event.flag(field::ok) && !event.flag(field::permanent)) {
      tracks[recordTypeOf(event)].unanswered[sortedAddressList(event.text(field::address))] = event.t;
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
        // The engine's exception: judged by the repair instead.
        track.repairBy = event.t + Syncer::kRequestLifetime + repairSlack;
        ++verdict.lateLandings;
        ++verdict.changes;
        continue;
      }
      verdict.failure = "at " + formatIsoUtc(event.t) + " the " + rtype + " record went back to " + value +
                        " after " + track.selected[track.lastIndex] +
                        " had landed, and no selection since had named it";
      return verdict;
    }
    track.repairBy.reset();
    track.lastIndex = static_cast<size_t>(next - track.selected.begin());
    ++verdict.changes;
  }
  return verdict;
}

}  // namespace dnsfailover::sim
