#pragma once
// The one JSON form of a trace event, written by the JSON-lines trace and
// the store's history and read back by the report, replay and history:
//   {"t":"2026-11-02T00:20:07.012Z","type":"push","scheme":"cat",...}
// Doubles are written with three decimals (traces stay byte-stable) and
// integers without, so a written event parses back to the same values and
// is written again as the same line. The schema is docs/trace.md.

#include <optional>
#include <string>
#include <string_view>

#include "engine/ports/trace.h"

namespace dnsfailover {

std::string traceEventJson(const TraceEvent& event);

// A value as text: strings as they are, numbers and booleans as in the JSON.
std::string traceValueText(const TraceValue& value);

// nullopt (and `error` set) when `line` is not one event object. A type
// this build does not know reads as EventType::Unknown with its name kept;
// fields keep their order. The event is not checked against the schema:
// callers that need its fields use checkTraceEvent (engine/ports/trace_events.h).
std::optional<TraceEvent> parseTraceEventJson(std::string_view line, std::string* error = nullptr);

}  // namespace dnsfailover
