#pragma once
// Instants inside a scenario, written as a time of day from the start
// ("01:05", "00:21:30") or as a duration ("1h5m", "90s").

#include <optional>
#include <string_view>

#include "engine/core/time.h"

namespace dnsfailover::sim {

std::optional<Duration> parseOffset(std::string_view text);

}  // namespace dnsfailover::sim
