// The "check" merger of `dnsfailover merge`: shards of one
// `dnsfailover check --shard K/N --json` combined into the document a
// single process would have written (sim/check/check_run.h).
#include <cstdio>
#include <fstream>

#include "sim/check/check_run.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {

int mergeCheckDocuments(const std::vector<nlohmann::json>& shards, const std::string& output) {
  std::string error;
  const std::optional<nlohmann::json> merged = sim::mergeCheckJson(shards, error);
  if (!merged) {
    std::fprintf(stderr, "dnsfailover merge: %s\n", error.c_str());
    return kExitBadInput;
  }
  std::string noError;
  const auto result = sim::checkFromJson(*merged, noError);
  if (output.empty() || output == "-") {
    std::fputs((merged->dump(1) + "\n").c_str(), stdout);
  } else {
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << merged->dump(1) << '\n';
    out.close();
    if (!out) {
      std::fprintf(stderr, "dnsfailover merge: cannot write %s\n", output.c_str());
      return kExitBadInput;
    }
    // The summary for people, without replay files (the shards wrote them).
    std::fputs(sim::checkText(*result, [&](size_t, uint64_t seed) {
                 return "dnsfailover check " + result->config + " --seed " + std::to_string(seed) + " --runs 1";
               }).c_str(),
               stdout);
  }
  return kExitOk;
}

}  // namespace dnsfailover::cli
