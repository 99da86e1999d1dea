// What a store costs per engine step: a typical step (one indicator state
// and one event, as after every check) and a failover step (an indicator,
// its scheme and three events: status, selection, push). SQLite in a temp
// directory with synchronous=NORMAL (the default: survives a crash of the
// process) and FULL (an fsync per commit: survives power loss too), and
// the simulation's memory store for reference.
//   build/release/tools/bench/store_bench --benchmark_min_time=1

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>

#include "engine/live/sqlite_store.h"
#include "sim/memory_store.h"

namespace {

using namespace dnsfailover;

const TimePoint kStart = *parseIsoUtc("2026-11-02T00:00:00Z");

IndicatorState indicator(int64_t i) {
  IndicatorState s;
  s.name = "indicator-" + std::to_string(i % 100);
  s.configKey = "httpgrep|https://example.com/|status=OK|1m|retry 3x10s";
  s.status = "OK";
  s.since = kStart;
  s.reason = "200 OK, found 'status=OK'";
  s.nextCheck = kStart + std::chrono::seconds{i + 60};
  s.checksRun = static_cast<uint64_t>(i);
  return s;
}

SchemeState scheme(int64_t i) {
  SchemeState s;
  s.name = "cat";
  s.configKey = "cat.example.com|he|main:100:192.0.2.1|backup:50:192.0.2.2";
  s.selectedIndicators = {"indicator-" + std::to_string(i % 100)};
  s.desired = {{RecordType::A, {"192.0.2.2"}}};
  s.providerHolds = {{RecordType::A, {"192.0.2.1"}}};
  s.inFlight = RecordSet{RecordType::A, {"192.0.2.2"}};
  s.owed = {RecordType::A};
  s.statusSince = kStart;
  s.lastReply = "good 192.0.2.1";
  s.pushesSent = static_cast<uint64_t>(i);
  return s;
}

TraceEvent statusEvent(int64_t i) {
  TraceEvent e{kStart + std::chrono::seconds{i}, EventType::IndicatorStatus, {}, {}};
  e.with("indicator", "indicator-" + std::to_string(i % 100)).with("status", "OK").with("reason", "200 OK");
  return e;
}

StoreStep checkStep(int64_t i) {
  StoreStep step;
  step.indicators = {indicator(i)};
  step.events = {statusEvent(i)};
  return step;
}

StoreStep failoverStep(int64_t i) {
  StoreStep step;
  step.indicators = {indicator(i)};
  step.schemes = {scheme(i)};
  TraceEvent selection{kStart + std::chrono::seconds{i}, EventType::Selection, {}, {}};
  selection.with("scheme", "cat").with("address", "192.0.2.2").with("indicator", "backup").with("priority",
                                                                                               int64_t{50});
  TraceEvent push{kStart + std::chrono::seconds{i}, EventType::Push, {}, {}};
  push.with("scheme", "cat").with("address", "192.0.2.2").with("ok", true).with("reply", "good 192.0.2.2");
  step.events = {statusEvent(i), selection, push};
  return step;
}

class TempStore {
 public:
  explicit TempStore(live::SqliteStoreOptions::Sync sync) {
    std::string pattern = (std::filesystem::temp_directory_path() / "store-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    live::SqliteStoreOptions options;
    options.sync = sync;
    store_ = std::make_unique<live::SqliteStore>((dir_ / "state.db").string(), options);
  }
  ~TempStore() {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Store& store() { return *store_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<live::SqliteStore> store_;
};

template <StoreStep (*Make)(int64_t)>
void run(benchmark::State& state, Store& store) {
  int64_t i = 0;
  for (auto _ : state) store.commit(Make(i++));
  state.counters["steps/s"] = benchmark::Counter(static_cast<double>(i), benchmark::Counter::kIsRate);
}

template <StoreStep (*Make)(int64_t)>
void BM_Sqlite(benchmark::State& state) {
  TempStore temp(state.range(0) == 0 ? live::SqliteStoreOptions::Sync::Normal : live::SqliteStoreOptions::Sync::Full);
  run<Make>(state, temp.store());
}

template <StoreStep (*Make)(int64_t)>
void BM_Memory(benchmark::State& state) {
  sim::MemoryStore store;
  run<Make>(state, store);
}

// Arg 0: synchronous=NORMAL (the default), 1: FULL.
BENCHMARK(BM_Sqlite<checkStep>)->Name("SqliteCheckStep")->ArgName("full_sync")->Arg(0)->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Sqlite<failoverStep>)->Name("SqliteFailoverStep")->ArgName("full_sync")->Arg(0)->Arg(1)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Memory<checkStep>)->Name("MemoryCheckStep")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Memory<failoverStep>)->Name("MemoryFailoverStep")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
