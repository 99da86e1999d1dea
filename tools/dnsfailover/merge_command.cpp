// `dnsfailover merge RESULT.json...`: combines the JSON that the shards of
// one sweep wrote, dispatching on the documents' "kind" (explore, check).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/exploration.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/explore_print.h"

namespace dnsfailover::cli {
namespace {

constexpr const char* kUsage =
    "usage: dnsfailover merge RESULT.json... [--json OUT.json | -o OUT.json]\n"
    "  combines the shard results of one sweep (`explore --shard K/N --json ...` or\n"
    "  `check --shard K/N --json ...`): failing seeds, distributions, coverage marks,\n"
    "  events and CPU time; exits 1 when an explore seed failed\n";

// One merger per result kind ("explore"; sweeps of other kinds add theirs).
struct Merger {
  // Reads every input, folds them, prints the summary, writes `out` when set.
  std::function<int(const std::vector<std::pair<std::string, nlohmann::json>>& inputs, const std::string& out)> merge;
};

int mergeExplore(const std::vector<std::pair<std::string, nlohmann::json>>& inputs, const std::string& out) {
  std::optional<sim::ExploreResult> merged;
  for (const auto& [file, json] : inputs) {
    std::vector<ConfigError> errors;
    const std::optional<sim::ExploreResult> shard = sim::exploreResultFromJson(json, errors);
    if (!shard) {
      for (const ConfigError& e : errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
      return kExitBadInput;
    }
    if (!merged) {
      merged = *shard;
      continue;
    }
    if (auto why = sim::mergeExploreResults(*merged, *shard)) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), why->c_str());
      return kExitBadInput;
    }
  }
  if (merged->shards.size() != merged->spec.shardCount) {
    std::string missing;
    for (uint64_t k = 0; k < merged->spec.shardCount; ++k) {
      if (std::find(merged->shards.begin(), merged->shards.end(), k) == merged->shards.end()) {
        missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(merged->spec.shardCount);
      }
    }
    std::fprintf(stderr, "dnsfailover merge: warning: shards missing: %s (the result covers only part of the sweep)\n",
                 missing.c_str());
  }
  printExploreResult(*merged, 0);
  if (!out.empty()) {
    std::ofstream file(out);
    file << sim::toJson(*merged).dump(2) << "\n";
    if (!file) {
      std::fprintf(stderr, "dnsfailover merge: %s: cannot write the result\n", out.c_str());
      return kExitBadInput;
    }
  }
  return merged->failures.empty() ? kExitOk : kExitExpectationFailed;
}

int mergeCheck(const std::vector<std::pair<std::string, nlohmann::json>>& inputs, const std::string& out) {
  std::vector<nlohmann::json> shards;
  for (const auto& [file, json] : inputs) shards.push_back(json);
  return mergeCheckDocuments(shards, out);
}

const std::map<std::string, Merger>& mergers() {
  static const std::map<std::string, Merger> all{{"explore", {mergeExplore}}, {"check", {mergeCheck}}};
  return all;
}

}  // namespace

int mergeCommand(const Args& args) {
  if (wantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::vector<std::string> files;
  std::string out;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--json" || args[i] == "-o") && i + 1 < args.size()) {
      out = args[++i];
    } else if (!args[i].empty() && args[i][0] != '-') {
      files.push_back(args[i]);
    } else {
      std::fprintf(stderr, "dnsfailover merge: unexpected argument \"%s\"\n", args[i].c_str());
      return kExitUsage;
    }
  }
  if (files.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::vector<std::pair<std::string, nlohmann::json>> inputs;
  std::string kind;
  for (const std::string& file : files) {
    std::optional<nlohmann::json> json = readJsonFileOrReport(file);
    if (!json) return kExitBadInput;
    const std::string k = json->is_object() && json->contains("kind") && (*json)["kind"].is_string()
                              ? (*json)["kind"].get<std::string>()
                              : std::string{};
    if (mergers().count(k) == 0) {
      std::string known;
      for (const auto& [name, merger] : mergers()) known += (known.empty() ? "\"" : ", \"") + name + "\"";
      std::fprintf(stderr, "%s: kind: expected one of %s, got \"%s\"\n", file.c_str(), known.c_str(), k.c_str());
      return kExitBadInput;
    }
    if (!kind.empty() && k != kind) {
      std::fprintf(stderr, "%s: kind: \"%s\" cannot be merged with \"%s\" results\n", file.c_str(), k.c_str(),
                   kind.c_str());
      return kExitBadInput;
    }
    kind = k;
    inputs.emplace_back(file, std::move(*json));
  }
  return mergers().at(kind).merge(inputs, out);
}

}  // namespace dnsfailover::cli
