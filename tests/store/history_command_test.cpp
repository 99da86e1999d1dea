// Goal: `dnsfailover history` shows what a SqliteStore recorded, as the
// daemon's timeline or as JSON lines, with its filters, while the writer
// still holds the store; and a bad store or argument is reported by name.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>

#include "engine/ports/trace_json.h"
#include "tests/store/store_harness.h"

namespace dnsfailover::testing {
namespace {

struct CliRun {
  int exit = -1;
  std::string out;  // stdout and stderr together
};

CliRun dnsfailover(const std::string& args) {
  CliRun run;
  const std::string command = std::string(DNSFAILOVER_BINARY) + " " + args + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) run.out.append(buf, n);
  const int status = ::pclose(pipe);
  run.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

const TimePoint kT0 = *parseIsoUtc("2021-11-02T00:00:00Z");

class HistoryCommandTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::string file = dir.file("state.db");
  live::SqliteStore writer{file};  // held open, as by a running daemon

  void SetUp() override {
    StoreStep step;
    TraceEvent down{kT0 + 20min + 7012ms, EventType::IndicatorStatus, {}, {}};
    down.with("indicator", "alpha").with("status", "ERR").with("reason", "no status=OK");
    TraceEvent selection{kT0 + 20min + 7012ms, EventType::Selection, {}, {}};
    selection.with("scheme", "cat").with("address", "192.0.2.2").with("indicator", "bravo").with("priority",
                                                                                                 int64_t{50});
    TraceEvent push{kT0 + 20min + 8s, EventType::Push, {}, {}};
    push.with("scheme", "cat").with("address", "192.0.2.2").with("ok", true).with("reply", "good 192.0.2.2");
    TraceEvent other{kT0 + 30min, EventType::Selection, {}, {}};
    other.with("scheme", "dog").with("address", "198.51.100.1").with("indicator", "alpha").with("priority",
                                                                                                int64_t{100});
    step.events = {down, selection, push};
    writer.commit(step);
    step.events = {other};
    writer.commit(step);
  }
};

TEST_F(HistoryCommandTest, PrintsTheTimelineWhileTheDaemonHoldsTheStore) {
  const CliRun run = dnsfailover("history " + file);
  EXPECT_EQ(run.exit, 0) << run.out;
  EXPECT_EQ(run.out,
            "--- 2021-11-02 ---\n"
            "00:20:07.012  status     alpha -> ERR (no status=OK)\n"
            "00:20:07.012  selection  cat -> 192.0.2.2 (bravo, pri 50)\n"
            "00:20:08.000  push ok    cat 192.0.2.2: good 192.0.2.2\n"
            "00:30:00.000  selection  dog -> 198.51.100.1 (alpha, pri 100)\n");
}

TEST_F(HistoryCommandTest, FiltersAndJsonLines) {
  CliRun run = dnsfailover("history " + file + " --scheme cat --json");
  EXPECT_EQ(run.exit, 0) << run.out;
  const std::vector<HistoryRow> cat = writer.history([] {
    HistoryQuery q;
    q.scheme = "cat";
    return q;
  }());
  ASSERT_EQ(cat.size(), 2u);
  EXPECT_EQ(run.out, traceEventJson(cat[0].event) + "\n" + traceEventJson(cat[1].event) + "\n");

  run = dnsfailover("history " + file + " --indicator alpha");
  EXPECT_EQ(run.out,
            "--- 2021-11-02 ---\n"
            "00:20:07.012  status     alpha -> ERR (no status=OK)\n"
            "00:30:00.000  selection  dog -> 198.51.100.1 (alpha, pri 100)\n");

  run = dnsfailover("history " + file + " --since 2021-11-02T00:20:08Z --json");
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 2) << run.out;

  run = dnsfailover("history " + file + " --limit 1 --json");
  EXPECT_NE(run.out.find("\"scheme\":\"dog\""), std::string::npos) << run.out;
  EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << run.out;

  // These events are from 2021: "the last 2 hours" holds none of them.
  run = dnsfailover("history " + file + " --since 2h");
  EXPECT_EQ(run.exit, 0) << run.out;
  EXPECT_EQ(run.out, "");
}

TEST_F(HistoryCommandTest, BadStoresAndArgumentsAreNamed) {
  const std::string garbage = dir.file("notes.txt");
  writeBytes(garbage, std::string(4096, 'n'));
  CliRun run = dnsfailover("history " + garbage);
  EXPECT_EQ(run.exit, 3);
  EXPECT_NE(run.out.find(garbage + ": file is not a dnsfailover store"), std::string::npos) << run.out;
  EXPECT_EQ(readBytes(garbage), std::string(4096, 'n'));

  run = dnsfailover("history " + dir.file("missing.db"));
  EXPECT_EQ(run.exit, 3);
  EXPECT_NE(run.out.find(dir.file("missing.db") + ": cannot open the store"), std::string::npos) << run.out;

  run = dnsfailover("history " + file + " --since yesterday");
  EXPECT_EQ(run.exit, 2);
  EXPECT_NE(run.out.find("--since expects an ISO UTC time"), std::string::npos) << run.out;
  run = dnsfailover("history");
  EXPECT_EQ(run.exit, 2);
  EXPECT_NE(run.out.find("usage: dnsfailover history DB"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace dnsfailover::testing
