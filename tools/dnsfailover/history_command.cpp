// dnsfailover history DB: what the daemon recorded, read from its store
// while it runs (a read-only opener takes no writer lock; WAL lets it read
// next to the daemon). The timeline reads exactly like the daemon's log
// (sim::TimelineSink); --json prints the trace's JSON lines instead.

#include <chrono>
#include <cstdio>
#include <iostream>

#include "engine/live/sqlite_store.h"
#include "engine/ports/trace_json.h"
#include "sim/trace_writers.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {
namespace {

constexpr const char* kUsage =
    "usage: dnsfailover history DB [--scheme S] [--indicator I] [--since TIME|DURATION] [--limit N] [--json]\n";

// An ISO UTC time, or a duration back from `now` ("2h": the last two hours).
std::optional<TimePoint> parseSince(const std::string& text, TimePoint now) {
  if (const std::optional<TimePoint> t = parseIsoUtc(text)) return t;
  if (const std::optional<Duration> d = parseDuration(text)) return now - *d;
  return std::nullopt;
}

struct HistoryArgs {
  std::string db;
  HistoryQuery query;
  bool json = false;
};

std::optional<HistoryArgs> parse(const Args& args) {
  HistoryArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool hasValue = i + 1 < args.size();
    if (a == "--scheme" && hasValue) {
      out.query.scheme = args[++i];
    } else if (a == "--indicator" && hasValue) {
      out.query.indicator = args[++i];
    } else if (a == "--since" && hasValue) {
      const TimePoint now = std::chrono::floor<Duration>(std::chrono::system_clock::now());
      out.query.since = parseSince(args[++i], now);
      if (!out.query.since) {
        std::fprintf(stderr, "dnsfailover history: --since expects an ISO UTC time (2026-11-02T00:20:00Z) or a "
                             "duration back from now (2h), got \"%s\"\n", args[i].c_str());
        return std::nullopt;
      }
    } else if (a == "--limit" && hasValue) {
      const std::string& v = args[++i];
      if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) {
        std::fprintf(stderr, "dnsfailover history: --limit expects a positive integer, got \"%s\"\n", v.c_str());
        return std::nullopt;
      }
      out.query.limit = std::stoul(v);
    } else if (a == "--json") {
      out.json = true;
    } else if (out.db.empty() && !a.empty() && a[0] != '-') {
      out.db = a;
    } else {
      std::fprintf(stderr, "dnsfailover history: unexpected argument \"%s\"\n", a.c_str());
      return std::nullopt;
    }
  }
  if (out.db.empty()) return std::nullopt;
  return out;
}

}  // namespace

int historyCommand(const Args& rawArgs) {
  const std::optional<HistoryArgs> args = parse(rawArgs);
  if (!args) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  try {
    live::SqliteStore store(args->db, {.mode = live::SqliteStoreOptions::Mode::ReadOnly});
    const std::vector<HistoryRow> rows = store.history(args->query);
    sim::TimelineSink timeline(std::cout);
    for (const HistoryRow& row : rows) {
      if (args->json) {
        std::cout << traceEventJson(row.event) << '\n';
      } else {
        timeline.record(row.event);
      }
    }
    std::cout.flush();
  } catch (const StoreError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace dnsfailover::cli
