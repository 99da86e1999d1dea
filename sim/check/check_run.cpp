#include "sim/check/check_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

// Keeps only what measureRun reads.
class KeepMeasured final : public TraceSink {
 public:
  void record(const TraceEvent& event) override {
    switch (event.type) {
      case EventType::ServerState:
      case EventType::Record:
      case EventType::Selection:
      case EventType::Push:
      case EventType::Converged:
      case EventType::NsAnswer: events.push_back(event); break;
      default: break;
    }
  }
  std::vector<TraceEvent> events;
};

struct Prepared {
  json config;
  EngineConfig loaded;
};

}  // namespace

std::vector<uint64_t> shardSeeds(const CheckOptions& options) {
  std::vector<uint64_t> seeds;
  for (uint64_t i = 0; i < options.runs; ++i) {
    if (i % options.shardCount == options.shardIndex) seeds.push_back(options.firstSeed + i);
  }
  return seeds;
}

std::optional<CheckResult> runCheck(const json& config, const std::string& file, const std::vector<Variant>& variants,
                                    const CheckOptions& options, std::vector<std::string>& errors) {
  CheckResult result;
  result.config = file;
  result.options = options;
  result.options.progress = nullptr;
  std::vector<Prepared> prepared;
  for (const Variant& v : variants) {
    std::string error;
    std::optional<json> doc = applyVariant(config, v, error);
    if (!doc) {
      errors.push_back(error);
      continue;
    }
    ConfigLoad load = loadEngineConfig(*doc);
    for (const ConfigError& e : load.errors) {
      errors.push_back((variants.size() > 1 || !v.assignments.empty() ? "with " + v.label + ": " : std::string{}) +
                       e.format());
    }
    if (load.ok() && load.config.schemes.empty()) errors.push_back("schemes: the config has no scheme to check");
    if (!load.ok()) continue;
    VariantResult vr;
    vr.variant = v;
    for (const SchemeConfig& s : load.config.schemes) {
      SchemeInfo info{s.name, providerName(s.provider), rateLimitOf(s.provider), 0};
      const IndicatorConfig* first = s.members.empty() ? nullptr : load.config.findIndicator(s.members.front().indicator);
      info.period = first ? static_cast<double>(first->policy.period.count()) / 1000.0 : 0;
      vr.schemes.push_back(info);
    }
    result.variants.push_back(std::move(vr));
    prepared.push_back({std::move(*doc), std::move(load.config)});
  }
  if (!errors.empty()) return std::nullopt;

  const std::vector<uint64_t> seeds = shardSeeds(options);
  for (VariantResult& v : result.variants) v.runs.resize(seeds.size());
  const size_t total = seeds.size() * prepared.size();
  std::atomic<size_t> next{0}, done{0};
  std::atomic<uint64_t> events{0};
  std::mutex errorMutex;
  auto worker = [&] {
    for (size_t job = next++; job < total; job = next++) {
      const size_t v = job / seeds.size(), s = job % seeds.size();
      const uint64_t seed = seeds[s];
      const json doc = checkScenario(prepared[v].config, prepared[v].loaded, seed, options.world);
      const ScenarioLoad load = loadScenarioText(doc.dump(), "check-world.json");
      RunResult& run = result.variants[v].runs[s];
      run.seed = seed;
      if (!load.ok()) {
        std::lock_guard lock(errorMutex);
        errors.push_back("seed " + std::to_string(seed) + ": the generated world does not load (a bug of check): " +
                         load.errors[0].format());
        ++done;
        continue;
      }
      KeepMeasured keep;
      const RunReport report = runScenario(load.scenario, RunOptions::of(seed), keep);
      run.faults = doc["purpose"].get<std::string>().substr(std::string("check world, faults: ").size());
      run.events = report.events;
      run.schemes = measureRun(keep.events, prepared[v].loaded, report.start, report.end);
      events += report.events;
      ++done;
    }
  };
  const unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const auto wallStart = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned j = 0; j < std::min<size_t>(jobs, std::max<size_t>(total, 1)); ++j) threads.emplace_back(worker);
  while (options.progress && done < total) {
    options.progress(static_cast<double>(done) / static_cast<double>(total));
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  for (auto& t : threads) t.join();
  if (options.progress) options.progress(1.0);
  result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
  result.events = events;
  if (!errors.empty()) return std::nullopt;
  return result;
}

