#include "sim/trace_writers.h"

#include <cstdio>

#include "engine/ports/trace_json.h"
#include "sim/dns_timeline.h"

namespace dnsfailover::sim {
namespace {

std::string valueText(const TraceValue& value) { return traceValueText(value); }

}  // namespace

void JsonLinesSink::record(const TraceEvent& event) {
  if (!headerWritten_) {
    headerWritten_ = true;
    out_ << traceEventJson(events::traceStart(event.t)) << '\n';
  }
  out_ << traceEventJson(event) << '\n';
}

void TimelineSink::record(const TraceEvent& event) {
  const TimePoint day = std::chrono::floor<std::chrono::days>(event.t);
  if (day != lastDay_) {
    lastDay_ = day;
    out_ << "--- " << formatIsoUtc(day).substr(0, 10) << " ---\n";
  }
  std::string line = formatClock(event.t) + "  ";
  switch (event.type) {
    case EventType::IndicatorStatus:
      line += "status     " + event.text(field::indicator) + " -> " + event.text(field::status);
      if (!event.text(field::reason).empty()) line += " (" + event.text(field::reason) + ")";
      break;
    case EventType::Selection: {
      const TraceValue* priority = event.field(field::priority);
      line += "selection  " + event.text(field::scheme) + " -> " + event.text(field::address) + " (" +
              event.text(field::indicator) + ", pri " + (priority ? valueText(*priority) : "?") + ")";
      break;
    }
    case EventType::Push:
      line += std::string(event.flag(field::ok) ? "push ok    " : "push FAIL  ") + event.text(field::scheme) + " " +
              event.text(field::address) + ": " + event.text(field::reply);
      if (const TraceValue* retry = event.field(field::retryInS)) line += " (retry in " + valueText(*retry) + " s)";
      if (!event.text(field::supersededBy).empty()) line += " (superseded by " + event.text(field::supersededBy) + ")";
      break;
    case EventType::WouldPush:
      line += "would push " + event.text(field::scheme) + " " + event.text(field::address) + " (dry run: not sent)";
      break;
    case EventType::NsAnswer:
    case EventType::Converged:
    case EventType::NsDiscovery:
      line += dnsTimelineText(event).value_or("");
      break;
    case EventType::ServerState:
      line += "world      " + event.text(field::server) + " (" + event.text(field::address) + ") " +
              (event.flag(field::ok) ? "is serving" : "stops serving");
      break;
    case EventType::Record:
      // The pushes already show each change; only a disappearance is news.
      if (!event.text(field::value).empty()) return;
      line += "world      record " + event.text(field::fqdn) + " " + event.text(field::rtype) + " deleted";
      break;
    case EventType::Fault:
      line += "FAULT      " + event.text(field::kind) + " " + event.text(field::target);
      if (const TraceValue* on = event.field(field::on)) line += std::string(" ") + (std::get<bool>(*on) ? "on" : "off");
      break;
    case EventType::TraceStart:
    case EventType::RunStart:
    case EventType::RunEnd:
      return;
    default:
      line += event.typeName();
      for (const auto& [key, value] : event.fields) line += " " + key + "=" + valueText(value);
  }
  out_ << line << '\n';
}

}  // namespace dnsfailover::sim
