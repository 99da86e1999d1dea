// The status router on arbitrary requests: METHOD 0x1F TARGET 0x1F HEADERS
// 0x1F BODY (HEADERS as "Name: value" lines). Against a small engine on a
// kernel that never runs: every answer is a status 200..599 with a JSON
// body for the API and errors, an error body names its own status, and
// control is never accepted without the token.

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/engine.h"
#include "engine/status/control.h"
#include "sim/kernel.h"
#include "sim/seeded_random.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

class SilentHttp final : public HttpClient {
 public:
  void send(HttpRequest, std::function<void(HttpResult)>) override {}
};
class NoSecrets final : public Secrets {
 public:
  SecretLookup resolve(const CredentialRef&) override { return {std::nullopt, "none"}; }
};
class NoTrace final : public TraceSink {
 public:
  void record(const TraceEvent&) override {}
};

constexpr const char* kConfig = R"({
  "indicators": [
    {"name": "a", "policy": {"period": "10s"}, "check": {"method": "httpgrep", "url": "http://a.example/", "musthave": "OK"}},
    {"name": "b", "policy": {"period": "10s"}, "check": {"method": "httpstatus", "url": "http://b.example/"}}],
  "schemes": [{"name": "s", "fqdn": "s.example.com", "zone": "example.com", "provider": "he.net",
    "credentials": {"env": "FUZZ_NONE"},
    "members": [{"indicator": "a", "priority": 10, "address": "192.0.2.1"},
                {"indicator": "b", "priority": 5, "address": "192.0.2.2"}]}]
})";

struct World {
  sim::Kernel kernel{parseIsoUtc("2026-11-02T00:00:00Z").value()};
  sim::SeededRandom random{1, 1};
  SilentHttp http;
  NoSecrets secrets;
  NoTrace trace;
  EngineConfig config;
  std::unique_ptr<Engine> engine;
  status::MatchTracker tracker;
  World() {
    ConfigLoad load = loadEngineConfig(nlohmann::json::parse(kConfig));
    if (!load.ok()) std::abort();
    config = std::move(load.config);
    engine = std::make_unique<Engine>(config, EnginePorts{kernel, http, random, trace, secrets});
    engine->start();
  }
};

World& world() {
  static World w;
  return w;
}

}  // namespace

void statusRequest(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 4);
  status::Request request{f[0], f[1], {}, f[3]};
  size_t start = 0;
  const std::string& headers = f[2];
  while (start < headers.size()) {
    size_t end = headers.find('\n', start);
    if (end == std::string::npos) end = headers.size();
    const std::string line = headers.substr(start, end - start);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      request.headers.emplace_back(line.substr(0, colon), line.substr(v));
    }
    start = end + 1;
  }
  World& w = world();
  status::RouterContext context{*w.engine, nullptr, "fuzz-token", w.kernel.now(), w.tracker, {}, nullptr, {}};
  const status::Response r = status::route(request, context);
  if (r.status < 200 || r.status > 599) std::abort();
  if (r.contentType == "application/json") {
    const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded()) std::abort();
    if (r.status >= 400 && (!body.is_object() || body.value("status", 0) != r.status)) std::abort();
  }
  // Control is accepted only with the token.
  const bool control = request.target.find("/maintenance") != std::string::npos ||
                       request.target.find("/force-push") != std::string::npos;
  bool hasToken = false;
  for (const auto& [k, v] : request.headers) hasToken = hasToken || v.find("fuzz-token") != std::string::npos;
  if (control && r.status == 200 && request.method == "POST" && !hasToken) std::abort();
}

}  // namespace dnsfailover::fuzz
