// Goal: the trace schema in engine/ports/trace_events.h is the truth about
// what is written. Every event that every scenario emits, read back from the
// JSON lines, checks against the table; the trace opens with its version;
// the codec round-trips events (unknown types and fields included) byte for
// byte; and the table's names and kinds agree with themselves.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "engine/ports/trace_events.h"
#include "engine/ports/trace_json.h"
#include "sim/runner.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"

namespace dnsfailover {
namespace {

TEST(TraceSchema, NamesRoundTripAndAreUnique) {
  std::set<std::string_view> names;
  for (const EventSpec& spec : kEventSchema) {
    if (spec.type == EventType::Unknown) continue;
    EXPECT_EQ(eventTypeFromName(spec.name), spec.type) << spec.name;
    EXPECT_TRUE(names.insert(spec.name).second) << "duplicate name " << spec.name;
    std::set<std::string_view> fields;
    for (const FieldSpec& f : spec.fields) {
      EXPECT_TRUE(fields.insert(f.name).second) << spec.name << "." << f.name << " listed twice";
      EXPECT_NE(f.name, "t");
      EXPECT_NE(f.name, "type");
    }
  }
  EXPECT_EQ(eventTypeFromName("unknown"), EventType::Unknown);
  EXPECT_EQ(eventTypeFromName("no_such_event"), EventType::Unknown);
}

TEST(TraceSchema, BuildersMakeValidEvents) {
  const TimePoint t = *parseIsoUtc("2026-11-02T00:00:00.000Z");
  const std::vector<TraceEvent> built = {
      events::traceStart(t),
      events::runStart(t, "s", 1),
      events::runEnd(t, "s"),
      events::engineStart(t, true, 3, 1),
      events::engineStop(t),
      events::engineCrash(t, 12.5),
      events::configReload(t, false, 2, 0, 0),
      events::indicatorStatus(t, "i", "ERR", "timed out"),
      events::maintenance(t, "i", true),
      events::selection(t, "cat", "192.0.2.1", 100, "i"),
      events::push(t, "cat", "192.0.2.1", true, "good"),
      events::forcePush(t, "cat", "192.0.2.1"),
      events::pushUnknown(t, "cat", "192.0.2.1"),
      events::wouldPush(t, "cat", "192.0.2.1"),
      events::notify(t, "notify[0]", "failover", "cat", false, 2, "HTTP 503"),
      events::nsDiscoveryFailed(t, "cat", "r", "SERVFAIL"),
      events::nsAnswerAddress(t, "cat", "ns1", "auth", "192.0.2.1", 60),
      events::nsAnswerError(t, "cat", "ns1", "auth", "SERVFAIL"),
      events::converged(t, "cat", "auth", "192.0.2.1", 3.0),
      events::serverState(t, "main", "192.0.2.1", false),
      events::record(t, "cat.example", "A", ""),
      events::fault(t, "partition", "main", true),
      events::siteView(t, "main", "paris", "ERR", true),
      events::quorum(t, "main", "OK", 2, 1, 3),
      events::leader(t, "paris", true, 7),
      events::coordination(t, false, "keepalive: unreachable"),
  };
  std::set<EventType> covered;
  for (const TraceEvent& e : built) {
    EXPECT_EQ(checkTraceEvent(e), std::nullopt) << traceEventJson(e);
    covered.insert(e.type);
  }
  EXPECT_EQ(covered.size(), kEventSchema.size() - 1) << "a type without a builder";
}

TEST(TraceSchema, CheckNamesTheBrokenField) {
  const TimePoint t = *parseIsoUtc("2026-11-02T00:00:00.000Z");
  TraceEvent missing{t, EventType::Selection, {}, {}};
  missing.with(field::scheme, std::string("cat"));
  EXPECT_EQ(checkTraceEvent(missing), "selection.address: missing");
  TraceEvent wrongKind = events::push(t, "cat", "192.0.2.1", true, "good");
  wrongKind.with(field::failures, std::string("three"));
  EXPECT_EQ(checkTraceEvent(wrongKind), "push.failures: expected an integer");
  TraceEvent extra = events::engineStop(t);
  extra.with("added_later", true);
  EXPECT_EQ(checkTraceEvent(extra), std::nullopt) << "unlisted fields are allowed";
}

TEST(TraceSchema, UnknownTypesAndFieldsSurviveARoundTrip) {
  const std::string line =
      R"({"t":"2026-11-02T00:00:01.500Z","type":"from_the_future","zeta":1,"alpha":"a","ok":true,"x":2.500})";
  std::string error;
  const std::optional<TraceEvent> e = parseTraceEventJson(line, &error);
  ASSERT_TRUE(e) << error;
  EXPECT_EQ(e->type, EventType::Unknown);
  EXPECT_EQ(e->typeName(), "from_the_future");
  EXPECT_NE(checkTraceEvent(*e), std::nullopt);
  EXPECT_EQ(traceEventJson(*e), line) << "fields keep their order";

  const std::string known =
      R"({"t":"2026-11-02T00:00:01.500Z","type":"push","scheme":"cat","address":"192.0.2.1","ok":false,"reply":"x","retry_in_s":30.000,"later":"kept"})";
  const std::optional<TraceEvent> push = parseTraceEventJson(known, &error);
  ASSERT_TRUE(push) << error;
  EXPECT_EQ(push->type, EventType::Push);
  EXPECT_EQ(push->number(field::retryInS), 30.0);
  EXPECT_EQ(traceEventJson(*push), known);
}

// Runs every scenario for a while and checks every line it writes.
TEST(TraceSchema, EveryEmittedEventMatchesTheSchema) {
  std::set<EventType> seen;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::sourcePath("scenarios"))) {
    if (entry.path().extension() != ".json") continue;
    const sim::ScenarioLoad load = sim::loadScenarioFile(entry.path().string());
    ASSERT_TRUE(load.ok()) << entry.path();
    ++files;
    std::ostringstream out;
    sim::JsonLinesSink sink(out);
    sim::runScenario(load.scenario, sim::RunOptions::of(load.scenario.seed, std::chrono::hours{3}), sink);
    std::istringstream lines(out.str());
    std::string line;
    size_t lineNo = 0;
    while (std::getline(lines, line)) {
      ++lineNo;
      std::string error;
      const std::optional<TraceEvent> e = parseTraceEventJson(line, &error);
      ASSERT_TRUE(e) << entry.path().filename() << ":" << lineNo << ": " << error;
      if (lineNo == 1) {
        EXPECT_EQ(e->type, EventType::TraceStart) << entry.path().filename();
        EXPECT_EQ(e->integer(field::version), kTraceVersion);
      }
      const std::optional<std::string> problem = checkTraceEvent(*e);
      ASSERT_EQ(problem, std::nullopt) << entry.path().filename() << ":" << lineNo << ": " << line;
      EXPECT_EQ(traceEventJson(*e), line) << "a written event reads back to the same line";
      seen.insert(e->type);
    }
  }
  EXPECT_GT(files, 5u);
  for (EventType type : {EventType::TraceStart, EventType::RunStart, EventType::RunEnd, EventType::IndicatorStatus,
                         EventType::Selection, EventType::Push, EventType::ServerState, EventType::Record,
                         EventType::Fault, EventType::NsAnswer, EventType::Converged}) {
    EXPECT_TRUE(seen.count(type)) << "no scenario emitted " << eventTypeName(type);
  }
}

}  // namespace
}  // namespace dnsfailover
