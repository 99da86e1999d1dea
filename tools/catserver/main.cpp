// catserver: the okerr demo cat server on a real socket. The page logic is
// fakes::CatServer; this file wires flags, the (optionally accelerated)
// clock, the optional DNS line and signals.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fakes/cat_server.h"
#include "fakes/net/http_server.h"
#include "tools/catserver/a_record_probe.h"
#include "tools/catserver/options.h"
#include "tools/catserver/sim_clock.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

// Keeps the page's DNS line fresh from a background thread, so a request
// never waits for a slow or silent nameserver.
class DnsLine {
 public:
  DnsLine(std::string server, std::string name) : server_(std::move(server)), name_(std::move(name)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~DnsLine() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  std::string current() const {
    std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  void loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      const catserver::ProbeResult r = catserver::queryA(server_, name_, std::chrono::milliseconds{500});
      lock.lock();
      text_ = r.error.empty() ? r.answer : "(" + r.error + ")";
      wake_.wait_for(lock, std::chrono::seconds{1}, [this] { return stopping_; });
    }
  }

  std::string server_;
  std::string name_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string text_ = "(not asked yet)";
  std::thread thread_;
};

}  // namespace

int main(int argc, char** argv) {
  const catserver::ParsedOptions parsed = catserver::parseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "catserver: %s\n\n%s", parsed.error.c_str(), catserver::usageText());
    return 2;
  }
  const catserver::Options& o = parsed.options;
  if (o.help) {
    std::fputs(catserver::usageText(), stdout);
    return 0;
  }
  if (o.version) return printVersion("catserver");

  // Block the stop signals before any thread exists, so every thread
  // inherits the mask and only sigwait() below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  fakes::CatServer cat({o.role, o.host, o.ip, o.failMinute});
  const catserver::SimClock clock(catserver::startInstant(o.startTimeOfDay), o.timeScale);
  std::unique_ptr<DnsLine> dns;
  if (!o.dnsServer.empty()) {
    dns = std::make_unique<DnsLine>(o.dnsServer, o.dnsName);
    cat.setDnsAnswerSource([&dns] { return dns->current(); });
  }

  fakes::net::HttpServerOptions serverOptions;
  serverOptions.address = o.listenAddress;
  serverOptions.port = o.listenPort;
  serverOptions.https = !o.tlsCert.empty();
  serverOptions.tlsCertFile = o.tlsCert;
  serverOptions.tlsKeyFile = o.tlsKey;
  serverOptions.threads = o.threads;
  serverOptions.clock = [&clock] { return clock.now(); };
  fakes::net::HttpServer server(cat, serverOptions);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "catserver: %s\n", e.what());
    return 1;
  }

  const std::string failText = o.failMinute ? ":" + std::to_string(*o.failMinute) : "never";
  std::printf("catserver %s listening on %s (ip %s, host %s, fails at %s, time x%g from %s)\n",
              fakes::catRoleName(o.role), server.baseUrl().c_str(), o.ip.c_str(), o.host.c_str(), failText.c_str(),
              o.timeScale, formatIsoUtc(clock.now()).c_str());
  std::fflush(stdout);

  int signo = 0;
  sigwait(&stopSignals, &signo);
  std::fprintf(stderr, "catserver: %s, stopping\n", signo == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  dns.reset();
  return 0;
}
