#pragma once
// The trace port: everything observable in a run, as ordered events. The sim
// writes them as JSON lines (byte-identical for the same scenario and seed)
// and as a readable timeline; live, they feed the log and the status page.
// Credentials never enter an event: callers pass only public values.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

using TraceValue = std::variant<std::string, int64_t, double, bool>;

struct TraceEvent {
  TimePoint t;
  std::string type;  // "indicator_status", "selection", "push", ...
  std::vector<std::pair<std::string, TraceValue>> fields;

  TraceEvent& with(std::string key, TraceValue value) {
    fields.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  const TraceValue* field(std::string_view key) const;
  std::string text(std::string_view key) const;  // "" when absent or not a string
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
