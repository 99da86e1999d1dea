#include "sim/dns_timeline.h"

#include <cstdio>

namespace dnsfailover::sim {

std::optional<std::string> dnsTimelineText(const TraceEvent& event) {
  switch (event.type) {
    case EventType::NsAnswer: {
      std::string line = "dns        " + event.text(field::scheme) + " " + event.text(field::server) + " (" +
                         event.text(field::scope) + ") -> ";
      if (event.field(field::address) != nullptr) {
        line += event.text(field::address);
        if (const std::optional<int64_t> ttl = event.integer(field::ttl)) line += " ttl " + std::to_string(*ttl);
      } else {
        line += event.text(field::error);
      }
      return line;
    }
    case EventType::Converged: {
      char seconds[32] = "?";
      if (const TraceValue* s = event.field(field::seconds); s && std::holds_alternative<double>(*s)) {
        std::snprintf(seconds, sizeof seconds, "%.1fs", std::get<double>(*s));
      }
      return "converged  " + event.text(field::scheme) + " " + event.text(field::scope) + " on " +
             event.text(field::address) + ", " + seconds + " after the push";
    }
    case EventType::NsDiscovery:
      return "dns        " + event.text(field::scheme) + " NS lookup via " + event.text(field::resolver) +
             " failed: " + event.text(field::error);
    default:
      return std::nullopt;
  }
}

}  // namespace dnsfailover::sim
