// fake-apis: a provider fake (HE dyn DNS or Cloudflare API v4) on a real
// socket. The state machines are fakes::HeDynApi and fakes::CloudflareApi;
// this file wires flags, secrets from the environment and signals.

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "engine/dns/record_set.h"
#include "fakes/cloudflare_api.h"
#include "fakes/he_dyn_api.h"
#include "fakes/net/http_server.h"
#include "fakes/zone_store.h"
#include "tools/fake-apis/options.h"
#include "tools/version.h"

int main(int argc, char** argv) {
  using namespace dnsfailover;
  const fakeapis::ParsedOptions parsed = fakeapis::parseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "fake-apis: %s\n\n%s", parsed.error.c_str(), fakeapis::usageText());
    return 2;
  }
  const fakeapis::Options& o = parsed.options;
  if (o.help) {
    std::fputs(fakeapis::usageText(), stdout);
    return 0;
  }
  if (o.version) return printVersion("fake-apis");
  auto secretFrom = [](const std::string& env) -> std::string {
    const char* value = std::getenv(env.c_str());
    if (value == nullptr || *value == '\0') {
      std::fprintf(stderr, "fake-apis: environment variable %s is not set (it holds a credential)\n", env.c_str());
      std::exit(2);
    }
    return value;
  };

  // Stop signals go to sigwait() below only: block them before any thread.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  fakes::ZoneStore store;
  const TimePoint now = fakes::net::systemUtcNow();
  for (const std::string& zone : o.zones) store.addZone(zone);
  std::unique_ptr<fakes::HttpDoor> door;
  if (o.provider == "he.net") {
    auto he = std::make_unique<fakes::HeDynApi>(store);
    for (const auto& [fqdn, env] : o.heHosts) he->enableHost(fqdn, secretFrom(env));
    door = std::move(he);
  } else {
    auto cf = std::make_unique<fakes::CloudflareApi>(store);
    for (const std::string& zone : o.zones) cf->addZone(zone, now);
    for (const std::string& env : o.cfTokenEnvs) cf->addToken(secretFrom(env));
    door = std::move(cf);
  }
  for (const auto& [fqdn, ip] : o.records) {
    // options.cpp checked that `ip` is an address.
    if (!store.set(now, fqdn, recordTypeName(addressRecordType(ip).value_or(RecordType::A)), ip, 300)) {
      std::fprintf(stderr, "fake-apis: --record %s is in none of the --zone zones\n", fqdn.c_str());
      return 2;
    }
  }

  fakes::net::HttpServerOptions serverOptions;
  serverOptions.address = o.listenAddress;
  serverOptions.port = o.listenPort;
  serverOptions.https = o.https;
  try {
    if (o.https) {
      // A throw-away CA signs a certificate for the provider's real host name
      // and the listen address, so a client connecting by name (with the
      // address pinned, as okerr's addr= does) verifies it like the real one.
      const fakes::net::PemPair ca = fakes::net::makeTestCa("fake-apis test CA");
      const std::string realHost = o.provider == "he.net" ? "dyn.dns.he.net" : "api.cloudflare.com";
      serverOptions.tlsPem = fakes::net::makeServerCert(ca, {realHost, "localhost"}, {o.listenAddress});
      fakes::net::writeTextFile(o.caOut, ca.certPem);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake-apis: %s\n", e.what());
    return 1;
  }
  fakes::net::HttpServer server(*door, serverOptions);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake-apis: %s\n", e.what());
    return 1;
  }
  std::printf("fake-apis %s listening on %s%s%s\n", o.provider.c_str(), server.baseUrl().c_str(),
              o.https ? ", certificate in " : "", o.https ? o.caOut.c_str() : "");
  std::fflush(stdout);

  int signo = 0;
  sigwait(&stopSignals, &signo);
  server.stop();
  for (const auto& [name, zone] : store.zones()) {
    for (const fakes::DnsRecord& r : zone.records) {
      std::printf("%s %s %s\n", r.name.c_str(), r.type.c_str(), r.value.c_str());
    }
  }
  return 0;
}
