// Goal: the HTML is self-contained, escapes what it shows, and carries the
// timeline and the failover table.

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

#include "sim/report/report_html.h"

namespace dnsfailover::report {
namespace {

ReportModel smallModel() {
  ReportModel m;
  m.title = "cat <day>";
  m.start = *parseIsoUtc("2026-11-02T00:00:00Z");
  m.end = m.start + std::chrono::hours{1};
  m.rows.push_back({"servers", "main (192.0.2.1)", {{m.start, m.start + std::chrono::minutes{20}, "OK"},
                                                    {m.start + std::chrono::minutes{20}, m.end, "ERR"}}});
  m.rows.push_back({"provider", "provider record cat.example", {{m.start, m.end, "192.0.2.1"}}});
  m.failovers.push_back({m.start, "cat", "192.0.2.1", std::nullopt, std::chrono::seconds{1}, {}, {}});
  m.faults.push_back({m.start + std::chrono::minutes{30}, "server_down main"});
  m.availability.record = 0.5;
  return m;
}

TEST(ReportHtml, IsSelfContainedAndEscaped) {
  const std::string html = renderHtml(smallModel());
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("id=\"failovers\""), std::string::npos);
  EXPECT_NE(html.find("cat &lt;day&gt;"), std::string::npos);
  EXPECT_EQ(html.find("cat <day>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos) << "no external resources";
  EXPECT_EQ(html.find("<link"), std::string::npos) << "no external resources";
  EXPECT_NE(html.find("50.00 %"), std::string::npos);
  EXPECT_NE(html.find("server_down main"), std::string::npos);
  EXPECT_NE(html.find("#d43d3d"), std::string::npos) << "ERR is drawn red";
}

TEST(ReportHtml, LongRunsDrawAWindowAndSaySo) {
  ReportModel m = smallModel();
  m.end = m.start + std::chrono::hours{24 * 365};
  m.rows[1].segments[0].to = m.end;
  const std::string html = renderHtml(m);
  EXPECT_NE(html.find("Showing the first 2d of 365d"), std::string::npos);
}

TEST(ReportHtml, AxisLabelsFitInsideTheTimeline) {
  // The last tick ("00:00" at the run's end) is centred on the plot's right
  // edge; half of its label must still fit in the SVG (it was clipped).
  ReportModel m = smallModel();
  m.end = m.start + std::chrono::hours{24};
  m.rows[1].segments[0].to = m.end;
  const std::string html = renderHtml(m);
  const std::string svgTag = "id=\"timeline\" width=\"";
  const size_t w = html.find(svgTag);
  ASSERT_NE(w, std::string::npos);
  const double width = std::stod(html.substr(w + svgTag.size()));
  double lastTick = 0;
  int ticks = 0;
  for (size_t at = html.find("<text x=\""); at != std::string::npos; at = html.find("<text x=\"", at + 1)) {
    const std::string tag = html.substr(at, html.find('>', at) - at);
    if (tag.find("y=\"14\" text-anchor=\"middle\"") == std::string::npos) continue;  // not an axis label
    lastTick = std::max(lastTick, std::stod(tag.substr(9)));
    ++ticks;
  }
  EXPECT_EQ(ticks, 25) << "a tick every hour of the day, both midnights included";
  EXPECT_LE(lastTick + 18, width) << "the last axis label is clipped at the SVG's right edge";
}

}  // namespace
}  // namespace dnsfailover::report
