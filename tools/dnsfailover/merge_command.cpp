// `dnsfailover merge SHARD.json... [-o OUT.json]`: combines the JSON that
// sharded runs wrote, dispatching on the documents' "kind".
#include <cstdio>

#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {
namespace {

constexpr const char* kUsage = "usage: dnsfailover merge SHARD.json... [-o OUT.json]\n";

}  // namespace

int mergeCommand(const Args& args) {
  if (wantsHelp(args)) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  std::string output;
  std::vector<std::string> files;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "-o" || args[i] == "--output") && i + 1 < args.size()) output = args[++i];
    else files.push_back(args[i]);
  }
  if (files.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  std::vector<nlohmann::json> docs;
  std::string kind;
  for (const std::string& file : files) {
    auto doc = readJsonFileOrReport(file);
    if (!doc) return kExitBadInput;
    const std::string k = doc->is_object() && (*doc)["kind"].is_string() ? (*doc)["kind"].get<std::string>() : "";
    if (k.empty() || (!kind.empty() && k != kind)) {
      std::fprintf(stderr, "%s: kind: expected \"%s\", got \"%s\"\n", file.c_str(), kind.empty() ? "check" : kind.c_str(),
                   k.c_str());
      return kExitBadInput;
    }
    kind = k;
    docs.push_back(std::move(*doc));
  }
  if (kind == "check") return mergeCheckDocuments(docs, output);
  std::fprintf(stderr, "dnsfailover merge: no merger for kind \"%s\"\n", kind.c_str());
  return kExitBadInput;
}

}  // namespace dnsfailover::cli
