#include "sim/exploration.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/ports/trace.h"
#include "sim/swarm.h"

namespace dnsfailover::sim {

uint64_t ExploreSpec::seedsInShard() const {
  if (shardIndex >= seeds) return 0;
  return (seeds - shardIndex + shardCount - 1) / shardCount;
}

bool ExploreSpec::sameSweep(const ExploreSpec& o) const {
  return file == o.file && scenario == o.scenario && firstSeed == o.firstSeed && seeds == o.seeds &&
         shardCount == o.shardCount && swarm == o.swarm && perturb == o.perturb && until == o.until;
}

std::string replayCommand(const ExploreSpec& spec, uint64_t seed) {
  return "dnsfailover sim " + spec.file + " --seed " + std::to_string(seed) + (spec.swarm ? " --swarm" : "") +
         (spec.perturb ? " --perturb" : "") + (spec.until ? " --until " + formatDuration(*spec.until) : "");
}

SeedOutcome exploreSeed(const Scenario& scenario, const ExploreSpec& spec, uint64_t seed) {
  SeedOutcome out;
  out.seed = seed;
  RunOptions options = RunOptions::of(seed, spec.until);
  options.perturb = spec.perturb;
  NullTraceSink trace;
  const coverage::Counts before = coverage::threadCounts();
  if (spec.swarm) {
    SwarmDraw draw = drawSwarm(scenario, seed);
    out.swarmKinds = draw.kinds;
    out.swarmSummary = draw.summary;
    out.report = runScenario(draw.scenario, options, trace);
  } else {
    out.report = runScenario(scenario, options, trace);
  }
  out.marks = coverage::since(before);
  return out;
}

void ExploreResult::add(const SeedOutcome& o) {
  ++runs;
  events += o.report.events;
  ++distributions["selections"][static_cast<int64_t>(o.report.selections)];
  ++distributions["pushes"][static_cast<int64_t>(o.report.pushes)];
  if (spec.swarm) ++distributions["faults_on"][static_cast<int64_t>(o.swarmKinds.size())];
  for (const std::string& kind : o.swarmKinds) ++swarmKinds[kind];
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    if (o.marks[i] == 0) continue;
    marks[i].hits += o.marks[i];
    ++marks[i].runs;
    marks[i].firstSeed = std::min(marks[i].firstSeed.value_or(o.seed), o.seed);
  }
  // The world audit (trace against the fakes' own logs) fails a seed as an
  // expectation does.
  std::vector<ExpectationResult> judged = o.report.expectations;
  judged.insert(judged.end(), o.report.audit.begin(), o.report.audit.end());
  for (const ExpectationResult& e : judged) {
    if (e.passed) continue;
    SeedFailure failure{o.seed, e.path + " " + e.description + ": " + e.detail, o.swarmSummary};
    failures.insert(std::upper_bound(failures.begin(), failures.end(), failure,
                                     [](const SeedFailure& a, const SeedFailure& b) { return a.seed < b.seed; }),
                    std::move(failure));
    break;  // the first failed expectation of a seed is its finding
  }
}

bool ExploreResult::sameFindings(const ExploreResult& o) const {
  ExploreSpec other = o.spec;
  other.shardCount = spec.shardCount;  // one process or N shards: the same sweep
  return spec.sameSweep(other) && runs == o.runs && events == o.events && failures == o.failures &&
         distributions == o.distributions && marks == o.marks && swarmKinds == o.swarmKinds;
}

nlohmann::json toJson(const ExploreResult& r) {
  using nlohmann::json;
  json out;
  out["kind"] = "explore";
  out["version"] = 1;
  out["scenario"] = r.spec.scenario;
  out["file"] = r.spec.file;
  out["first_seed"] = r.spec.firstSeed;
  out["seeds"] = r.spec.seeds;
  out["shard_count"] = r.spec.shardCount;
  out["shards"] = r.shards;
  out["swarm"] = r.spec.swarm;
  out["perturb"] = r.spec.perturb;
  out["until"] = r.spec.until ? json(formatDuration(*r.spec.until)) : json(nullptr);
  out["runs"] = r.runs;
  out["events"] = r.events;
  out["cpu_seconds"] = r.cpuSeconds;
  out["wall_seconds"] = r.wallSeconds;
  json failures = json::array();
  for (const SeedFailure& f : r.failures) {
    json item{{"seed", f.seed}, {"expectation", f.expectation}, {"replay", replayCommand(r.spec, f.seed)}};
    if (!f.swarm.empty()) item["swarm"] = f.swarm;
    failures.push_back(std::move(item));
  }
  out["failures"] = std::move(failures);
  json distributions = json::object();
  for (const auto& [name, histogram] : r.distributions) {
    json h = json::object();
    for (const auto& [value, count] : histogram) h[std::to_string(value)] = count;
    distributions[name] = std::move(h);
  }
  out["distributions"] = std::move(distributions);
  json marks = json::object();
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    const MarkTally& m = r.marks[i];
    marks[std::string(coverage::markInfo(static_cast<coverage::Mark>(i)).name)] = {
        {"hits", m.hits}, {"runs", m.runs}, {"first_seed", m.firstSeed ? json(*m.firstSeed) : json(nullptr)}};
  }
  out["marks"] = std::move(marks);
  out["swarm_kinds"] = r.swarmKinds;
  return out;
}

