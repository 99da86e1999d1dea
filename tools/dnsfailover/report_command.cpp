#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/report/report_html.h"
#include "sim/report/report_model.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {

int writeReport(const std::string& traceText, const std::string& traceName, const std::string& output) {
  const report::ModelLoad load = report::buildReportModel(traceText, traceName);
  for (const auto& e : load.errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (!load.errors.empty()) return kExitBadInput;
  std::ofstream out(output, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::fprintf(stderr, "dnsfailover: cannot write report %s\n", output.c_str());
    return kExitBadInput;
  }
  out << report::renderHtml(load.model);
  if (!out.flush()) {
    std::fprintf(stderr, "dnsfailover: writing report %s failed\n", output.c_str());
    return kExitBadInput;
  }
  const auto& a = load.model.availability;
  std::printf("report %s: %zu rows, %zu selection changes", output.c_str(), load.model.rows.size(),
              load.model.failovers.size());
  if (a.resolvers) std::printf(", availability via resolvers %.2f %%", *a.resolvers * 100.0);
  if (a.record) std::printf(", via the provider record %.2f %%", *a.record * 100.0);
  if (a.withoutFailover) std::printf(", without failover %.2f %%", *a.withoutFailover * 100.0);
  std::printf("\n");
  return kExitOk;
}

int reportCommand(const Args& args) {
  constexpr const char* kUsage = "usage: dnsfailover report TRACE.jsonl -o REPORT.html\n";
  if (wantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::string trace, output;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) {
      output = args[++i];
    } else if (trace.empty() && !args[i].empty() && args[i][0] != '-') {
      trace = args[i];
    } else {
      trace.clear();
      break;
    }
  }
  if (trace.empty() || output.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::ifstream in(trace, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open trace\n", trace.c_str());
    return kExitBadInput;
  }
  std::stringstream text;
  text << in.rdbuf();
  return writeReport(text.str(), trace, output);
}

}  // namespace dnsfailover::cli
