#include "sim/runner.h"

#include <algorithm>

#include "engine/engine.h"
#include "sim/engine_host.h"
#include "sim/memory_store.h"
#include "sim/site_expectations.h"
#include "sim/sites.h"
#include "sim/dns_expectations.h"
#include "sim/expectations.h"
#include "sim/faults.h"
#include "sim/world.h"
#include "sim/world_audit.h"
#include "sim/world_observer.h"

namespace dnsfailover::sim {
namespace {

constexpr uint64_t kPerturbStream = 0x9E27'0000;

// Counts what the expectations need while forwarding to the caller's sink.
class CountingSink final : public TraceSink {
 public:
  CountingSink(TraceSink& next, bool keepEvents) : next_(next), keepEvents_(keepEvents) {}
  void record(const TraceEvent& event) override {
    if (event.type == EventType::Selection) ++selections[event.text(field::scheme)];
    if (event.type == EventType::Push) ++pushes;
    if (keepEvents_) events.push_back(event);
    next_.record(event);
  }
  std::map<std::string, uint64_t> selections;
  uint64_t pushes = 0;
  std::vector<TraceEvent> events;  // only when an expectation reads them

 private:
  TraceSink& next_;
  bool keepEvents_;
};

bool needsEvents(const Scenario& scenario) {
  if (!scenario.sites.empty()) return true;  // the site judges and notes read them
  return std::any_of(scenario.expectations.begin(), scenario.expectations.end(), [](const Expectation& e) {
    return e.kind == Expectation::Kind::EventCount || e.kind == Expectation::Kind::PushSpacing ||
           e.kind == Expectation::Kind::NoStaleRecord || e.kind == Expectation::Kind::NoPushAfterRestart ||
           e.kind == Expectation::Kind::OneLeader || e.kind == Expectation::Kind::HandoverWithin ||
           e.kind == Expectation::Kind::NoPushWithoutLease;
  });
}

// A store costs a commit per engine step; only runs that crash the engine
// or judge its history pay for one.
bool needsStore(const Scenario& scenario) {
  const bool crashes = std::any_of(scenario.events.begin(), scenario.events.end(),
                                   [](const FaultEvent& e) { return e.kind == "engine_crash"; });
  const bool judged = std::any_of(scenario.expectations.begin(), scenario.expectations.end(), [](const Expectation& e) {
    return e.kind == Expectation::Kind::HistoryComplete || e.kind == Expectation::Kind::NoPushAfterRestart;
  });
  return crashes || judged;
}

class KeepingSink final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

}  // namespace

bool RunReport::passed() const {
  const auto ok = [](const ExpectationResult& e) { return e.passed; };
  return std::all_of(expectations.begin(), expectations.end(), ok) && std::all_of(audit.begin(), audit.end(), ok);
}

RunReport runScenario(const Scenario& scenario, const RunOptions& options, TraceSink& trace) {
  RunReport report;
  report.seed = options.seed.value_or(scenario.seed);
  report.start = scenario.start;
  report.end = scenario.start + options.until.value_or(scenario.duration);

  World world(scenario, report.seed);
  if (options.perturb) {
    Kernel::Perturbation perturbation;
    perturbation.seed = SeededRandom(report.seed, kPerturbStream).next();
    world.kernel().perturb(perturbation);
    // Replies held up on their way back, on both networks, each from a
    // stream of its own.
    LinkModel::Perturbation late;
    late.seed = SeededRandom(report.seed, kPerturbStream + 1).next();
    world.network().perturb(late);
    late.seed = SeededRandom(report.seed, kPerturbStream + 2).next();
    world.dns().network().perturb(late);
  }
  WorldAudit audit(trace);
  CountingSink counting(audit, needsEvents(scenario));
  DnsEventLog dnsLog(counting);
  WorldObserver observer(scenario, world, report.seed, counting);
  std::optional<MemoryStore> store;
  KeepingSink emitted;
  std::optional<Sites> sites;  // multi-site worlds: kept for the judges
  // Long runs advance a simulated day at a time so a caller can show progress.
  auto advance = [&] {
    const Duration total = report.end - report.start;
    for (TimePoint next = report.start; next < report.end;) {
      next = std::min(report.end, next + std::chrono::hours{24});
      world.kernel().runUntil(next);
      if (options.progress) {
        options.progress(static_cast<double>((next - report.start).count()) / static_cast<double>(total.count()));
      }
    }
  };
  if (!scenario.sites.empty()) {
    sites.emplace(scenario, world, report.seed, dnsLog, needsStore(scenario));
    observer.start();
    FaultInjector faults(scenario, world, nullptr, &*sites, observer, counting, report.seed);
    faults.schedule();
    sites->start();
    // Visits see the first site, as a status page is one site's.
    for (const RunOptions::Visit& visit : options.visits) {
      world.kernel().scheduleAt(report.start + visit.at, [&sites, &world, &visit] {
        visit.look(sites->at(0).engine().engine(), world.kernel(), sites->at(0).store());
      });
    }
    advance();
    sites->stop();
    observer.finish(report.end);
  } else {
    if (needsStore(scenario)) store.emplace();
    EnginePorts ports{world.kernel().engineLane(), world.network(), world.engineRandom(), dnsLog, world.secrets(),
                      &world.dns().network()};
    if (store) ports.emitted = &emitted;
    ports.dryRun = scenario.dryRun;
    ports.tcp = &world.network();
    ports.process = &world.processes();
    EngineHost engine(scenario.engine, ports, world.kernel(), store ? &*store : nullptr);
    observer.start();
    FaultInjector faults(scenario, world, &engine, nullptr, observer, counting, report.seed);
    faults.schedule();
    engine.start();
    for (const RunOptions::Visit& visit : options.visits) {
      world.kernel().scheduleAt(report.start + visit.at, [&engine, &world, &store, &visit] {
        visit.look(engine.engine(), world.kernel(), store ? &*store : nullptr);
      });
    }
    advance();
    engine.stop();
    observer.finish(report.end);
  }
  report.events = world.kernel().eventsRun();
  report.selections = 0;
  for (const auto& [scheme, n] : counting.selections) report.selections += n;
  report.pushes = counting.pushes;

  RunFacts facts{scenario,     world,   world.zones(), report.start, report.end, counting.selections, &dnsLog,
                 &observer,    &counting.events};
  if (store) {
    facts.engineEvents = &emitted.events;
    facts.store = &*store;
  }
  if (sites) facts.sites = &*sites;
  for (const Expectation& e : scenario.expectations) report.expectations.push_back(evaluateExpectation(e, facts));
  report.audit = audit.judge(scenario, world);
  if (sites) report.notes = siteNotes(facts);
  return report;
}

}  // namespace dnsfailover::sim
