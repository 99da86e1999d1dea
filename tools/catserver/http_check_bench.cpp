// http_check_bench: how many httpgrep checks per second the live client
// runs on loopback, and what each costs in CPU. A catserver door (in this
// process, on its own thread pool) answers; the client keeps K checks in
// flight on one event-loop thread. CPU is reported for the client thread
// alone (RUSAGE_THREAD) and for the whole process (client + server).
// By default one run measures both connection modes, one after the other
// against the same server: "fresh" (a new connection, and with --tls a
// full verified handshake, per check: keep_alive false) and "keep-alive"
// (connections and TLS sessions reused between checks, the default).
//
//   http_check_bench [--checks N] [--in-flight K] [--tls] [--server-threads T] [--mode both|fresh|keep-alive]

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "engine/monitor/check.h"
#include "fakes/cat_server.h"
#include "fakes/net/http_server.h"
#include "fakes/net/test_cert.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

double cpuSeconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct ModeResult {
  long finished = 0, ok = 0;
  std::string firstError;
  double wall = 0, clientCpu = 0, processCpu = 0;
  live::HttpClientStats stats;
};

// Runs `checks` checks, `inFlight` at a time, on a client of its own (so
// no connection or TLS session carries over from another mode).
ModeResult runMode(bool keepAlive, long checks, long inFlight, const std::string& caFile, const CheckSpec& spec) {
  live::EventLoop loop;
  live::HttpClientOptions clientOptions;
  clientOptions.maxInFlight = static_cast<size_t>(inFlight);
  clientOptions.caFile = caFile;
  live::LiveHttpClient client(loop, clientOptions);
  HttpRequest request = buildCheckRequest(spec);
  request.keepAlive = keepAlive;

  ModeResult r;
  long started = 0;
  std::function<void()> launch = [&] {
    ++started;
    client.send(request, [&](HttpResult result) {
      ++r.finished;
      const CheckOutcome outcome = evaluateCheck(spec, result);
      if (outcome.ok) {
        ++r.ok;
      } else if (r.firstError.empty()) {
        r.firstError = outcome.reason;
      }
      if (started < checks) launch();
    });
  };
  const double processCpu0 = cpuSeconds(RUSAGE_SELF);
  const double clientCpu0 = cpuSeconds(RUSAGE_THREAD);
  const auto wall0 = std::chrono::steady_clock::now();
  for (long i = 0; i < inFlight && started < checks; ++i) launch();
  loop.runUntil([&] { return r.finished == checks; }, std::chrono::minutes{10});
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  r.clientCpu = cpuSeconds(RUSAGE_THREAD) - clientCpu0;
  r.processCpu = cpuSeconds(RUSAGE_SELF) - processCpu0;
  r.stats = client.stats();
  return r;
}

}  // namespace

constexpr const char* kUsage =
    "usage: http_check_bench [--checks N] [--in-flight K] [--tls] [--server-threads T] [--mode both|fresh|keep-alive]\n"
    "       http_check_bench --help | --version\n";

int main(int argc, char** argv) {
  long checks = 20000, inFlight = 64, serverThreads = 0;
  bool tls = false;
  std::string mode = "both";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto number = [&](long& out) {
      if (i + 1 >= argc || (out = std::strtol(argv[++i], nullptr, 10)) <= 0) {
        std::fprintf(stderr, "http_check_bench: %s expects a positive number\n", a.c_str());
        std::exit(2);
      }
    };
    if (a == "--checks") {
      number(checks);
    } else if (a == "--in-flight") {
      number(inFlight);
    } else if (a == "--server-threads") {
      number(serverThreads);
    } else if (a == "--tls") {
      tls = true;
    } else if (a == "--mode" && i + 1 < argc) {
      mode = argv[++i];
      if (mode != "both" && mode != "fresh" && mode != "keep-alive") {
        std::fprintf(stderr, "http_check_bench: --mode expects both, fresh or keep-alive, got \"%s\"\n", mode.c_str());
        return 2;
      }
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--version") {
      return dnsfailover::printVersion("http_check_bench");
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  // httplib gives each open connection a thread, so kept-alive connections
  // need one server thread each or they queue behind one another; both
  // modes get the same server.
  if (serverThreads == 0) serverThreads = inFlight;

  fakes::CatServer cat({fakes::CatRole::Sorry, "cat.okerr.com", "127.0.0.1", std::nullopt});
  fakes::net::HttpServerOptions serverOptions;
  serverOptions.address = "127.0.0.1";
  serverOptions.threads = static_cast<size_t>(serverThreads);
  serverOptions.keepAliveMaxRequests = 1000;
  const std::string caFile = "/tmp/http_check_bench_ca." + std::to_string(::getpid()) + ".pem";
  if (tls) {
    const auto ca = fakes::net::makeTestCa("bench CA");
    serverOptions.https = true;
    serverOptions.tlsPem = fakes::net::makeServerCert(ca, {"cat.okerr.com"});
    fakes::net::writeTextFile(caFile, ca.certPem);
  }
  fakes::net::HttpServer server(cat, serverOptions);
  server.start();

  CheckSpec spec;
  spec.url = std::string(tls ? "https" : "http") + "://cat.okerr.com:" + std::to_string(server.port()) + "/";
  spec.musthave = "status=OK";
  spec.connectTo = "127.0.0.1";

  std::printf("%s, %ld checks per mode, %ld in flight, %ld server threads\n", tls ? "https" : "http", checks,
              inFlight, serverThreads);
  std::vector<bool> modes;
  if (mode != "keep-alive") modes.push_back(false);
  if (mode != "fresh") modes.push_back(true);
  bool allOk = true;
  std::vector<double> rates;
  for (const bool keepAlive : modes) {
    const ModeResult r = runMode(keepAlive, checks, inFlight, tls ? caFile : std::string(), spec);
    const double n = static_cast<double>(r.finished);
    std::printf("%s:\n", keepAlive ? "keep-alive" : "fresh");
    std::printf("  ok %ld, failed %ld%s%s\n", r.ok, r.finished - r.ok, r.firstError.empty() ? "" : ", first error: ",
                r.firstError.c_str());
    std::printf("  wall %.3f s, %.0f checks/s\n", r.wall, n / r.wall);
    std::printf("  client CPU %.1f us/check (%.3f s), process CPU (client + server) %.1f us/check (%.3f s)\n",
                r.clientCpu / n * 1e6, r.clientCpu, r.processCpu / n * 1e6, r.processCpu);
    std::printf("  connections opened %llu (TLS resumed %llu), checks on a reused connection %llu, fresh retries %llu\n",
                static_cast<unsigned long long>(r.stats.connectionsOpened),
                static_cast<unsigned long long>(r.stats.tlsResumed),
                static_cast<unsigned long long>(r.stats.connectionsReused),
                static_cast<unsigned long long>(r.stats.freshRetries));
    rates.push_back(n / r.wall);
    allOk = allOk && r.finished == checks && r.ok == checks;
  }
  if (rates.size() == 2) std::printf("keep-alive / fresh: %.1fx the checks/s\n", rates[1] / rates[0]);
  std::printf("server: %llu connections seen\n", static_cast<unsigned long long>(server.connectionsSeen()));
  server.stop();
  if (tls) std::remove(caFile.c_str());
  return allOk ? 0 : 1;
}
