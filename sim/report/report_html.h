#pragma once
// Renders a ReportModel as one self-contained HTML file: an SVG timeline
// (a row per server, indicator, selection, provider record, nameserver and
// resolver; a colour per address; fault markers), the availability a client
// saw, and a table with the stages of every failover. No scripts, no
// external resources: it opens anywhere and can be attached to a ticket.

#include <string>

#include "sim/report/report_model.h"

namespace dnsfailover::report {

struct HtmlOptions {
  // Long runs are drawn for this window from the start; the table and the
  // availability always cover the whole run.
  Duration window = std::chrono::hours{48};
  size_t maxTableRows = 500;
};

std::string renderHtml(const ReportModel& model, const HtmlOptions& options = {});

}  // namespace dnsfailover::report
