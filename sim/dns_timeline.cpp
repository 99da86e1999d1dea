#include "sim/dns_timeline.h"

#include <cstdio>

namespace dnsfailover::sim {

std::optional<std::string> dnsTimelineText(const TraceEvent& event) {
  if (event.type == "ns_answer") {
    std::string line = "dns        " + event.text("scheme") + " " + event.text("server") + " (" +
                       event.text("scope") + ") -> ";
    if (event.field("address") != nullptr) {
      line += event.text("address");
      if (const TraceValue* ttl = event.field("ttl"); ttl && std::holds_alternative<int64_t>(*ttl)) {
        line += " ttl " + std::to_string(std::get<int64_t>(*ttl));
      }
    } else {
      line += event.text("error");
    }
    return line;
  }
  if (event.type == "converged") {
    char seconds[32] = "?";
    if (const TraceValue* s = event.field("seconds"); s && std::holds_alternative<double>(*s)) {
      std::snprintf(seconds, sizeof seconds, "%.1fs", std::get<double>(*s));
    }
    return "converged  " + event.text("scheme") + " " + event.text("scope") + " on " + event.text("address") +
           ", " + seconds + " after the push";
  }
  if (event.type == "ns_discovery") {
    return "dns        " + event.text("scheme") + " NS lookup via " + event.text("resolver") + " failed: " +
           event.text("error");
  }
  return std::nullopt;
}

}  // namespace dnsfailover::sim
