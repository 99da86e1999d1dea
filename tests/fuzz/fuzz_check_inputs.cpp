// The parsers of check, sweeps and replay on arbitrary input:
//  - setOption: "PATH=V1,V2" text -> parseSetOption, then applySet of each
//    value on a small config; a refusal names the path, an accepted path
//    can be applied again with the same result;
//  - checkDocument: bytes -> JSON -> checkFromJson; a document it accepts
//    is written back by checkJson and reads again to the same document;
//  - traceReplay: bytes as a JSON-lines trace -> parseTraceText ->
//    planReplay with the cat config; a plan's scenario always loads.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "sim/check/check_run.h"
#include "sim/check/replay.h"
#include "sim/scenario.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

using json = nlohmann::json;

const json& smallConfig() {
  static const json doc = json::parse(R"({
    "policies": {"10s-nr": {"period": "10s", "retry_schedule": "", "recovery_retry_schedule": ""}},
    "indicators": [
      {"name": "a", "policy": "10s-nr", "check": {"method": "httpgrep", "url": "https://a.example/", "musthave": "status=OK", "options": "addr=192.0.2.1"}},
      {"name": "b", "policy": "10s-nr", "check": {"method": "httpgrep", "url": "https://b.example/", "musthave": "status=OK", "options": "addr=192.0.2.2"}}],
    "schemes": [{"name": "www", "fqdn": "www.example.net", "zone": "example.net", "provider": "he.net",
                 "credentials": {"env": "K"}, "ttl": 300,
                 "members": [{"indicator": "a", "priority": 100, "address": "192.0.2.1"},
                             {"indicator": "b", "priority": 90, "address": "192.0.2.2"}]}]})");
  return doc;
}

}  // namespace

void setOption(std::span<const uint8_t> data) {
  const std::string text(data.begin(), data.end());
  std::string error;
  const auto set = sim::parseSetOption(text, error);
  if (!set) {
    if (error.rfind("--set ", 0) != 0) std::abort();
    return;
  }
  if (set->path.empty() || set->values.empty()) std::abort();
  for (const std::string& v : set->values) {
    if (v.empty()) std::abort();
    json doc = smallConfig();
    if (!sim::applySet(doc, set->path, v, error)) {
      if (error.rfind("--set " + set->path + ": ", 0) != 0) std::abort();
      continue;
    }
    json again = doc;
    if (!sim::applySet(again, set->path, v, error) || again != doc) std::abort();
    (void)loadEngineConfig(doc);  // any value: errors, never a crash
  }
}

void checkDocument(std::span<const uint8_t> data) {
  const json doc = json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return;
  std::string error;
  const auto result = sim::checkFromJson(doc, error);
  if (!result) {
    if (error.empty()) std::abort();
    return;
  }
  const json written = sim::checkJson(*result);
  const auto back = sim::checkFromJson(written, error);
  if (!back || sim::checkJson(*back) != written) std::abort();
}

void traceReplay(std::span<const uint8_t> data) {
  std::string error;
  const auto trace = sim::parseTraceText(std::string(data.begin(), data.end()), error);
  if (!trace) {
    if (error.rfind("line ", 0) != 0) std::abort();
    return;
  }
  static const EngineConfig config = loadEngineConfig(smallConfig()).config;
  const auto plan = sim::planReplay(*trace, config, smallConfig(), config, error);
  if (!plan) {
    if (error.empty()) std::abort();
    return;
  }
  if (plan->end < plan->start) std::abort();
  const sim::ScenarioLoad load = sim::loadScenarioText(plan->scenario.dump(), "fuzz-replay.json");
  if (!load.ok()) {
    std::fprintf(stderr, "the rebuilt scenario does not load: %s\n", load.errors[0].format().c_str());
    std::abort();
  }
}

}  // namespace dnsfailover::fuzz
