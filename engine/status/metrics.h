#pragma once
// The Prometheus text exposition format (version 0.0.4) of the status
// model, for GET /metrics. Names follow what people already scrape from
// blackbox_exporter (probe_success, probe_duration_seconds,
// probe_http_status_code) with a dnsfailover_ prefix; base units (seconds),
// counters end in _total, every family has HELP and TYPE, label values are
// escaped (\\, \", \n). Labels carry names and addresses only, never a
// credential (the model holds none).
//
// The daemon's own facts (version, last config reload) are not the
// engine's; the caller passes them in DaemonFacts.

#include <optional>
#include <string>

#include "engine/core/time.h"
#include "engine/status/status_view.h"

namespace dnsfailover::status {

struct DaemonFacts {
  std::string version = "unknown";
  bool lastReloadSuccessful = true;
  std::optional<TimePoint> lastReloadAt;  // the start counts as the first load
};

// The Content-Type of the text below.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string metricsText(const StatusModel& model, const DaemonFacts& facts);

// A label value escaped as the format asks: backslash, double quote, newline.
std::string escapeLabelValue(const std::string& value);

}  // namespace dnsfailover::status
