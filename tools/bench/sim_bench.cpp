// How fast the simulation runs: the bare kernel (schedule + dispatch of
// events that reschedule themselves, like checks do) and the whole cat day
// with the engine, the network and the fakes.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string_view>

#include "engine/ports/trace.h"
#include "sim/kernel.h"
#include "sim/runner.h"
#include "sim/scenario.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

const TimePoint kStart = *parseIsoUtc("2026-11-02T00:00:00Z");

// `live` timers each rescheduling itself: the queue stays at `live`
// entries, as in a world with that many periodic checks.
void BM_KernelEvents(benchmark::State& state) {
  const auto live = static_cast<int>(state.range(0));
  uint64_t events = 0;
  for (auto _ : state) {
    sim::Kernel kernel(kStart);
    uint64_t remaining = 1'000'000;
    std::function<void(int)> tick = [&](int i) {
      if (remaining == 0) return;
      --remaining;
      kernel.scheduleAfter(Duration{10 + i % 7}, [&tick, i] { tick(i); });
    };
    for (int i = 0; i < live; ++i) tick(i);
    while (kernel.step()) {
    }
    events += kernel.eventsRun();
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KernelEvents)->Arg(16)->Arg(1024)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_CatDay(benchmark::State& state) {
  const sim::ScenarioLoad load = sim::loadScenarioFile(DNSFAILOVER_SOURCE_DIR "/scenarios/cat-okerr.json");
  if (!load.ok()) {
    state.SkipWithError("cannot load scenarios/cat-okerr.json");
    return;
  }
  uint64_t events = 0;
  for (auto _ : state) {
    NullTraceSink trace;
    const sim::RunReport report = sim::runScenario(load.scenario, {}, trace);
    events += report.events;
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CatDay)->Unit(benchmark::kMillisecond);

}  // namespace

// BENCHMARK_MAIN(), plus --version, and a --help that names the binary
// before Google Benchmark's own flags.
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--version") return dnsfailover::printVersion("sim_bench");
    if (a == "--help") std::fputs("usage: sim_bench [Google Benchmark flags]\n", stdout);
  }
  benchmark::Initialize(&argc, argv);  // --help: prints the flags and exits 0
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
