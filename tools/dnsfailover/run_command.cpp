// `dnsfailover run CONFIG`: the live daemon. The same Engine as in the
// simulation, wired to real adapters: Asio timers, the Beast HTTP(S)
// client, the UDP/TCP DNS client (propagation watching, when the config has
// a "propagation" object), secrets from the environment or files, the
// SQLite store, and a readable trace on stderr. Runs until SIGINT or
// SIGTERM; SIGHUP reloads the config (run_daemon.h).
//
// Start-up order, each step before anything that could be seen outside:
// the config (exit 3 on any error, by path), every credential it names
// (exit 3 naming each one that cannot be read), the store (exit 3 when it
// cannot be opened or read: the daemon never starts fresh over a store it
// could not read). Only then does it bind, log that it started (resumed
// from the store or fresh) and run.

#include <signal.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "engine/coordination/etcd_coordination.h"
#include "engine/live/asio_scheduler.h"
#include "engine/live/dns_client.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "engine/live/process_runner.h"
#include "engine/live/secrets.h"
#include "engine/live/sqlite_store.h"
#include "engine/live/tcp_client.h"
#include "engine/live/system_random.h"
#include "sim/trace_writers.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/run_daemon.h"
#include "tools/dnsfailover/run_options.h"
#include "tools/dnsfailover/run_status.h"

namespace dnsfailover::cli {
namespace {

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

// "resumed from FILE: 3 indicators, 1 scheme, last step 2026-...Z" or
// "FILE holds no state: starting fresh".
std::string describeStart(const std::string& storePath, Store& store, const std::optional<EngineState>& state) {
  if (!state) return storePath + " holds no state: starting fresh";
  std::string text = "resumed from " + storePath + ": " + std::to_string(state->indicators.size()) +
                     " indicators, " + std::to_string(state->schemes.size()) + " schemes";
  HistoryQuery newest;
  newest.limit = 1;
  const std::vector<HistoryRow> last = store.history(newest);
  if (!last.empty()) text += ", last step " + formatIsoUtc(last.back().event.t);
  return text;
}

}  // namespace

int runCommand(const Args& rawArgs) {
  const auto args = parseRunOptions(rawArgs);
  if (!args) return kExitUsage;
  if (args->help) {
    std::fputs(runUsage(), stdout);
    return kExitOk;
  }
  std::vector<std::string> errors;
  std::optional<EngineConfig> config = readRunConfig(args->config, errors);
  if (!config) {
    for (const std::string& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    std::fprintf(stderr, "%s: %zu error(s); not started\n", args->config.c_str(), errors.size());
    return kExitBadInput;
  }

  if (config->sites.enabled) {
    if (args->site.empty() || !config->sites.hasSite(args->site)) {
      std::string names;
      for (const std::string& n : config->sites.names) names += (names.empty() ? "" : ", ") + n;
      std::fprintf(stderr, "dnsfailover run: %s: the config has sites (%s); expected --site NAME naming one of them%s\n",
                   args->config.c_str(), names.c_str(),
                   args->site.empty() ? "" : (", got \"" + args->site + "\"").c_str());
      return kExitUsage;
    }
    config->site = args->site;
  } else if (!args->site.empty()) {
    std::fprintf(stderr, "dnsfailover run: --site %s: the config has no \"sites\"\n", args->site.c_str());
    return kExitUsage;
  }

  const std::string storePath =
      !args->storePath.empty() ? args->storePath : !config->store.path.empty() ? config->store.path : kDefaultStorePath;
  std::optional<live::SqliteStore> store;
  std::optional<EngineState> resumed;
  std::string startLine;
  try {
    live::SqliteStoreOptions options;
    options.retention = HistoryRetention{config->store.historyRetention, config->store.historyMaxEvents};
    store.emplace(storePath, options);
    resumed = store->load();
    startLine = describeStart(storePath, *store, resumed);
  } catch (const StoreError& e) {
    std::fprintf(stderr, "dnsfailover run: %s\n", e.what());
    return kExitBadInput;
  }

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
  live::AsioTcpClient tcp(loop.context());  // tcp checks
  EnginePorts ports{scheduler, *http, random, sinks, secrets, &dns};
  ports.tcp = &tcp;
  live::ForkExecRunner processes(loop.context());  // notification command hooks
  ports.process = &processes;
  ports.store = &*store;
  ports.dryRun = args->dryRun;
  ports.onStoreError = [](const std::string& message) {
    // The engine keeps the step and retries with the next one.
    std::fprintf(stderr, "dnsfailover run: %s; the history catches up once a commit succeeds\n", message.c_str());
  };
  // With sites: the etcd session over the same live HTTP client. It
  // outlives reloads (the next engine takes it over) and resigns on stop.
  std::optional<EtcdCoordination> coordination;
  if (config->sites.enabled) {
    coordination.emplace(*http, scheduler, config->sites.coordination, config->site);
    ports.coordination = &*coordination;
    std::fprintf(stderr, "dnsfailover run: site %s of %zu, coordination through %zu etcd member(s) under %s\n",
                 config->site.c_str(), config->sites.names.size(), config->sites.coordination.endpoints.size(),
                 config->sites.coordination.prefix.c_str());
  }
  Daemon daemon(args->config, std::move(*config), ports);
  std::optional<StatusFace> face;
  if (daemon.config().status.enabled) {
    try {
      face.emplace(daemon.config(), loop, daemon.engine(), scheduler, &*store, secrets);
    } catch (const std::exception& e) {  // names the token file or the address
      std::fprintf(stderr, "dnsfailover run: %s\n", e.what());
      return kExitBadInput;
    }
    daemon.setReloadListener([&](Engine& engine, const ReloadOutcome& outcome) { face->reloaded(engine, outcome); });
    std::fprintf(stderr, "dnsfailover run: status page %s\n", face->url().c_str());
  }
  loop.onSignals({SIGINT, SIGTERM}, [&](int signo) {
    std::fprintf(stderr, "dnsfailover run: %s, stopping\n", signo == SIGINT ? "SIGINT" : "SIGTERM");
    if (face) face->stop();
    daemon.stop();
    if (coordination) coordination->stop();  // resign: another site leads at once
    loop.stop();
  });
  loop.onSignals({SIGHUP}, [&](int) { daemon.requestReload(); });
  std::fprintf(stderr, "dnsfailover run: %s: %zu indicators, %zu schemes; %s; Ctrl-C stops, SIGHUP reloads%s\n",
               args->config.c_str(), daemon.config().indicators.size(), daemon.config().schemes.size(),
               startLine.c_str(), args->dryRun ? "; DRY RUN: no push is sent" : "");
  try {
    daemon.start();
    loop.run();
  } catch (const StoreError& e) {
    // A step that cannot be committed is not taken; stopping is the honest
    // answer, and a restart resumes from the last step that was.
    std::fprintf(stderr, "dnsfailover run: %s; stopping\n", e.what());
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace dnsfailover::cli
