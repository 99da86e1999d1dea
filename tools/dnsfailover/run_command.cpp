// `dnsfailover run CONFIG`: the live daemon. The same Engine as in the
// simulation, wired to real adapters: Asio timers on the system clock, the
// Beast HTTP(S) client, the UDP/TCP DNS client (propagation watching, when
// the config has a "propagation" object), secrets from the environment or
// files, and a readable trace on stderr. Runs until SIGINT or SIGTERM.

#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "engine/config/config_loader.h"
#include "engine/engine.h"
#include "engine/live/asio_scheduler.h"
#include "engine/live/dns_client.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "engine/live/secrets.h"
#include "engine/live/system_random.h"
#include "sim/trace_writers.h"
#include "tools/dnsfailover/commands.h"

namespace dnsfailover::cli {
namespace {

struct RunArgs {
  std::string config;
  std::string traceFile;
  std::string caFile;
};

constexpr const char* kRunUsage = "usage: dnsfailover run CONFIG [--trace FILE] [--ca-file PEM]\n";

std::optional<RunArgs> parse(const Args& args) {
  RunArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--trace" || a == "--ca-file") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "dnsfailover run: %s needs a value\n", a.c_str());
        return std::nullopt;
      }
      (a == "--trace" ? out.traceFile : out.caFile) = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "dnsfailover run: unknown option %s\n%s", a.c_str(), kRunUsage);
      return std::nullopt;
    } else if (out.config.empty()) {
      out.config = a;
    } else {
      std::fprintf(stderr, "dnsfailover run: more than one config given\n");
      return std::nullopt;
    }
  }
  if (out.config.empty()) {
    std::fputs(kRunUsage, stderr);
    return std::nullopt;
  }
  return out;
}

// Reads and checks the config; prints every error by path.
std::optional<EngineConfig> loadConfig(const std::string& file) {
  const std::optional<nlohmann::json> root = readJsonFileOrReport(file);
  if (!root) return std::nullopt;
  ConfigLoad load = loadEngineConfig(*root);
  if (!load.ok()) {
    for (const auto& e : load.errors) std::fprintf(stderr, "%s: %s\n", file.c_str(), e.format().c_str());
    std::fprintf(stderr, "%s: %zu error(s)\n", file.c_str(), load.errors.size());
    return std::nullopt;
  }
  return std::move(load.config);
}

// The timeline sink is not thread-safe, and need not be: every event comes
// from the engine on the loop thread.
class FlushingSink final : public TraceSink {
 public:
  explicit FlushingSink(TraceSink& inner, std::ostream& out) : inner_(inner), out_(out) {}
  void record(const TraceEvent& event) override {
    inner_.record(event);
    out_.flush();  // a daemon's log should be current, not buffered
  }

 private:
  TraceSink& inner_;
  std::ostream& out_;
};

}  // namespace

int runCommand(const Args& rawArgs) {
  const auto args = parse(rawArgs);
  if (!args) return kExitUsage;
  const auto config = loadConfig(args->config);
  if (!config) return kExitBadInput;

  live::EventLoop loop;
  live::AsioScheduler scheduler(loop);
  std::optional<live::LiveHttpClient> http;
  try {
    live::HttpClientOptions options;
    options.caFile = args->caFile;
    http.emplace(loop, options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dnsfailover run: %s\n", e.what());
    return kExitBadInput;
  }
  live::SystemRandom random;
  live::EnvFileSecrets secrets;

  TeeTraceSink sinks;
  sim::TimelineSink timeline(std::cerr);
  FlushingSink timelineFlushed(timeline, std::cerr);
  sinks.add(timelineFlushed);
  std::ofstream traceOut;
  std::optional<sim::JsonLinesSink> json;
  std::optional<FlushingSink> jsonFlushed;
  if (!args->traceFile.empty()) {
    traceOut.open(args->traceFile, std::ios::binary | std::ios::app);
    if (!traceOut) {
      std::fprintf(stderr, "dnsfailover run: cannot write trace file %s\n", args->traceFile.c_str());
      return kExitBadInput;
    }
    json.emplace(traceOut);
    jsonFlushed.emplace(*json, traceOut);
    sinks.add(*jsonFlushed);
  }

  live::AsioDnsClient dns(loop.context(), random);  // propagation, when configured
  Engine engine(*config, EnginePorts{scheduler, *http, random, sinks, secrets, &dns});
  loop.onSignals({SIGINT, SIGTERM}, [&](int signo) {
    std::fprintf(stderr, "dnsfailover run: %s, stopping\n", signo == SIGINT ? "SIGINT" : "SIGTERM");
    engine.stop();
    loop.stop();
  });
  std::fprintf(stderr, "dnsfailover run: %s: %zu indicators, %zu schemes; Ctrl-C stops\n", args->config.c_str(),
               config->indicators.size(), config->schemes.size());
  engine.start();
  loop.run();
  return kExitOk;
}

}  // namespace dnsfailover::cli
