// checkJson / checkFromJson / mergeCheckJson: the machine form of a check
// (sim/check/check_run.h). Wall-clock time is left out so the document is a
// function of the config, the options and the seeds.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <set>

#include "sim/check/check_run.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

double secs(Duration d) { return static_cast<double>(d.count()) / 1000.0; }
// Seconds as written by checkJson; anything beyond a few thousand years is not.
Duration fromSecs(double s) {
  if (!(s >= -1e11 && s <= 1e11)) throw std::out_of_range("a time out of range");
  return Duration{static_cast<int64_t>(std::llround(s * 1000.0))};
}

json optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
std::optional<double> optionalOf(const json& v) {
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

json distribution(const Distribution& d) { return {{"count", d.count}, {"p50_s", d.p50}, {"p99_s", d.p99}, {"max_s", d.max}}; }

json stage(const StageStats& s) {
  return {{"transitions", s.transitions}, {"incomplete", s.incomplete}, {"detect", distribution(s.detect)},
          {"push", distribution(s.push)},   {"all_ns", distribution(s.ns)}, {"all_resolvers", distribution(s.resolvers)}};
}

json summaryJson(const SchemeSummary& s) {
  json worst = json::array();
  for (const WorstRun& w : s.worst) worst.push_back({{"seed", w.seed}, {"why", w.why}});
  return {{"scheme", s.info.name},
          {"failover", stage(s.failover)},
          {"recovery", stage(s.recovery)},
          {"availability", {{"mean", s.availabilityMean}, {"min", s.availabilityMin}, {"record_mean", s.recordAvailabilityMean}}},
          {"false_failovers", {{"total", s.falseFailovers}, {"runs", s.runsWithFalseFailovers}}},
          {"pushes",
           {{"per_hour_mean", s.pushesPerHourMean},
            {"per_hour_max", s.pushesPerHourMax},
            {"peak_in_window", s.peakPushes},
            {"limit", s.info.limit.text},
            {"runs_over_limit", s.runsOverLimit}}},
          {"double_pushes", {{"total", s.doublePushes}, {"runs", s.runsWithDoublePushes}}},
          {"worst_runs", worst}};
}

template <class T>
bool need(const json& v, const char* key, T& out, const std::string& path, std::string& error) {
  if (!v.is_object() || !v.contains(key)) {
    error = path + "." + key + ": missing";
    return false;
  }
  try {
    out = v[key].get<T>();
  } catch (const json::exception&) {
    error = path + "." + key + ": wrong type";
    return false;
  }
  return true;
}

}  // namespace

json checkJson(const CheckResult& r) {
  json variants = json::array();
  for (const VariantResult& v : r.variants) {
    json assignments = json::array();
    for (const auto& [path, value] : v.variant.assignments) assignments.push_back({path, value});
    json schemes = json::array();
    for (const SchemeInfo& s : v.schemes) {
      schemes.push_back({{"name", s.name},
                         {"provider", s.provider},
                         {"limit", {{"requests", s.limit.requests}, {"window_s", secs(s.limit.window)}, {"text", s.limit.text}}},
                         {"period_s", s.period}});
    }
    json runs = json::array();
    for (const RunResult& run : v.runs) {
      json perScheme = json::array();
      for (const SchemeRun& s : run.schemes) {
        json transitions = json::array(), doubles = json::array();
        for (const Transition& t : s.transitions) {
          transitions.push_back({{"at_s", secs(t.at)},      {"failover", t.failover},  {"from", t.from},
                                 {"to", t.to},               {"detect_s", optional(t.detect)}, {"push_s", optional(t.push)},
                                 {"ns_s", optional(t.ns)},   {"resolvers_s", optional(t.resolvers)}});
        }
        for (const DoublePush& d : s.doublePushes) {
          doubles.push_back({{"at_s", secs(d.at)}, {"first", d.first}, {"second", d.second}, {"gap_s", d.gap}});
        }
        perScheme.push_back({{"scheme", s.scheme},
                             {"availability", s.availability},
                             {"record_availability", s.recordAvailability},
                             {"false_failovers", s.falseFailovers},
                             {"pushes", s.pushes},
                             {"peak_pushes", s.peakPushes},
                             {"double_pushes", doubles},
                             {"transitions", transitions}});
      }
      runs.push_back({{"seed", run.seed}, {"faults", run.faults}, {"events", run.events}, {"schemes", perScheme}});
    }
    json summary = json::array();
    for (const SchemeSummary& s : summarize(v, r.options.world.duration)) summary.push_back(summaryJson(s));
    variants.push_back({{"label", v.variant.label}, {"assignments", assignments}, {"schemes", schemes},
                        {"summary", summary}, {"runs", runs}});
  }
  return {{"kind", "check"},
          {"version", 1},
          {"config", r.config},
          {"runs", r.options.runs},
          {"first_seed", r.options.firstSeed},
          {"shard", {{"index", r.options.shardIndex}, {"count", r.options.shardCount}}},
          {"duration_s", secs(r.options.world.duration)},
          {"cat_schedule", r.options.world.catSchedule},
          {"start", r.options.world.start},
          {"events", r.events},
          {"variants", variants}};
}

