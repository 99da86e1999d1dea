// Goal: both stores keep the Store contract (engine/ports/store.h) the same
// way: nothing before the first commit, every field back as written, atomic
// commits, history in order with its filters, seqs that never repeat, and
// bounded retention. One suite, run against SQLite and the memory store.

#include <gtest/gtest.h>

#include "engine/ports/trace_json.h"
#include "tests/store/store_harness.h"

namespace dnsfailover::testing {
namespace {

const TimePoint kT0 = *parseIsoUtc("2026-11-02T00:00:00Z");

IndicatorState fullIndicator(const std::string& name) {
  IndicatorState s;
  s.name = name;
  s.configKey = "httpgrep|https://" + name + "/|status=OK|1m";
  s.status = "ERR";
  s.since = kT0 + 20min + 7012ms;
  s.reason = "Content has no substring 'status=OK' \"quoted\"\nsecond line";
  s.retriesUsed = 3;
  s.maintenance = true;
  s.nextCheck = kT0 + 21min;
  s.checksRun = 1234567890123ULL;
  return s;
}

SchemeState fullScheme(const std::string& name) {
  SchemeState s;
  s.name = name;
  s.configKey = "cat.example.com|he|alpha:100:192.0.2.1";
  s.selectedIndicators = {"bravo", "charlie"};
  s.desired = {{RecordType::A, {"192.0.2.2", "192.0.2.3"}}, {RecordType::AAAA, {}}};
  s.providerHolds = {{RecordType::A, {"192.0.2.1"}}};
  s.targetKey = "he.net|cat.example.com|example.com";
  s.inFlight = RecordSet{RecordType::A, {"192.0.2.2", "192.0.2.3"}};
  s.inFlightSince = kT0 + 24min + 7ms;
  s.owed = {RecordType::A, RecordType::AAAA};
  s.attempted = true;
  s.failures = 4;
  s.nextAttempt = kT0 + 25min + 1ms;
  s.notBefore = kT0 + 26min;
  s.statusSince = kT0 + 20min;
  s.lastReply = "good 192.0.2.1";
  s.lastError = "HTTP 429";
  s.pushesSent = 17;
  s.providerCache = {{"record_id", "abc123"}, {"zone_id", "z9"}};
  return s;
}

IndicatorState bareIndicator(const std::string& name) {
  IndicatorState s;
  s.name = name;
  s.configKey = "k2";
  return s;
}

SchemeState bareScheme(const std::string& name) {
  SchemeState s;
  s.name = name;
  s.configKey = "k";
  return s;
}

TraceEvent event(TimePoint t, const std::string& type, const std::string& scheme, const std::string& indicator) {
  TraceEvent e{t, eventTypeFromName(type), {}, {}};
  if (e.type == EventType::Unknown) e.unknownName = type;
  if (!scheme.empty()) e.with("scheme", scheme);
  if (!indicator.empty()) e.with("indicator", indicator);
  return e;
}

StoreStep eventsStep(std::vector<TraceEvent> events) {
  StoreStep step;
  step.events = std::move(events);
  return step;
}

HistoryQuery query(std::string scheme, std::string indicator, std::optional<TimePoint> since = {},
                   std::optional<uint64_t> afterSeq = {}, size_t limit = 1000) {
  HistoryQuery q;
  q.scheme = std::move(scheme);
  q.indicator = std::move(indicator);
  q.since = since;
  q.afterSeq = afterSeq;
  q.limit = limit;
  return q;
}

std::vector<uint64_t> seqs(const std::vector<HistoryRow>& rows) {
  std::vector<uint64_t> out;
  for (const auto& row : rows) out.push_back(row.seq);
  return out;
}

template <typename Harness>
class StoreContract : public ::testing::Test {
 protected:
  Harness harness;
};

using Harnesses = ::testing::Types<SqliteHarness, MemoryHarness>;
class HarnessNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kPersistent ? "Sqlite" : "Memory";
  }
};
TYPED_TEST_SUITE(StoreContract, Harnesses, HarnessNames);

TYPED_TEST(StoreContract, NewStoreLoadsNothing) {
  Store& store = this->harness.open();
  EXPECT_EQ(store.load(), std::nullopt);
  EXPECT_TRUE(store.history({}).empty());
  store.commit(StoreStep{});  // an empty step writes nothing
  EXPECT_EQ(this->harness.open().load(), std::nullopt);
}

