// Goal: the report's figures are computed from the trace alone and are
// right: rows per thing, stage durations per failover, and availability as
// the share of time an answer pointed at a server really serving OK.

#include <gtest/gtest.h>

#include "sim/report/report_model.h"

namespace dnsfailover::report {
namespace {

// One hour: main serves for the first 20 minutes, backup all the time; the
// record moves to the backup 30 s after main fails; one resolver follows
// 5 minutes later.
const char* kTrace =
    R"({"t":"2026-11-02T00:00:00.000Z","type":"run_start","scenario":"unit","seed":7}
{"t":"2026-11-02T00:00:00.000Z","type":"record","fqdn":"cat.example","rtype":"A","value":"192.0.2.1"}
{"t":"2026-11-02T00:00:00.000Z","type":"server_state","server":"main","address":"192.0.2.1","ok":true}
{"t":"2026-11-02T00:00:00.000Z","type":"server_state","server":"backup","address":"192.0.2.2","ok":true}
{"t":"2026-11-02T00:00:00.000Z","type":"ns_answer","scheme":"cat","server":"8.8.8.8","scope":"resolver","address":"192.0.2.1"}
{"t":"2026-11-02T00:00:05.000Z","type":"selection","scheme":"cat","address":"192.0.2.1","priority":100,"indicator":"main"}
{"t":"2026-11-02T00:20:00.000Z","type":"server_state","server":"main","address":"192.0.2.1","ok":false}
{"t":"2026-11-02T00:20:10.000Z","type":"indicator_status","indicator":"main","status":"ERR","reason":"x"}
{"t":"2026-11-02T00:20:10.000Z","type":"selection","scheme":"cat","address":"192.0.2.2","priority":90,"indicator":"backup"}
{"t":"2026-11-02T00:20:30.000Z","type":"push","scheme":"cat","address":"192.0.2.2","ok":true,"reply":"good 192.0.2.2"}
{"t":"2026-11-02T00:20:30.000Z","type":"record","fqdn":"cat.example","rtype":"A","value":"192.0.2.2"}
{"t":"2026-11-02T00:21:00.000Z","type":"converged","scheme":"cat","scope":"auth","address":"192.0.2.2","seconds":30.0}
{"t":"2026-11-02T00:25:30.000Z","type":"ns_answer","scheme":"cat","server":"8.8.8.8","scope":"resolver","address":"192.0.2.2"}
{"t":"2026-11-02T00:25:30.000Z","type":"converged","scheme":"cat","scope":"resolvers","address":"192.0.2.2","seconds":300.0}
{"t":"2026-11-02T00:30:00.000Z","type":"fault","kind":"partition","target":"main","on":true}
{"t":"2026-11-02T01:00:00.000Z","type":"run_end","scenario":"unit"}
)";

TEST(ReportModel, RebuildsRowsStagesAndAvailability) {
  const ModelLoad load = buildReportModel(kTrace, "unit.jsonl");
  ASSERT_TRUE(load.errors.empty()) << load.errors[0];
  const ReportModel& m = load.model;
  EXPECT_EQ(m.title, "unit");
  EXPECT_EQ(m.seed, 7u);
  EXPECT_EQ(m.end - m.start, std::chrono::hours{1});

  std::vector<std::string> groups;
  for (const Row& r : m.rows) groups.push_back(r.group + ":" + r.label);
  EXPECT_EQ(groups, (std::vector<std::string>{"servers:main (192.0.2.1)", "servers:backup (192.0.2.2)",
                                              "indicators:main", "selection:selected (cat)",
                                              "provider:provider record cat.example", "resolvers:8.8.8.8"}));

  ASSERT_EQ(m.failovers.size(), 2u);
  const Failover& f = m.failovers[1];
  EXPECT_EQ(f.detect, std::chrono::seconds{10});
  EXPECT_EQ(f.push, std::chrono::seconds{20});
  EXPECT_EQ(f.nameservers, std::chrono::seconds{50});
  EXPECT_EQ(f.resolvers, std::chrono::seconds{320});
  ASSERT_EQ(m.faults.size(), 1u);
  EXPECT_EQ(m.faults[0].label, "partition main on");

  // Record on the failed main from 00:20:00 to 00:20:30: 30 s of 3600 lost.
  ASSERT_TRUE(m.availability.record);
  EXPECT_NEAR(*m.availability.record, 1.0 - 30.0 / 3600.0, 1e-9);
  // The resolver kept answering main until 00:25:30: 330 s lost.
  ASSERT_TRUE(m.availability.resolvers);
  EXPECT_NEAR(*m.availability.resolvers, 1.0 - 330.0 / 3600.0, 1e-9);
  // Without failover the record would have stayed on main: 40 minutes lost.
  ASSERT_TRUE(m.availability.withoutFailover);
  EXPECT_NEAR(*m.availability.withoutFailover, 20.0 / 60.0, 1e-9);
}

TEST(ReportModel, NamesTheLineOfABadTraceLine) {
  const ModelLoad load = buildReportModel(
      "{\"t\":\"2026-11-02T00:00:00.000Z\",\"type\":\"x\"}\nnot json\n{\"t\":5}\n"
      "{\"t\":\"2026-11-02T00:00:00.000Z\",\"type\":\"push\",\"scheme\":\"cat\",\"address\":\"192.0.2.1\",\"reply\":\"\"}\n",
      "bad.jsonl");
  ASSERT_EQ(load.errors.size(), 3u);
  EXPECT_EQ(load.errors[0], "bad.jsonl:2: expected one JSON object per line");
  EXPECT_EQ(load.errors[1], "bad.jsonl:3: \"t\": expected a UTC time like 2026-11-02T00:20:07.012Z");
  EXPECT_EQ(load.errors[2], "bad.jsonl:4: push.ok: missing");
}

TEST(ReportModel, SkipsEventTypesFromANewerTrace) {
  const ModelLoad load = buildReportModel(
      "{\"t\":\"2026-11-02T00:00:00.000Z\",\"type\":\"trace_start\",\"version\":1}\n"
      "{\"t\":\"2026-11-02T00:00:00.000Z\",\"type\":\"run_start\",\"scenario\":\"unit\",\"seed\":-1}\n"
      "{\"t\":\"2026-11-02T00:00:01.000Z\",\"type\":\"from_the_future\",\"x\":1}\n",
      "new.jsonl");
  EXPECT_TRUE(load.errors.empty());
  EXPECT_EQ(load.model.title, "unit");
  EXPECT_EQ(load.model.seed, UINT64_MAX) << "run_start writes the seed as a signed integer";
}

}  // namespace
}  // namespace dnsfailover::report