namespace {

// A small path-reporting reader for the fields of a result.
class Reader {
 public:
  explicit Reader(std::vector<ConfigError>& errors) : errors_(errors) {}
  const nlohmann::json* field(const nlohmann::json& obj, const std::string& path, const std::string& key) {
    if (!obj.is_object() || !obj.contains(key)) {
      fail(join(path, key), "missing");
      return nullptr;
    }
    return &obj.at(key);
  }
  uint64_t count(const nlohmann::json& obj, const std::string& path, const std::string& key) {
    const nlohmann::json* v = field(obj, path, key);
    if (v == nullptr) return 0;
    if (!v->is_number_unsigned() && !(v->is_number_integer() && v->get<int64_t>() >= 0)) {
      fail(join(path, key), "expected a non-negative integer");
      return 0;
    }
    return v->get<uint64_t>();
  }
  std::string text(const nlohmann::json& obj, const std::string& path, const std::string& key) {
    const nlohmann::json* v = field(obj, path, key);
    if (v == nullptr) return {};
    if (!v->is_string()) {
      fail(join(path, key), "expected a string");
      return {};
    }
    return v->get<std::string>();
  }
  bool flag(const nlohmann::json& obj, const std::string& path, const std::string& key) {
    const nlohmann::json* v = field(obj, path, key);
    if (v == nullptr) return false;
    if (!v->is_boolean()) {
      fail(join(path, key), "expected true or false");
      return false;
    }
    return v->get<bool>();
  }
  double seconds(const nlohmann::json& obj, const std::string& path, const std::string& key) {
    const nlohmann::json* v = field(obj, path, key);
    if (v == nullptr) return 0;
    if (!v->is_number() || v->get<double>() < 0) {
      fail(join(path, key), "expected a non-negative number of seconds");
      return 0;
    }
    return v->get<double>();
  }
  void fail(const std::string& path, const std::string& message) { errors_.push_back({path, message}); }
  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