TYPED_TEST(StoreContract, CommitThenLoadRoundTripsEveryField) {
  StoreStep step;
  step.indicators = {fullIndicator("alpha"), bareIndicator("bravo")};
  step.schemes = {fullScheme("cat"), bareScheme("dog")};
  this->harness.open().commit(step);

  EngineState expected;
  for (const auto& s : step.indicators) expected.indicators.emplace(s.name, s);
  for (const auto& s : step.schemes) expected.schemes.emplace(s.name, s);
  EXPECT_EQ(this->harness.open().load(), expected);
  const std::optional<EngineState> loaded = this->harness.open().load();
  ASSERT_TRUE(loaded);
  EXPECT_TRUE(loaded->schemes.at("dog").desired.empty());
  EXPECT_EQ(loaded->schemes.at("cat").providerCache.at("zone_id"), "z9");
  EXPECT_EQ(loaded->indicators.at("alpha").nextCheck, kT0 + 21min);
}

TYPED_TEST(StoreContract, UpsertsReplaceAndRemovedNamesDisappear) {
  Store& store = this->harness.open();
  StoreStep first;
  first.indicators = {fullIndicator("alpha"), fullIndicator("bravo")};
  first.schemes = {fullScheme("cat"), bareScheme("dog")};
  store.commit(first);

  StoreStep second;
  IndicatorState alpha = fullIndicator("alpha");
  alpha.status = "OK";
  alpha.nextCheck.reset();
  second.indicators = {alpha};
  second.removedIndicators = {"bravo", "never-existed"};
  second.removedSchemes = {"dog"};
  store.commit(second);

  const std::optional<EngineState> loaded = this->harness.open().load();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->indicators.size(), 1u);
  EXPECT_EQ(loaded->indicators.at("alpha"), alpha);
  ASSERT_EQ(loaded->schemes.size(), 1u);
  EXPECT_EQ(loaded->schemes.at("cat"), fullScheme("cat"));

  // Removing everything leaves an empty state, not a new store.
  StoreStep third;
  third.removedIndicators = {"alpha"};
  third.removedSchemes = {"cat"};
  this->harness.open().commit(third);
  EXPECT_EQ(this->harness.open().load(), EngineState{});
}

TYPED_TEST(StoreContract, FailedCommitLeavesNothing) {
  StoreStep first;
  first.indicators = {fullIndicator("alpha")};
  first.schemes = {fullScheme("cat")};
  first.events = {event(kT0, "indicator_status", "", "alpha")};
  this->harness.open().commit(first);

  StoreStep failing;
  IndicatorState changed = fullIndicator("alpha");
  changed.status = "OK";
  failing.indicators = {changed, fullIndicator("charlie")};
  failing.schemes = {bareScheme("dog")};
  failing.removedSchemes = {"cat"};
  failing.events = {event(kT0 + 1s, "selection", "cat", "alpha"), event(kT0 + 1s, "push", "cat", "")};
  this->harness.failNextCommit();
  Store& store = this->harness.open();
  EXPECT_THROW(store.commit(failing), StoreError);
  this->harness.disarm();

  EngineState expected;
  expected.indicators.emplace("alpha", fullIndicator("alpha"));
  expected.schemes.emplace("cat", fullScheme("cat"));
  EXPECT_EQ(store.load(), expected);
  EXPECT_EQ(seqs(store.history({})), std::vector<uint64_t>{1});

  // The store is still usable, and the failed step's seqs were not spent
  // on rows anyone could have seen.
  store.commit(failing);
  const std::vector<HistoryRow> rows = this->harness.open().history({});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_GT(rows[1].seq, rows[0].seq);
  EXPECT_GT(rows[2].seq, rows[1].seq);
}