std::optional<CheckResult> checkFromJson(const json& doc, std::string& error) {
  CheckResult r;
  std::string kind;
  if (!need(doc, "kind", kind, "", error)) return std::nullopt;
  if (kind != "check") {
    error = "kind: expected \"check\", got \"" + kind + "\"";
    return std::nullopt;
  }
  double duration = 0;
  json variants;
  const json shard = doc.contains("shard") ? doc.at("shard") : json();
  if (!need(doc, "config", r.config, "", error) || !need(doc, "runs", r.options.runs, "", error) ||
      !need(doc, "first_seed", r.options.firstSeed, "", error) || !need(doc, "duration_s", duration, "", error) ||
      !need(doc, "cat_schedule", r.options.world.catSchedule, "", error) ||
      !need(doc, "start", r.options.world.start, "", error) || !need(doc, "events", r.events, "", error) ||
      !need(doc, "variants", variants, "", error) || !need(shard, "index", r.options.shardIndex, "shard", error) ||
      !need(shard, "count", r.options.shardCount, "shard", error)) {
    return std::nullopt;
  }
  if (!(duration > 0 && duration <= 1e11)) {
    error = "duration_s: expected a positive number of seconds";
    return std::nullopt;
  }
  r.options.world.duration = fromSecs(duration);
  if (r.options.shardCount == 0 || r.options.shardIndex >= r.options.shardCount || r.options.runs > 1'000'000'000) {
    error = "shard: expected 0 <= index < count, and runs at most 10^9";
    return std::nullopt;
  }
  if (!variants.is_array()) {
    error = "variants: expected an array";
    return std::nullopt;
  }
  try {
    for (size_t i = 0; i < variants.size(); ++i) {
      const json& v = variants[i];
      VariantResult vr;
      vr.variant.label = v.at("label").get<std::string>();
      for (const json& a : v.at("assignments")) vr.variant.assignments.emplace_back(a.at(0).get<std::string>(), a.at(1).get<std::string>());
      for (const json& s : v.at("schemes")) {
        SchemeInfo info;
        info.name = s.at("name").get<std::string>();
        info.provider = s.at("provider").get<std::string>();
        info.limit = {s.at("limit").at("requests").get<int>(), fromSecs(s.at("limit").at("window_s").get<double>()),
                      s.at("limit").at("text").get<std::string>()};
        info.period = s.at("period_s").get<double>();
        vr.schemes.push_back(info);
      }
      for (const json& run : v.at("runs")) {
        RunResult rr;
        rr.seed = run.at("seed").get<uint64_t>();
        rr.faults = run.at("faults").get<std::string>();
        rr.events = run.at("events").get<uint64_t>();
        for (const json& s : run.at("schemes")) {
          SchemeRun sr;
          sr.scheme = s.at("scheme").get<std::string>();
          sr.availability = s.at("availability").get<double>();
          sr.recordAvailability = s.at("record_availability").get<double>();
          sr.falseFailovers = s.at("false_failovers").get<int>();
          sr.pushes = s.at("pushes").get<int>();
          sr.peakPushes = s.at("peak_pushes").get<int>();
          for (const json& d : s.at("double_pushes")) {
            sr.doublePushes.push_back({fromSecs(d.at("at_s").get<double>()), d.at("first").get<std::string>(),
                                       d.at("second").get<std::string>(), d.at("gap_s").get<double>()});
          }
          for (const json& t : s.at("transitions")) {
            Transition tr;
            tr.at = fromSecs(t.at("at_s").get<double>());
            tr.failover = t.at("failover").get<bool>();
            tr.from = t.at("from").get<std::string>();
            tr.to = t.at("to").get<std::string>();
            tr.detect = optionalOf(t.at("detect_s"));
            tr.push = optionalOf(t.at("push_s"));
            tr.ns = optionalOf(t.at("ns_s"));
            tr.resolvers = optionalOf(t.at("resolvers_s"));
            sr.transitions.push_back(std::move(tr));
          }
          rr.schemes.push_back(std::move(sr));
        }
        vr.runs.push_back(std::move(rr));
      }
      r.variants.push_back(std::move(vr));
    }
  } catch (const std::exception& e) {  // json's type and range errors, and fromSecs's
    error = std::string("variants: not the form `dnsfailover check --json` writes: ") + e.what();
    return std::nullopt;
  }
  return r;
}

