#pragma once
// A trace sink that keeps every event, for tests that read what an engine
// (or the simulation) recorded.

#include <vector>

#include "engine/ports/trace.h"

namespace dnsfailover::testing {

class RecordingSink final : public TraceSink {
 public:
  void record(const TraceEvent& e) override { events.push_back(e); }
  std::vector<TraceEvent> of(EventType type) const {
    std::vector<TraceEvent> out;
    for (const TraceEvent& e : events) {
      if (e.type == type) out.push_back(e);
    }
    return out;
  }
  std::vector<TraceEvent> events;
};

}  // namespace dnsfailover::testing
