#pragma once
// What a run looked like, rebuilt from its trace alone: one row per thing
// that has a value over time (a server's true state, an indicator, the
// selection, the provider's record, each nameserver and resolver), fault
// markers, a summary per failover and the availability a client saw.

#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover::report {

struct Segment {
  TimePoint from{};
  TimePoint to{};
  std::string value;  // an address, "OK"/"ERR", or "" when unknown
};

struct Row {
  std::string group;  // "servers", "indicators", "selection", "provider", "nameservers", "resolvers"
  std::string label;
  std::vector<Segment> segments;
};

struct Marker {
  TimePoint at{};
  std::string label;
};

struct Failover {
  TimePoint at{};  // when the selection changed
  std::string scheme;
  std::string address;
  std::optional<Duration> detect;            // since the last true server change
  std::optional<Duration> push;              // until the provider confirmed it
  std::optional<Duration> nameservers;       // until every NS answered it
  std::optional<Duration> resolvers;         // until every resolver answered it
};

struct Availability {
  // Share of time the answer pointed at a server really serving status=OK.
  std::optional<double> record;           // the provider's record
  std::optional<double> resolvers;        // mean over the public resolvers
  std::optional<double> withoutFailover;  // had the record never moved
};

struct ReportModel {
  std::string title;
  uint64_t seed = 0;
  TimePoint start{};
  TimePoint end{};
  std::vector<Row> rows;
  std::vector<Marker> faults;
  std::vector<Failover> failovers;
  Availability availability;
};

struct ModelLoad {
  ReportModel model;
  std::vector<std::string> errors;  // "trace.jsonl:17: expected a JSON object"
};

// Builds the model from JSON-lines trace text; `source` names it in errors.
ModelLoad buildReportModel(const std::string& traceText, const std::string& source);

}  // namespace dnsfailover::report
