#pragma once
// Timeline lines for the propagation events (the part after the clock), or
// nullopt for other events.

#include <optional>
#include <string>

#include "engine/ports/trace.h"

namespace dnsfailover::sim {

std::optional<std::string> dnsTimelineText(const TraceEvent& event);

}  // namespace dnsfailover::sim
