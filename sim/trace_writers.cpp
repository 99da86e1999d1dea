#include "sim/trace_writers.h"

#include <cstdio>

#include "engine/ports/trace_json.h"
#include "sim/dns_timeline.h"

namespace dnsfailover::sim {
namespace {

std::string valueText(const TraceValue& value) { return traceValueText(value); }

}  // namespace

void JsonLinesSink::record(const TraceEvent& event) { out_ << traceEventJson(event) << '\n'; }

void TimelineSink::record(const TraceEvent& event) {
  const TimePoint day = std::chrono::floor<std::chrono::days>(event.t);
  if (day != lastDay_) {
    lastDay_ = day;
    out_ << "--- " << formatIsoUtc(day).substr(0, 10) << " ---\n";
  }
  std::string line = formatClock(event.t) + "  ";
  if (event.type == "indicator_status") {
    line += "status     " + event.text("indicator") + " -> " + event.text("status");
    if (!event.text("reason").empty()) line += " (" + event.text("reason") + ")";
  } else if (event.type == "selection") {
    const TraceValue* priority = event.field("priority");
    line += "selection  " + event.text("scheme") + " -> " + event.text("address") + " (" +
            event.text("indicator") + ", pri " + (priority ? valueText(*priority) : "?") + ")";
  } else if (event.type == "push") {
    const TraceValue* ok = event.field("ok");
    const bool success = ok && std::get_if<bool>(ok) && std::get<bool>(*ok);
    line += std::string(success ? "push ok    " : "push FAIL  ") + event.text("scheme") + " " +
            event.text("address") + ": " + event.text("reply");
    if (const TraceValue* retry = event.field("retry_in_s")) line += " (retry in " + valueText(*retry) + " s)";
    if (!event.text("superseded_by").empty()) line += " (superseded by " + event.text("superseded_by") + ")";
  } else if (auto dns = dnsTimelineText(event)) {
    line += *dns;
  } else if (event.type == "server_state") {
    const TraceValue* ok = event.field("ok");
    const bool serving = ok && std::get_if<bool>(ok) && std::get<bool>(*ok);
    line += "world      " + event.text("server") + " (" + event.text("address") + ") " +
            (serving ? "is serving" : "stops serving");
  } else if (event.type == "record") {
    // The pushes already show each change; only a disappearance is news.
    if (!event.text("value").empty()) return;
    line += "world      record " + event.text("fqdn") + " " + event.text("rtype") + " deleted";
  } else if (event.type == "fault") {
    line += "FAULT      " + event.text("kind") + " " + event.text("target");
    if (const TraceValue* on = event.field("on")) line += std::string(" ") + (std::get<bool>(*on) ? "on" : "off");
  } else if (event.type == "run_start" || event.type == "run_end") {
    return;
  } else {
    line += event.type;
    for (const auto& [key, value] : event.fields) line += " " + key + "=" + valueText(value);
  }
  out_ << line << '\n';
}

}  // namespace dnsfailover::sim