Distribution distributionOf(std::vector<double> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  std::sort(values.begin(), values.end());
  // Nearest rank.
  auto rank = [&](double p) {
    const size_t r = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::min(values.size(), std::max<size_t>(r, 1)) - 1];
  };
  d.p50 = rank(0.50);
  d.p99 = rank(0.99);
  d.max = values.back();
  return d;
}

std::vector<SchemeSummary> summarize(const VariantResult& variant, Duration runLength) {
  std::vector<SchemeSummary> out;
  const double hours = static_cast<double>(runLength.count()) / 3'600'000.0;
  for (size_t k = 0; k < variant.schemes.size(); ++k) {
    SchemeSummary s;
    s.info = variant.schemes[k];
    std::vector<double> fd, fp, fn, fr, rd, rp, rn, rr;
    double availabilitySum = 0, recordSum = 0;
    double worstAvailability = 2;
    uint64_t worstAvailabilitySeed = 0;
    double slowest = -1;
    uint64_t slowestSeed = 0;
    std::string slowestWhy;
    std::vector<WorstRun> doubles;
    size_t runs = 0;
    for (const RunResult& run : variant.runs) {
      if (k >= run.schemes.size()) continue;
      const SchemeRun& r = run.schemes[k];
      ++runs;
      for (const Transition& t : r.transitions) {
        StageStats& stage = t.failover ? s.failover : s.recovery;
        ++stage.transitions;
        if (!t.push) ++stage.incomplete;
        auto [d, p, n, v] = t.failover ? std::tie(fd, fp, fn, fr) : std::tie(rd, rp, rn, rr);
        if (t.detect) d.push_back(*t.detect);
        if (t.push) p.push_back(*t.push);
        if (t.ns) n.push_back(*t.ns);
        if (t.resolvers) v.push_back(*t.resolvers);
        if (t.failover && t.push && *t.push > slowest) {
          slowest = *t.push;
          slowestSeed = run.seed;
          slowestWhy = "slowest failover: " + t.from + " -> " + t.to + " at +" + clockOffset(t.at) + " pushed after " +
                       std::to_string(static_cast<int64_t>(std::lround(*t.push))) + " s";
        }
      }
      availabilitySum += r.availability;
      recordSum += r.recordAvailability;
      if (r.availability < worstAvailability) {
        worstAvailability = r.availability;
        worstAvailabilitySeed = run.seed;
      }
      s.availabilityMin = std::min(s.availabilityMin, r.availability);
      s.falseFailovers += r.falseFailovers;
      if (r.falseFailovers > 0) ++s.runsWithFalseFailovers;
      const double perHour = hours > 0 ? r.pushes / hours : 0;
      s.pushesPerHourMean += perHour;
      s.pushesPerHourMax = std::max(s.pushesPerHourMax, perHour);
      s.peakPushes = std::max(s.peakPushes, r.peakPushes);
      if (r.peakPushes > s.info.limit.requests) ++s.runsOverLimit;
      s.doublePushes += r.doublePushes.size();
      if (!r.doublePushes.empty()) {
        ++s.runsWithDoublePushes;
        const DoublePush& d = r.doublePushes.front();
        char gap[32];
        std::snprintf(gap, sizeof gap, "%.3f", d.gap);
        doubles.push_back({run.seed, "double push at +" + clockOffset(d.at) + ": " + d.first + " then " + d.second +
                                         " " + gap + " s later (" + std::to_string(r.doublePushes.size()) +
                                         " in the run)"});
      }
    }
    s.failover.detect = distributionOf(fd);
    s.failover.push = distributionOf(fp);
    s.failover.ns = distributionOf(fn);
    s.failover.resolvers = distributionOf(fr);
    s.recovery.detect = distributionOf(rd);
    s.recovery.push = distributionOf(rp);
    s.recovery.ns = distributionOf(rn);
    s.recovery.resolvers = distributionOf(rr);
    if (runs > 0) {
      s.availabilityMean = availabilitySum / static_cast<double>(runs);
      s.recordAvailabilityMean = recordSum / static_cast<double>(runs);
      s.pushesPerHourMean /= static_cast<double>(runs);
      char share[64];
      std::snprintf(share, sizeof share, "%.4f %%", worstAvailability * 100.0);
      s.worst.push_back({worstAvailabilitySeed, std::string("lowest availability: ") + share});
    }
    if (slowest >= 0) s.worst.push_back({slowestSeed, slowestWhy});
    for (size_t i = 0; i < doubles.size() && i < 3; ++i) s.worst.push_back(doubles[i]);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace dnsfailover::sim
