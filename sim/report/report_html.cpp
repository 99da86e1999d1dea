#include "sim/report/report_html.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace dnsfailover::report {
namespace {

constexpr int kWidth = 1400;
constexpr int kLabelWidth = 290;
constexpr int kRowHeight = 18;
constexpr int kRowGap = 4;
constexpr int kGroupGap = 14;
constexpr int kAxisHeight = 28;
// Room right of the plot for half of the last tick's label ("00:00"), which
// is centred on the plot's right edge.
constexpr int kRightMargin = 24;

std::string escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string percent(const std::optional<double>& share) {
  return share ? fixed(*share * 100.0, 2) + " %" : std::string("n/a");
}

std::string seconds(const std::optional<Duration>& d) {
  return d ? fixed(static_cast<double>(d->count()) / 1000.0, 3) + " s" : std::string("&ndash;");
}

// Colours in order of first appearance, so the same run always looks the same.
class Palette {
 public:
  std::string colour(const std::string& value) {
    if (value == "OK") return "#2e9e4f";
    if (value == "ERR") return "#d43d3d";
    if (value.empty() || value == "UNKNOWN") return "#c9c9c9";
    if (value == "error") return "#6b6b6b";
    auto it = assigned_.find(value);
    if (it != assigned_.end()) return it->second;
    static const char* kColours[] = {"#3b6fd4", "#e39b1b", "#8e4fc2", "#17a2b8", "#c2477e", "#7a8c1c",
                                     "#a0522d", "#2f4f4f", "#ff7f50", "#4682b4"};
    const std::string c = kColours[order_.size() % (sizeof kColours / sizeof kColours[0])];
    assigned_[value] = c;
    order_.push_back(value);
    return c;
  }
  const std::vector<std::string>& addresses() const { return order_; }

 private:
  std::map<std::string, std::string> assigned_;
  std::vector<std::string> order_;
};

Duration tickStep(Duration span) {
  using namespace std::chrono;
  const Duration steps[] = {minutes{1}, minutes{5}, minutes{10}, minutes{30}, hours{1}, hours{2},
                            hours{6},   hours{12},  hours{24},   hours{24 * 7}, hours{24 * 30}};
  for (Duration s : steps) {
    if (span / s <= 24) return s;
  }
  return hours{24 * 365};
}

std::string tickLabel(TimePoint t, Duration step) {
  const std::string iso = formatIsoUtc(t);
  if (step >= std::chrono::hours{24}) return iso.substr(0, 10);
  return iso.substr(11, 5);
}

std::string renderTimeline(const ReportModel& m, TimePoint windowEnd, Palette& palette) {
  const double plotWidth = kWidth - kLabelWidth - kRightMargin;
  const double span = static_cast<double>(std::max<int64_t>((windowEnd - m.start).count(), 1));
  auto x = [&](TimePoint t) {
    const auto offset = std::clamp<int64_t>((t - m.start).count(), 0, (windowEnd - m.start).count());
    return kLabelWidth + plotWidth * static_cast<double>(offset) / span;
  };

  int height = kAxisHeight;
  std::string prevGroup;
  for (const Row& r : m.rows) {
    if (r.group != prevGroup) height += kGroupGap + 14;
    prevGroup = r.group;
    height += kRowHeight + kRowGap;
  }
  height += 10;

  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline\" width=\"" + std::to_string(kWidth) +
                    "\" height=\"" + std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  // Time axis.
  const Duration step = tickStep(windowEnd - m.start);
  // Ticks on multiples of the step since the epoch (midnight UTC), so
  // hours and days fall on round times.
  const TimePoint firstTick{((m.start.time_since_epoch() + step - Duration{1}) / step) * step};
  for (TimePoint t = firstTick; t <= windowEnd; t += step) {
    const std::string px = fixed(x(t), 1);
    svg += "<line x1=\"" + px + "\" y1=\"18\" x2=\"" + px + "\" y2=\"" + std::to_string(height) +
           "\" stroke=\"#e4e4e4\"/>\n<text x=\"" + px + "\" y=\"14\" text-anchor=\"middle\" fill=\"#555\">" +
           tickLabel(t, step) + "</text>\n";
  }
  int y = kAxisHeight;
  prevGroup.clear();
  for (const Row& r : m.rows) {
    if (r.group != prevGroup) {
      y += kGroupGap;
      svg += "<text x=\"4\" y=\"" + std::to_string(y + 6) + "\" font-weight=\"bold\" fill=\"#222\">" +
             escape(r.group) + "</text>\n";
      y += 14;
      prevGroup = r.group;
    }
    svg += "<g class=\"row\" data-group=\"" + escape(r.group) + "\"><text x=\"12\" y=\"" +
           std::to_string(y + kRowHeight - 5) + "\" fill=\"#333\">" + escape(r.label) + "</text>\n";
    for (const Segment& s : r.segments) {
      if (s.from >= windowEnd) break;
      const double x0 = x(s.from);
      const double x1 = x(std::min(s.to, windowEnd));
      if (x1 - x0 <= 0.0) continue;
      svg += "<rect x=\"" + fixed(x0, 2) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
             fixed(std::max(x1 - x0, 0.5), 2) + "\" height=\"" + std::to_string(kRowHeight) + "\" fill=\"" +
             palette.colour(s.value) + "\"><title>" + escape(r.label) + ": " +
             escape(s.value.empty() ? "unknown" : s.value) + " from " + formatIsoUtc(s.from) + " to " +
             formatIsoUtc(s.to) + "</title></rect>\n";
    }
    svg += "</g>\n";
    y += kRowHeight + kRowGap;
  }
  for (const Marker& f : m.faults) {
    if (f.at > windowEnd) continue;
    const std::string px = fixed(x(f.at), 1);
    svg += "<g class=\"fault\"><line x1=\"" + px + "\" y1=\"18\" x2=\"" + px + "\" y2=\"" + std::to_string(height) +
           "\" stroke=\"#000\" stroke-dasharray=\"4 3\"/><polygon points=\"" + px + ",20 " +
           fixed(x(f.at) - 5, 1) + ",12 " + fixed(x(f.at) + 5, 1) + ",12\" fill=\"#000\"><title>" +
           escape(f.label) + " at " + formatIsoUtc(f.at) + "</title></polygon></g>\n";
  }
  svg += "</svg>\n";
  return svg;
}

std::string renderFailoverTable(const ReportModel& m, size_t maxRows) {
  std::string html =
      "<table id=\"failovers\"><thead><tr><th>#</th><th>selection changed</th><th>scheme</th><th>address</th>"
      "<th>detect</th><th>push</th><th>all NS</th><th>all resolvers</th></tr></thead><tbody>\n";
  size_t shown = 0;
  for (size_t i = 0; i < m.failovers.size() && shown < maxRows; ++i, ++shown) {
    const Failover& f = m.failovers[i];
    html += "<tr><td>" + std::to_string(i) + (i == 0 ? " (start-up)" : "") + "</td><td>" + formatIsoUtc(f.at) +
            "</td><td>" + escape(f.scheme) + "</td><td>" + escape(f.address) + "</td><td>" + seconds(f.detect) +
            "</td><td>" + seconds(f.push) + "</td><td>" + seconds(f.nameservers) + "</td><td>" +
            seconds(f.resolvers) + "</td></tr>\n";
  }
  html += "</tbody></table>\n";
  if (m.failovers.size() > shown) {
    html += "<p>" + std::to_string(m.failovers.size() - shown) + " more selection changes not listed.</p>\n";
  }
  return html;
}

// Max of one stage over the real failovers (not the start-up choice).
std::string worst(const ReportModel& m, std::optional<Duration> Failover::*stage) {
  std::optional<Duration> max;
  for (size_t i = 1; i < m.failovers.size(); ++i) {
    const auto& v = m.failovers[i].*stage;
    if (v && (!max || *v > *max)) max = v;
  }
  return seconds(max);
}

}  // namespace

