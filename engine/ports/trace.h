#pragma once
// The trace port: everything observable in a run, as ordered events. The sim
// writes them as JSON lines (byte-identical for the same scenario and seed)
// and as a readable timeline; live, they feed the log and the status page.
// Credentials never enter an event: callers pass only public values.
// Event types and their fields are defined in trace_events.h; events are
// made by the builders there.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/time.h"
#include "engine/ports/trace_events.h"

namespace dnsfailover {

using TraceValue = std::variant<std::string, int64_t, double, bool>;

struct TraceEvent {
  TimePoint t;
  EventType type = EventType::Unknown;
  std::vector<std::pair<std::string, TraceValue>> fields;
  // Only for EventType::Unknown: the type's name as read from a newer trace,
  // so a stored event is written back as it came.
  std::string unknownName;

  TraceEvent& with(std::string_view key, TraceValue value) {
    fields.emplace_back(std::string(key), std::move(value));
    return *this;
  }
  std::string_view typeName() const { return type == EventType::Unknown ? unknownName : eventTypeName(type); }

  const TraceValue* field(std::string_view key) const;
  std::string text(std::string_view key) const;            // "" when absent or not a string
  bool flag(std::string_view key) const;                   // false when absent or not a boolean
  std::optional<int64_t> integer(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;  // a double, or an integer as one
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void record(const TraceEvent& event) = 0;
};

// Discards everything; for callers that do not care.
class NullTraceSink final : public TraceSink {
 public:
  void record(const TraceEvent&) override {}
};

// Forwards every event to several sinks in order.
class TeeTraceSink final : public TraceSink {
 public:
  void add(TraceSink& sink) { sinks_.push_back(&sink); }
  void record(const TraceEvent& event) override {
    for (TraceSink* sink : sinks_) sink->record(event);
  }

 private:
  std::vector<TraceSink*> sinks_;
};

}  // namespace dnsfailover