std::optional<json> mergeCheckJson(const std::vector<json>& shards, std::string& error) {
  if (shards.empty()) {
    error = "nothing to merge";
    return std::nullopt;
  }
  std::vector<CheckResult> parts;
  for (size_t i = 0; i < shards.size(); ++i) {
    auto r = checkFromJson(shards[i], error);
    if (!r) {
      error = "shard " + std::to_string(i + 1) + ": " + error;
      return std::nullopt;
    }
    parts.push_back(std::move(*r));
  }
  CheckResult merged = parts[0];
  std::set<uint64_t> shardIndices{merged.options.shardIndex};
  for (size_t i = 1; i < parts.size(); ++i) {
    const CheckResult& p = parts[i];
    const bool same = p.config == merged.config && p.options.runs == merged.options.runs &&
                      p.options.firstSeed == merged.options.firstSeed &&
                      p.options.shardCount == merged.options.shardCount &&
                      p.options.world.duration == merged.options.world.duration &&
                      p.options.world.catSchedule == merged.options.world.catSchedule &&
                      p.variants.size() == merged.variants.size();
    if (!same) {
      error = "shard " + std::to_string(i + 1) + ": not a shard of the same check (config, runs, first_seed, shard count, duration and variants must match)";
      return std::nullopt;
    }
    if (!shardIndices.insert(p.options.shardIndex).second) {
      error = "shard " + std::to_string(i + 1) + ": shard " + std::to_string(p.options.shardIndex) + " given twice";
      return std::nullopt;
    }
    merged.events += p.events;
    for (size_t v = 0; v < p.variants.size(); ++v) {
      if (p.variants[v].variant.label != merged.variants[v].variant.label) {
        error = "shard " + std::to_string(i + 1) + ": variants[" + std::to_string(v) + "] is \"" +
                p.variants[v].variant.label + "\", expected \"" + merged.variants[v].variant.label + "\"";
        return std::nullopt;
      }
      auto& runs = merged.variants[v].runs;
      runs.insert(runs.end(), p.variants[v].runs.begin(), p.variants[v].runs.end());
    }
  }
  for (VariantResult& v : merged.variants) {
    std::sort(v.runs.begin(), v.runs.end(), [](const RunResult& a, const RunResult& b) { return a.seed < b.seed; });
  }
  if (shardIndices.size() == merged.options.shardCount) {
    merged.options.shardIndex = 0;
    merged.options.shardCount = 1;
  }
  return checkJson(merged);
}

}  // namespace dnsfailover::sim