std::string renderHtml(const ReportModel& m, const HtmlOptions& options) {
  const TimePoint windowEnd = std::min(m.end, m.start + options.window);
  Palette palette;
  const std::string timeline = renderTimeline(m, windowEnd, palette);

  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>dnsfailover report: " +
      escape(m.title) +
      "</title>\n<style>\n"
      "body{font-family:sans-serif;margin:20px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}\n"
      "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}\n"
      "th{background:#f2f2f2}.figures td:first-child{text-align:left}.legend span{display:inline-block;"
      "margin-right:14px}.swatch{width:12px;height:12px;display:inline-block;vertical-align:middle;margin-right:4px}\n"
      "</style></head><body>\n";
  html += "<h1>dnsfailover report: " + escape(m.title) + "</h1>\n";
  html += "<p>Run from " + formatIsoUtc(m.start) + " to " + formatIsoUtc(m.end) + " (" +
          formatDuration(m.end - m.start) + "), seed " + std::to_string(m.seed) + ".</p>\n";

  html += "<h2>Availability seen by clients</h2>\n<table class=\"figures\" id=\"availability\">\n";
  html += "<tr><td>resolvers' answers pointing at a server serving status=OK</td><td>" +
          percent(m.availability.resolvers) + "</td></tr>\n";
  html += "<tr><td>provider record pointing at a server serving status=OK</td><td>" +
          percent(m.availability.record) + "</td></tr>\n";
  html += "<tr><td>the same had the record never moved (no failover)</td><td>" +
          percent(m.availability.withoutFailover) + "</td></tr>\n</table>\n";

  html += "<h2>Timeline</h2>\n";
  if (windowEnd < m.end) {
    html += "<p>Showing the first " + formatDuration(windowEnd - m.start) + " of " + formatDuration(m.end - m.start) +
            "; figures and the table cover the whole run.</p>\n";
  }
  html += timeline;
  html += "<p class=\"legend\">";
  for (const std::string& address : palette.addresses()) {
    html += "<span><span class=\"swatch\" style=\"background:" + palette.colour(address) + "\"></span>" +
            escape(address) + "</span>";
  }
  html += "<span><span class=\"swatch\" style=\"background:#2e9e4f\"></span>OK</span>"
          "<span><span class=\"swatch\" style=\"background:#d43d3d\"></span>ERR</span>"
          "<span><span class=\"swatch\" style=\"background:#6b6b6b\"></span>no answer</span>"
          "<span>&#9660; injected fault</span></p>\n";

  html += "<h2>Failovers</h2>\n<p>Worst over the run: detect " + worst(m, &Failover::detect) + ", push " +
          worst(m, &Failover::push) + ", all NS " + worst(m, &Failover::nameservers) + ", all resolvers " +
          worst(m, &Failover::resolvers) + ".</p>\n";
  html += renderFailoverTable(m, options.maxTableRows);
  html += "</body></html>\n";
  return html;
}

}  // namespace dnsfailover::report
