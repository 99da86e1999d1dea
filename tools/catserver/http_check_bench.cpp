// http_check_bench: how many httpgrep checks per second the live client
// runs on loopback, and what each costs in CPU. A catserver door (in this
// process, on its own thread pool) answers; the client keeps K checks in
// flight on one event-loop thread. CPU is reported for the client thread
// alone (RUSAGE_THREAD) and for the whole process (client + server).
//
//   http_check_bench [--checks N] [--in-flight K] [--tls] [--server-threads T]

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

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

}  // namespace

constexpr const char* kUsage =
    "usage: http_check_bench [--checks N] [--in-flight K] [--tls] [--server-threads T]\n"
    "       http_check_bench --help | --version\n";

int main(int argc, char** argv) {
  long checks = 20000, inFlight = 64, serverThreads = 2;
  bool tls = false;
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

  fakes::CatServer cat({fakes::CatRole::Sorry, "cat.okerr.com", "127.0.0.1", std::nullopt});
  fakes::net::HttpServerOptions serverOptions;
  serverOptions.address = "127.0.0.1";
  serverOptions.threads = static_cast<size_t>(serverThreads);
  const std::string caFile = "/tmp/http_check_bench_ca." + std::to_string(::getpid()) + ".pem";
  if (tls) {
    const auto ca = fakes::net::makeTestCa("bench CA");
    serverOptions.https = true;
    serverOptions.tlsPem = fakes::net::makeServerCert(ca, {"cat.okerr.com"});
    fakes::net::writeTextFile(caFile, ca.certPem);
  }
  fakes::net::HttpServer server(cat, serverOptions);
  server.start();

  live::EventLoop loop;
  live::HttpClientOptions clientOptions;
  clientOptions.maxInFlight = static_cast<size_t>(inFlight);
  if (tls) clientOptions.caFile = caFile;
  live::LiveHttpClient client(loop, clientOptions);

  CheckSpec spec;
  spec.url = std::string(tls ? "https" : "http") + "://cat.okerr.com:" + std::to_string(server.port()) + "/";
  spec.musthave = "status=OK";
  spec.connectTo = "127.0.0.1";
  const HttpRequest request = buildCheckRequest(spec);

  long started = 0, finished = 0, ok = 0;
  std::string firstError;
  std::function<void()> launch = [&] {
    ++started;
    client.send(request, [&](HttpResult result) {
      ++finished;
      const CheckOutcome outcome = evaluateCheck(spec, result);
      if (outcome.ok) {
        ++ok;
      } else if (firstError.empty()) {
        firstError = outcome.reason;
      }
      if (started < checks) launch();
    });
  };

  const double processCpu0 = cpuSeconds(RUSAGE_SELF);
  const double clientCpu0 = cpuSeconds(RUSAGE_THREAD);
  const auto wall0 = std::chrono::steady_clock::now();
  for (long i = 0; i < inFlight && started < checks; ++i) launch();
  loop.runUntil([&] { return finished == checks; }, std::chrono::minutes{10});
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const double clientCpu = cpuSeconds(RUSAGE_THREAD) - clientCpu0;
  const double processCpu = cpuSeconds(RUSAGE_SELF) - processCpu0;
  server.stop();
  if (tls) std::remove(caFile.c_str());

  std::printf("%s, %ld checks, %ld in flight, %ld server threads\n", tls ? "https" : "http", checks, inFlight,
              serverThreads);
  std::printf("  ok %ld, failed %ld%s%s\n", ok, finished - ok, firstError.empty() ? "" : ", first error: ",
              firstError.c_str());
  std::printf("  wall %.3f s, %.0f checks/s\n", wall, static_cast<double>(finished) / wall);
  std::printf("  client CPU %.1f us/check (%.3f s), process CPU (client + server) %.1f us/check (%.3f s)\n",
              clientCpu / static_cast<double>(finished) * 1e6, clientCpu,
              processCpu / static_cast<double>(finished) * 1e6, processCpu);
  return finished == checks && ok == checks ? 0 : 1;
}