 private:
  std::vector<ConfigError>& errors_;
};

std::optional<int64_t> integerKey(const std::string& key) {
  try {
    size_t used = 0;
    const int64_t v = std::stoll(key, &used);
    if (used == key.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace

std::optional<ExploreResult> exploreResultFromJson(const nlohmann::json& j, std::vector<ConfigError>& errors) {
  const size_t before = errors.size();
  Reader in(errors);
  if (!j.is_object()) {
    in.fail("", "expected an object");
    return std::nullopt;
  }
  if (in.text(j, "", "kind") != "explore") {
    if (errors.size() == before) in.fail("kind", "expected \"explore\"");
    return std::nullopt;
  }
  if (in.count(j, "", "version") != 1 && errors.size() == before) in.fail("version", "expected 1");
  ExploreResult r;
  r.spec.scenario = in.text(j, "", "scenario");
  r.spec.file = in.text(j, "", "file");
  r.spec.firstSeed = in.count(j, "", "first_seed");
  r.spec.seeds = in.count(j, "", "seeds");
  r.spec.shardCount = in.count(j, "", "shard_count");
  if (r.spec.shardCount == 0 && errors.size() == before) in.fail("shard_count", "expected at least 1");
  r.spec.swarm = in.flag(j, "", "swarm");
  r.spec.perturb = in.flag(j, "", "perturb");
  if (const nlohmann::json* until = in.field(j, "", "until"); until != nullptr && !until->is_null()) {
    if (until->is_string()) r.spec.until = parseDuration(until->get<std::string>());
    if (!r.spec.until) in.fail("until", "expected null or a duration like 24h");
  }
  if (const nlohmann::json* shards = in.field(j, "", "shards")) {
    if (!shards->is_array()) in.fail("shards", "expected an array of shard indices");
    for (size_t i = 0; shards->is_array() && i < shards->size(); ++i) {
      const nlohmann::json& s = (*shards)[i];
      if (!s.is_number_unsigned() || s.get<uint64_t>() >= std::max<uint64_t>(1, r.spec.shardCount)) {
        in.fail(Reader::at("shards", i), "expected a shard index below shard_count");
      } else {
        r.shards.push_back(s.get<uint64_t>());
      }
    }
  }
  if (!r.shards.empty()) r.spec.shardIndex = r.shards.front();
  r.runs = in.count(j, "", "runs");
  r.events = in.count(j, "", "events");
  r.cpuSeconds = in.seconds(j, "", "cpu_seconds");
  r.wallSeconds = in.seconds(j, "", "wall_seconds");
  if (const nlohmann::json* failures = in.field(j, "", "failures")) {
    if (!failures->is_array()) in.fail("failures", "expected an array");
    for (size_t i = 0; failures->is_array() && i < failures->size(); ++i) {
      const std::string path = Reader::at("failures", i);
      const nlohmann::json& f = (*failures)[i];
      SeedFailure failure;
      failure.seed = in.count(f, path, "seed");
      failure.expectation = in.text(f, path, "expectation");
      if (f.is_object() && f.contains("swarm")) failure.swarm = in.text(f, path, "swarm");
      if (!r.failures.empty() && failure.seed <= r.failures.back().seed) {
        in.fail(Reader::join(path, "seed"), "expected seeds in ascending order, each once");
      }
      r.failures.push_back(std::move(failure));
    }
  }
  if (const nlohmann::json* distributions = in.field(j, "", "distributions")) {
    if (!distributions->is_object()) in.fail("distributions", "expected an object of name -> histogram");
    for (auto it = distributions->begin(); distributions->is_object() && it != distributions->end(); ++it) {
      const std::string path = Reader::join("distributions", it.key());
      if (!it.value().is_object()) {
        in.fail(path, "expected an object of value -> runs");
        continue;
      }
      auto& histogram = r.distributions[it.key()];
      for (auto bin = it.value().begin(); bin != it.value().end(); ++bin) {
        const auto value = integerKey(bin.key());
        if (!value) {
          in.fail(Reader::join(path, bin.key()), "expected an integer value as the key");
          continue;
        }
        histogram[*value] = in.count(it.value(), path, bin.key());
      }
    }
  }
  if (const nlohmann::json* marks = in.field(j, "", "marks")) {
    for (size_t i = 0; i < coverage::kMarkCount; ++i) {
      const std::string name(coverage::markInfo(static_cast<coverage::Mark>(i)).name);
      if (!marks->is_object() || !marks->contains(name)) continue;  // a mark newer than the writer: never hit
      const std::string path = Reader::join("marks", name);
      const nlohmann::json& m = marks->at(name);
      r.marks[i].hits = in.count(m, path, "hits");
      r.marks[i].runs = in.count(m, path, "runs");
      if (const nlohmann::json* first = in.field(m, path, "first_seed"); first != nullptr && !first->is_null()) {
        r.marks[i].firstSeed = in.count(m, path, "first_seed");
      }
    }
  }
  if (const nlohmann::json* kinds = in.field(j, "", "swarm_kinds")) {
    if (!kinds->is_object()) in.fail("swarm_kinds", "expected an object of fault kind -> runs");
    for (auto it = kinds->begin(); kinds->is_object() && it != kinds->end(); ++it) {
      r.swarmKinds[it.key()] = in.count(*kinds, "swarm_kinds", it.key());
    }
  }
  if (errors.size() != before) return std::nullopt;
  return r;
}

std::optional<std::string> mergeExploreResults(ExploreResult& into, const ExploreResult& shard) {
  if (!into.spec.sameSweep(shard.spec)) {
    return "not the same sweep (scenario, file, seeds, shard count, --swarm, --perturb and --until must agree)";
  }
  for (uint64_t s : shard.shards) {
    if (std::find(into.shards.begin(), into.shards.end(), s) != into.shards.end()) {
      return "shard " + std::to_string(s) + "/" + std::to_string(into.spec.shardCount) + " is already merged";
    }
  }
  ExploreResult merged = into;
  merged.shards.insert(merged.shards.end(), shard.shards.begin(), shard.shards.end());
  std::sort(merged.shards.begin(), merged.shards.end());
  merged.runs += shard.runs;
  merged.events += shard.events;
  merged.cpuSeconds += shard.cpuSeconds;
  merged.wallSeconds = std::max(merged.wallSeconds, shard.wallSeconds);
  merged.failures.insert(merged.failures.end(), shard.failures.begin(), shard.failures.end());
  std::sort(merged.failures.begin(), merged.failures.end(),
            [](const SeedFailure& a, const SeedFailure& b) { return a.seed < b.seed; });
  for (const auto& [name, histogram] : shard.distributions) {
    for (const auto& [value, count] : histogram) merged.distributions[name][value] += count;
  }
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    const MarkTally& m = shard.marks[i];
    merged.marks[i].hits += m.hits;
    merged.marks[i].runs += m.runs;
    if (m.firstSeed) merged.marks[i].firstSeed = std::min(merged.marks[i].firstSeed.value_or(*m.firstSeed), *m.firstSeed);
  }
  for (const auto& [kind, runs] : shard.swarmKinds) merged.swarmKinds[kind] += runs;
  into = std::move(merged);
  return std::nullopt;
}

}  // namespace dnsfailover::sim
