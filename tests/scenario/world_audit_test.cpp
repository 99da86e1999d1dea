// Goal: the world audit bites. A trace that says something the fakes did
// not do (a record value the zone store never held, a server serving while
// it showed status=ERR, an answer a nameserver never gave) fails the audit
// with a diagnosis naming the fake's own account; the engine's and the
// observer's truthful account of a real run passes it.

#include <gtest/gtest.h>

#include "engine/ports/trace_events.h"
#include "sim/runner.h"
#include "sim/world.h"
#include "sim/world_audit.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kMain = "116.202.27.149";
constexpr const char* kSorry = "37.59.102.26";

class WorldAuditTest : public ::testing::Test {
 protected:
  WorldAuditTest() : load(loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"))) {
    EXPECT_TRUE(load.ok());
    world.emplace(load.scenario, 1);
    start = load.scenario.start;
  }
  // Runs the world's kernel until `t` (offset from the start).
  void runTo(Duration t) { world->kernel().runUntil(start + t); }
  const ExpectationResult& judged(const std::string& path) {
    results = audit.judge(load.scenario, *world);
    for (const ExpectationResult& r : results) {
      if (r.path == path) return r;
    }
    ADD_FAILURE() << "no audit " << path;
    return results.front();
  }

  ScenarioLoad load;
  std::optional<World> world;
  TimePoint start{};
  NullTraceSink null;
  WorldAudit audit{null};
  std::vector<ExpectationResult> results;
};

TEST_F(WorldAuditTest, ARecordTheZoneNeverHeldFails) {
  audit.record(events::record(start, "cat.he.okerr.com", "A", kMain));
  EXPECT_TRUE(judged("world.records").passed) << judged("world.records").detail;
  audit.record(events::record(start + minutes{1}, "cat.he.okerr.com", "A", kSorry));
  const ExpectationResult& r = judged("world.records");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("the zone store logged 1 changes"), std::string::npos) << r.detail;
}

TEST_F(WorldAuditTest, AServingClaimWhileThePageShowedErrFails) {
  // A visitor loads main's page at :25, when it shows status=ERR.
  HttpRequest get;
  get.url = "https://cat.okerr.com/";
  get.connectTo = kMain;
  runTo(minutes{25});
  world->network().send(get, [](HttpResult) {});
  runTo(minutes{26});
  audit.record(events::serverState(start, "charlie", kMain, true));
  const ExpectationResult& r = judged("world.server_states");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("charlie showed status=ERR from"), std::string::npos) << r.detail;
  audit.record(events::serverState(start + minutes{20}, "charlie", kMain, false));
  EXPECT_TRUE(judged("world.server_states").passed) << judged("world.server_states").detail;
}

TEST_F(WorldAuditTest, AnAnswerTheNameserverNeverGaveFails) {
  DnsQuery q;
  q.server = "216.218.131.2";  // ns2.he.net
  q.name = "cat.he.okerr.com";
  q.type = dns::Type::A;
  q.timeout = seconds{2};
  world->dns().network().query(q, [](DnsResult) {});
  runTo(seconds{1});
  audit.record(events::nsAnswerAddress(start + seconds{1}, "cat", "ns2.he.net", "auth", kMain, 300));
  EXPECT_TRUE(judged("world.answers").passed) << judged("world.answers").detail;
  audit.record(events::nsAnswerAddress(start + seconds{1}, "cat", "ns2.he.net", "auth", kSorry, 300));
  const ExpectationResult& r = judged("world.answers");
  EXPECT_FALSE(r.passed);
  EXPECT_NE(r.detail.find("by its own log it answered 116.202.27.149"), std::string::npos) << r.detail;
}

TEST(WorldAudit, ARealRunPassesIt) {
  const ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"));
  ASSERT_TRUE(load.ok());
  NullTraceSink trace;
  const RunReport report = runScenario(load.scenario, RunOptions::of(std::nullopt, std::chrono::hours{2}), trace);
  ASSERT_EQ(report.audit.size(), 3u);
  for (const ExpectationResult& a : report.audit) EXPECT_TRUE(a.passed) << a.path << ": " << a.detail;
  EXPECT_NE(report.audit[2].detail.find(" answers found"), std::string::npos);
}

}  // namespace
}  // namespace dnsfailover::sim
