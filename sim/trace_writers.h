#pragma once
// Two views of the trace: JSON lines for machines (byte-identical for the
// same scenario and seed) and a readable timeline for people. The JSON
// lines open with a trace_start event carrying the schema version, stamped
// with the first event's time (docs/trace.md).

#include <ostream>

#include "engine/ports/trace.h"
#include "engine/ports/trace_json.h"

namespace dnsfailover::sim {

class JsonLinesSink final : public TraceSink {
 public:
  explicit JsonLinesSink(std::ostream& out) : out_(out) {}
  void record(const TraceEvent& event) override;

 private:
  std::ostream& out_;
  bool headerWritten_ = false;
};

// "00:20:07.012  charlie:cat        OK -> ERR  Content has no substring 'status=OK'"
class TimelineSink final : public TraceSink {
 public:
  explicit TimelineSink(std::ostream& out) : out_(out) {}
  void record(const TraceEvent& event) override;

 private:
  std::ostream& out_;
  TimePoint lastDay_{};
};

}  // namespace dnsfailover::sim
