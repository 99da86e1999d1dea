// checkHtml: one self-contained page for a check (sim/check/check_run.h):
// the summary tables, the distributions of failover and recovery times and
// of per-run availability as inline SVG histograms, and with several
// variants, availability and failover time per variant side by side.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/check/check_run.h"

namespace dnsfailover::sim {
namespace {

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

std::string num(double v, int decimals = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

constexpr const char* kColours[] = {"#3b6fd4", "#e39b1b", "#8e4fc2", "#17a2b8", "#c2477e", "#7a8c1c"};

// A histogram of `values` in 24 bins from `lo` to the largest value.
std::string histogram(const std::string& title, const std::string& unit, const std::vector<double>& values,
                      const char* colour, double lo = 0) {
  constexpr int W = 440, H = 170, L = 44, B = 30, T = 22, bins = 24;
  std::string svg = "<svg class=\"hist\" width=\"" + std::to_string(W) + "\" height=\"" + std::to_string(H) +
                    "\" role=\"img\" aria-label=\"" + escape(title) + "\"><text x=\"4\" y=\"14\" class=\"t\">" +
                    escape(title) + " (n=" + std::to_string(values.size()) + ")</text>";
  if (values.empty()) return svg + "<text x=\"60\" y=\"90\">no samples</text></svg>";
  const double hi = std::max(lo + 1e-9, *std::max_element(values.begin(), values.end()));
  std::vector<size_t> count(bins, 0);
  for (double v : values) {
    const int b = std::clamp(static_cast<int>((v - lo) / (hi - lo) * bins), 0, bins - 1);
    ++count[static_cast<size_t>(b)];
  }
  const size_t top = *std::max_element(count.begin(), count.end());
  const double bw = static_cast<double>(W - L - 8) / bins;
  for (int b = 0; b < bins; ++b) {
    const double h = top ? static_cast<double>(count[static_cast<size_t>(b)]) / static_cast<double>(top) * (H - B - T) : 0;
    svg += "<rect x=\"" + num(L + b * bw, 1) + "\" y=\"" + num(H - B - h, 1) + "\" width=\"" + num(bw - 1, 1) +
           "\" height=\"" + num(h, 1) + "\" fill=\"" + colour + "\"><title>" + num(lo + (hi - lo) * b / bins, 2) + "-" +
           num(lo + (hi - lo) * (b + 1) / bins, 2) + " " + unit + ": " + std::to_string(count[static_cast<size_t>(b)]) +
           "</title></rect>";
  }
  svg += "<line x1=\"" + std::to_string(L) + "\" y1=\"" + std::to_string(H - B) + "\" x2=\"" + std::to_string(W - 8) +
         "\" y2=\"" + std::to_string(H - B) + "\" stroke=\"#444\"/>";
  for (int i = 0; i <= 4; ++i) {
    const double x = L + (W - L - 8) * i / 4.0;
    svg += "<text x=\"" + num(x, 1) + "\" y=\"" + std::to_string(H - B + 16) + "\" text-anchor=\"middle\">" +
           num(lo + (hi - lo) * i / 4.0, hi - lo < 1 ? 3 : 1) + "</text>";
  }
  svg += "<text x=\"" + std::to_string(W - 8) + "\" y=\"" + std::to_string(H - 2) + "\" text-anchor=\"end\">" +
         escape(unit) + "</text><text x=\"4\" y=\"" + std::to_string(T + 10) + "\">" + std::to_string(top) +
         "</text></svg>";
  return svg;
}

// Horizontal bars, one per variant: `value` with a label.
std::string bars(const std::string& title, const std::vector<std::string>& labels, const std::vector<double>& value,
                 const std::vector<double>& second, const std::string& unit, const std::string& firstName,
                 const std::string& secondName, double lo) {
  const int rows = static_cast<int>(labels.size());
  constexpr int W = 940, L = 300, R = 150, rowH = 34, T = 28;
  const int H = T + rows * rowH + 30;
  double hi = lo;
  for (double v : value) hi = std::max(hi, v);
  for (double v : second) hi = std::max(hi, v);
  if (hi <= lo) hi = lo + 1;
  auto x = [&](double v) { return L + (W - L - R) * (v - lo) / (hi - lo); };
  std::string svg = "<svg class=\"bars\" width=\"" + std::to_string(W) + "\" height=\"" + std::to_string(H) +
                    "\" role=\"img\" aria-label=\"" + escape(title) + "\"><text x=\"4\" y=\"16\" class=\"t\">" +
                    escape(title) + "</text>";
  for (int i = 0; i < rows; ++i) {
    const double y = T + i * rowH;
    svg += "<text x=\"" + std::to_string(L - 6) + "\" y=\"" + num(y + 18, 1) + "\" text-anchor=\"end\">" +
           escape(labels[static_cast<size_t>(i)]) + "</text>";
    const double v = value[static_cast<size_t>(i)];
    svg += "<rect x=\"" + std::to_string(L) + "\" y=\"" + num(y + 2, 1) + "\" width=\"" + num(x(v) - L, 1) +
           "\" height=\"13\" fill=\"" + kColours[0] + "\"><title>" + escape(firstName) + " " + num(v, 4) + " " + unit +
           "</title></rect><text x=\"" + num(x(v) + 4, 1) + "\" y=\"" + num(y + 13, 1) + "\">" + num(v, 4) + "</text>";
    if (!second.empty()) {
      const double s = second[static_cast<size_t>(i)];
      svg += "<rect x=\"" + std::to_string(L) + "\" y=\"" + num(y + 17, 1) + "\" width=\"" + num(x(s) - L, 1) +
             "\" height=\"13\" fill=\"" + kColours[1] + "\"><title>" + escape(secondName) + " " + num(s, 4) + " " + unit +
             "</title></rect><text x=\"" + num(x(s) + 4, 1) + "\" y=\"" + num(y + 28, 1) + "\">" + num(s, 4) + "</text>";
    }
  }
  const int axisY = T + rows * rowH + 4;
  svg += "<line x1=\"" + std::to_string(L) + "\" y1=\"" + std::to_string(axisY) + "\" x2=\"" + std::to_string(W - R) +
         "\" y2=\"" + std::to_string(axisY) + "\" stroke=\"#444\"/>";
  for (int i = 0; i <= 4; ++i) {
    const double v = lo + (hi - lo) * i / 4.0;
    svg += "<text x=\"" + num(x(v), 1) + "\" y=\"" + std::to_string(axisY + 16) + "\" text-anchor=\"middle\">" +
           num(v, hi - lo < 1 ? 3 : 1) + "</text>";
  }
  svg += "<text x=\"" + std::to_string(W - R + 6) + "\" y=\"" + std::to_string(axisY + 16) + "\">" + escape(unit) +
         "</text>";
  // The legend on the title's line, clear of the bars and their values.
  svg += "<rect x=\"" + std::to_string(L + 300) + "\" y=\"7\" width=\"10\" height=\"10\" fill=\"" + kColours[0] +
         "\"/><text x=\"" + std::to_string(L + 314) + "\" y=\"16\">" + escape(firstName) + "</text>";
  if (!second.empty()) {
    svg += "<rect x=\"" + std::to_string(L + 400) + "\" y=\"7\" width=\"10\" height=\"10\" fill=\"" + kColours[1] +
           "\"/><text x=\"" + std::to_string(L + 414) + "\" y=\"16\">" + escape(secondName) + "</text>";
  }
  return svg + "</svg>";
}

std::string row(const std::string& name, const StageStats& s) {
  auto cell = [](const Distribution& d) {
    return d.count ? "<td>" + num(d.p50) + "</td><td>" + num(d.p99) + "</td><td>" + num(d.max) + "</td>"
                   : std::string("<td colspan=\"3\">&ndash;</td>");
  };
  return "<tr><th>" + name + "</th><td>" + std::to_string(s.transitions) + "</td>" + cell(s.detect) + cell(s.push) +
         cell(s.ns) + cell(s.resolvers) + "</tr>";
}

}  // namespace

std::string checkHtml(const CheckResult& r, const std::function<std::string(size_t, uint64_t)>& replay) {
  const Duration length = r.options.world.duration;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>dnsfailover check: " + escape(r.config) +
      "</title><style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;"
      "margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}"
      "svg{font:11px system-ui,sans-serif;margin:4px 12px 4px 0;background:#fbfbfb;border:1px solid #eee}"
      ".t{font-weight:600}code{background:#f4f4f4;padding:1px 4px}h2{margin-top:32px}</style></head><body>\n";
  h += "<h1>dnsfailover check: " + escape(r.config) + "</h1>\n<p>" + std::to_string(r.variants.empty() ? 0 : r.variants.front().runs.size()) +
       " generated worlds of " + escape(formatDuration(length)) + " each (seeds " + std::to_string(r.options.firstSeed) +
       ".." + std::to_string(r.options.firstSeed + r.options.runs - 1) + "), " + std::to_string(r.variants.size()) +
       " variant(s). Times are seconds after a server's true state changed the best address.</p>\n";

  std::vector<std::vector<SchemeSummary>> all;
  for (const VariantResult& v : r.variants) all.push_back(summarize(v, length));
  if (r.variants.size() > 1) {
    h += "<h2>Variants side by side (the same seeds)</h2>\n";
    for (size_t k = 0; k < r.variants.front().schemes.size(); ++k) {
      std::vector<std::string> labels;
      std::vector<double> mean, worst, p50, p99;
      for (size_t v = 0; v < r.variants.size(); ++v) {
        if (k >= all[v].size()) continue;
        labels.push_back(r.variants[v].variant.label);
        mean.push_back(all[v][k].availabilityMean * 100);
        worst.push_back(all[v][k].availabilityMin * 100);
        p50.push_back(all[v][k].failover.resolvers.count ? all[v][k].failover.resolvers.p50 : all[v][k].failover.push.p50);
        p99.push_back(all[v][k].failover.resolvers.count ? all[v][k].failover.resolvers.p99 : all[v][k].failover.push.p99);
      }
      double lo = 100;
      for (double w : worst) lo = std::min(lo, w);
      lo = std::max(0.0, std::floor(lo) - 1);
      const std::string scheme = r.variants.front().schemes[k].name;
      h += bars("availability of " + scheme + " per variant", labels, mean, worst, "%", "mean", "worst run", lo);
      h += "<br>" + bars("failover time of " + scheme + " to all resolvers per variant", labels, p50, p99, "s", "p50",
                         "p99", 0);
      h += "\n";
    }
  }

  for (size_t v = 0; v < r.variants.size(); ++v) {
    const VariantResult& variant = r.variants[v];
    h += "<h2>Variant " + escape(variant.variant.label) + "</h2>\n";
    for (size_t k = 0; k < all[v].size(); ++k) {
      const SchemeSummary& s = all[v][k];
      h += "<h3>Scheme " + escape(s.info.name) + " (" + escape(s.info.provider) + ", check period " +
           num(s.info.period, 0) + " s)</h3>\n";
      h += "<table><tr><th></th><th>n</th><th colspan=\"3\">detect p50/p99/max</th><th colspan=\"3\">push</th>"
           "<th colspan=\"3\">all NS</th><th colspan=\"3\">all resolvers</th></tr>" +
           row("failover", s.failover) + row("recovery", s.recovery) + "</table>\n";
      h += "<p>Availability (what the resolvers answered): mean " + num(s.availabilityMean * 100, 4) + " %, worst run " +
           num(s.availabilityMin * 100, 4) + " %; provider record " + num(s.recordAvailabilityMean * 100, 4) +
           " %. False failovers: " + std::to_string(s.falseFailovers) + " in " + std::to_string(s.runsWithFalseFailovers) +
           " runs. Pushes: " + num(s.pushesPerHourMean, 2) + "/h mean, " + num(s.pushesPerHourMax, 2) +
           "/h worst run, peak " + std::to_string(s.peakPushes) + " in one window (limit " + escape(s.info.limit.text) +
           "). Double pushes: " + std::to_string(s.doublePushes) + " in " + std::to_string(s.runsWithDoublePushes) +
           " runs.</p>\n";
      std::vector<double> fp, fr, rp, rr, avail;
      for (const RunResult& run : variant.runs) {
        if (k >= run.schemes.size()) continue;
        avail.push_back(run.schemes[k].availability * 100);
        for (const Transition& t : run.schemes[k].transitions) {
          if (t.push) (t.failover ? fp : rp).push_back(*t.push);
          if (t.resolvers) (t.failover ? fr : rr).push_back(*t.resolvers);
        }
      }
      double lo = 100;
      for (double a : avail) lo = std::min(lo, a);
      h += histogram("failover: push", "s", fp, kColours[0]) + histogram("failover: all resolvers", "s", fr, kColours[1]) +
           histogram("recovery: push", "s", rp, kColours[2]) + histogram("recovery: all resolvers", "s", rr, kColours[3]) +
           histogram("availability per run", "%", avail, kColours[4], std::floor(lo * 10) / 10) + "\n";
      h += "<p>Worst runs:</p><ul>";
      for (const WorstRun& w : s.worst) {
        h += "<li>seed " + std::to_string(w.seed) + ": " + escape(w.why) + "<br><code>" + escape(replay(v, w.seed)) +
             "</code></li>";
      }
      h += "</ul>\n";
    }
  }
  return h + "</body></html>\n";
}

}  // namespace dnsfailover::sim
