// checkText: the readable summary of a check (sim/check/check_run.h).
#include <algorithm>
#include <cstdio>

#include "sim/check/check_run.h"

namespace dnsfailover::sim {
namespace {

std::string format(const char* fmt, auto... args) {
  char buf[512];
  std::snprintf(buf, sizeof buf, fmt, args...);
  return buf;
}

std::string triple(const Distribution& d) {
  if (d.count == 0) return "-";
  return format("%.1f/%.1f/%.1f", d.p50, d.p99, d.max);
}

std::string stageLine(const char* name, const StageStats& s) {
  return format("    %-9s %6zu  %-17s %-17s %-17s %-17s\n", name, s.transitions, triple(s.detect).c_str(),
                triple(s.push).c_str(), triple(s.ns).c_str(), triple(s.resolvers).c_str());
}

}  // namespace

std::string checkText(const CheckResult& r, const std::function<std::string(size_t, uint64_t)>& replay) {
  std::string out;
  size_t seeds = 0;
  for (const VariantResult& v : r.variants) seeds = std::max(seeds, v.runs.size());
  const Duration length = r.options.world.duration;
  out += format("check %s: %zu runs (seeds %llu..%llu%s) of %s each, %zu variant(s)%s\n", r.config.c_str(), seeds,
                static_cast<unsigned long long>(r.options.firstSeed),
                static_cast<unsigned long long>(r.options.firstSeed + r.options.runs - 1),
                r.options.shardCount > 1 ? format(", shard %llu/%llu", static_cast<unsigned long long>(r.options.shardIndex),
                                                  static_cast<unsigned long long>(r.options.shardCount))
                                               .c_str()
                                         : "",
                formatDuration(length).c_str(), r.variants.size(),
                r.options.world.catSchedule ? ", members on the cat schedule" : "");
  std::vector<std::vector<SchemeSummary>> all;
  for (size_t v = 0; v < r.variants.size(); ++v) {
    const VariantResult& variant = r.variants[v];
    all.push_back(summarize(variant, length));
    out += "\nvariant " + variant.variant.label + "\n";
    for (const SchemeSummary& s : all.back()) {
      out += format("  scheme %s (%s, check period %.0f s); seconds after the truth changed, p50/p99/max:\n",
                    s.info.name.c_str(), s.info.provider.c_str(), s.info.period);
      out += format("    %-9s %6s  %-17s %-17s %-17s %-17s\n", "", "n", "detect", "push", "all NS", "all resolvers");
      out += stageLine("failover", s.failover);
      out += stageLine("recovery", s.recovery);
      if (s.failover.incomplete + s.recovery.incomplete > 0) {
        out += format("    not pushed before the truth moved on: %zu failovers, %zu recoveries (short faults)\n",
                      s.failover.incomplete, s.recovery.incomplete);
      }
      out += format("    availability (what the resolvers answered, as polled): mean %.4f %%, worst run %.4f %%; "
                    "provider record: mean %.4f %%\n",
                    s.availabilityMean * 100, s.availabilityMin * 100, s.recordAvailabilityMean * 100);
      out += format("    false failovers (left a member clients could reach): %d in %zu runs\n", s.falseFailovers,
                    s.runsWithFalseFailovers);
      out += format("    pushes: %.2f/h mean, %.2f/h worst run; peak %d in one window (limit %s), %zu runs over it\n",
                    s.pushesPerHourMean, s.pushesPerHourMax, s.peakPushes, s.info.limit.text.c_str(), s.runsOverLimit);
      out += format("    double pushes (two addresses pushed within one check period): %zu in %zu runs\n",
                    s.doublePushes, s.runsWithDoublePushes);
      out += "    worst runs:\n";
      for (const WorstRun& w : s.worst) {
        std::string faults;
        for (const RunResult& run : variant.runs) {
          if (run.seed == w.seed) faults = run.faults;
        }
        out += format("      seed %llu: %s [faults: %s]\n        replay: %s\n", static_cast<unsigned long long>(w.seed),
                      w.why.c_str(), faults.c_str(), replay(v, w.seed).c_str());
      }
    }
  }
  if (r.variants.size() > 1) {
    out += "\nvariants side by side (the same seeds):\n";
    out += format("  %-36s %-10s %12s %19s %19s %7s %9s %7s\n", "variant", "scheme", "availability", "failover push p50/p99",
                  "all resolvers p50/p99", "false", "pushes/h", "double");
    for (size_t v = 0; v < r.variants.size(); ++v) {
      for (const SchemeSummary& s : all[v]) {
        out += format("  %-36s %-10s %11.4f%% %19s %19s %7d %9.2f %7zu\n", r.variants[v].variant.label.c_str(),
                      s.info.name.c_str(), s.availabilityMean * 100,
                      format("%.1f/%.1f s", s.failover.push.p50, s.failover.push.p99).c_str(),
                      format("%.1f/%.1f s", s.failover.resolvers.p50, s.failover.resolvers.p99).c_str(),
                      s.falseFailovers, s.pushesPerHourMean, s.doublePushes);
      }
    }
  }
  return out;
}

}  // namespace dnsfailover::sim