TYPED_TEST(StoreContract, HistoryKeepsOrderAndFilters) {
  Store& store = this->harness.open();
  TraceEvent rich = event(kT0 + 3s, "push", "cat", "");
  rich.with("address", "192.0.2.2").with("ok", true).with("retry_in_s", 2.5).with("attempt", int64_t{3});
  store.commit(eventsStep({event(kT0, "indicator_status", "", "alpha"), event(kT0 + 1s, "selection", "cat", "alpha")}));
  store.commit(eventsStep({event(kT0 + 2s, "indicator_status", "", "bravo"), rich}));
  store.commit(eventsStep({event(kT0 + 4s, "selection", "dog", "bravo")}));

  const std::vector<HistoryRow> all = this->harness.open().history({});
  EXPECT_EQ(seqs(all), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(traceEventJson(all[3].event), traceEventJson(rich));

  Store& s = this->harness.open();
  EXPECT_EQ(seqs(s.history(query("cat", ""))), (std::vector<uint64_t>{2, 4}));
  EXPECT_EQ(seqs(s.history(query("", "bravo"))), (std::vector<uint64_t>{3, 5}));
  EXPECT_EQ(seqs(s.history(query("dog", "bravo"))), (std::vector<uint64_t>{5}));
  EXPECT_EQ(seqs(s.history(query("", "", kT0 + 2s))), (std::vector<uint64_t>{3, 4, 5}));
  EXPECT_EQ(seqs(s.history(query("", "", {}, 3))), (std::vector<uint64_t>{4, 5}));
  EXPECT_EQ(seqs(s.history(query("", "", {}, {}, 2))), (std::vector<uint64_t>{4, 5}));  // the newest, oldest first
  EXPECT_EQ(seqs(s.history(query("cat", "", kT0 + 2s, {}, 10))), (std::vector<uint64_t>{4}));
  EXPECT_TRUE(s.history(query("nope", "")).empty());
  EXPECT_TRUE(s.history(query("", "", {}, {}, 0)).empty());
}

TYPED_TEST(StoreContract, SeqsNeverRepeatAcrossReopenAndRetention) {
  this->harness.open().commit(eventsStep({event(kT0, "a", "", ""), event(kT0, "b", "", ""), event(kT0, "c", "", "")}));
  // Keep nothing: the next commit deletes every row, the newest included.
  this->harness.open({.limits = {.maxAge = 24h, .maxEvents = 0}, .every = 1}).commit(eventsStep({event(kT0, "d", "", "")}));
  EXPECT_TRUE(this->harness.open().history({}).empty());
  this->harness.open().commit(eventsStep({event(kT0, "e", "", "")}));
  EXPECT_EQ(seqs(this->harness.open().history({})), std::vector<uint64_t>{5});
}

TYPED_TEST(StoreContract, RetentionByAge) {
  Store& store = this->harness.open({.limits = {.maxAge = 1h, .maxEvents = 1000}, .every = 1});
  store.commit(eventsStep({event(kT0, "start", "", ""), event(kT0 + 30min, "half-hour", "", "")}));
  // Exactly maxAge before the newest event is still kept.
  store.commit(eventsStep({event(kT0 + 1h, "hour", "", "")}));
  EXPECT_EQ(seqs(store.history({})), (std::vector<uint64_t>{1, 2, 3}));
  store.commit(eventsStep({event(kT0 + 2h, "two-hours", "", "")}));
  EXPECT_EQ(seqs(this->harness.open().history({})), (std::vector<uint64_t>{3, 4}));
}

TYPED_TEST(StoreContract, RetentionByCount) {
  Store& store = this->harness.open({.limits = {.maxAge = 24h, .maxEvents = 3}, .every = 1});
  for (int i = 0; i < 5; ++i) store.commit(eventsStep({event(kT0 + std::chrono::seconds{i}, "e", "", "")}));
  EXPECT_EQ(seqs(this->harness.open().history({})), (std::vector<uint64_t>{3, 4, 5}));
}

TYPED_TEST(StoreContract, RetentionRunsOnlyEveryNCommits) {
  Store& store = this->harness.open({.limits = {.maxAge = 24h, .maxEvents = 1}, .every = 3});
  store.commit(eventsStep({event(kT0, "e", "", "")}));
  store.commit(eventsStep({event(kT0, "e", "", "")}));
  EXPECT_EQ(seqs(store.history({})), (std::vector<uint64_t>{1, 2}));
  store.commit(eventsStep({event(kT0, "e", "", "")}));
  EXPECT_EQ(seqs(store.history({})), (std::vector<uint64_t>{3}));
}

}  // namespace
}  // namespace dnsfailover::testing
