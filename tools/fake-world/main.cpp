// fake-world: the provider API and the DNS that serves what it holds, in
// one process over one ZoneStore, so a push through the fake API is what
// the fake primary answers at once, each secondary after its lag, and each
// resolver once its cached answer has expired. Flags: tools/fake-world/options.h.

#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include <boost/asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/cloudflare_api.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/net/dns_server.h"
#include "fakes/dns/resolver.h"
#include "fakes/he_dyn_api.h"
#include "fakes/net/http_server.h"
#include "fakes/zone_store.h"
#include "sim/seeded_random.h"
#include "fakes/locked_doors.h"
#include "tools/fake-world/options.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

// The secret in $env; exits naming the variable (never the value) when unset.
std::string secretFrom(const std::string& env) {
  const char* value = std::getenv(env.c_str());
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr, "fake-world: environment variable %s is not set (it holds a credential)\n", env.c_str());
    std::exit(2);
  }
  return value;
}

// The zone's own NS set: ns1.ZONE ... nsN.ZONE with their A records, so a
// resolver (and the daemon's NS discovery) finds the servers by name.
void addNameserverRecords(fakes::Zone& zone, const std::vector<fakeworld::Nameserver>& servers, int ttl) {
  for (size_t i = 0; i < servers.size(); ++i) {
    const std::string name = "ns" + std::to_string(i + 1) + "." + zone.name;
    zone.records.push_back({zone.name, "NS", name, ttl, {}});
    zone.records.push_back({name, "A", servers[i].address, ttl, {}});
  }
}

}  // namespace

int main(int argc, char** argv) {
  const fakeworld::ParsedOptions parsed = fakeworld::parseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "fake-world: %s\n\n%s", parsed.error.c_str(), fakeworld::usageText());
    return 2;
  }
  const fakeworld::Options& o = parsed.options;
  if (o.help) {
    std::fputs(fakeworld::usageText(), stdout);
    return 0;
  }
  if (o.version) return printVersion("fake-world");

  std::mutex worldMutex;  // guards the store and every state machine below
  fakes::ZoneStore store;
  const TimePoint start = fakes::net::systemUtcNow();
  fakes::Zone& zone = store.addZone(o.zone);
  addNameserverRecords(zone, o.nameservers, 3600);

  std::unique_ptr<fakes::TimedDoor> api;
  if (o.provider == "he.net") {
    auto he = std::make_unique<fakes::HeDynApi>(store);
    for (const auto& [fqdn, env] : o.heHosts) he->enableHost(fqdn, secretFrom(env), o.ttl);
    api = std::move(he);
  } else {
    auto cf = std::make_unique<fakes::CloudflareApi>(store);
    cf->addZone(o.zone, start);
    for (const std::string& env : o.cfTokenEnvs) cf->addToken(secretFrom(env));
    api = std::move(cf);
  }
  for (const auto& [fqdn, ip] : o.records) {
    if (!store.set(start, fqdn, "A", ip, o.ttl)) {
      std::fprintf(stderr, "fake-world: --record %s is not inside --zone %s\n", fqdn.c_str(), o.zone.c_str());
      return 2;
    }
  }
  store.addListener([](const fakes::RecordChange& c) {
    std::printf("fake-world: provider now holds %s %s %s (serial %u)\n", c.name.c_str(), c.type.c_str(),
                c.value ? c.value->c_str() : "(deleted)", c.serial);
    std::fflush(stdout);
  });

  fakes::AuthIdentity identity;
  sim::SeededRandom random(o.seed, /*stream=*/0);  // a fixed seed makes lags repeatable
  boost::asio::io_context io;
  std::vector<std::unique_ptr<fakes::AuthServer>> auth;
  std::vector<std::unique_ptr<fakes::Resolver>> resolvers;
  std::vector<std::unique_ptr<fakes::LockedDnsDoor>> locked;
  std::vector<std::unique_ptr<fakes::DnsNetServer>> doors;
  std::vector<std::pair<std::string, fakes::DnsDoor*>> authDoors;
  fakes::LockedHttpDoor lockedApi(*api, worldMutex);
  fakes::net::HttpServerOptions httpOptions;
  httpOptions.address = o.apiAddress;
  httpOptions.port = o.apiPort;
  httpOptions.https = o.https;
  std::unique_ptr<fakes::net::HttpServer> http;
  try {
    uint16_t dnsPort = o.dnsPort;
    for (size_t i = 0; i < o.nameservers.size(); ++i) {
      const fakeworld::Nameserver& ns = o.nameservers[i];
      const std::string name = "ns" + std::to_string(i + 1) + "." + o.zone;
      auto server = std::make_unique<fakes::AuthServer>(
          fakes::AuthServerConfig{name, ns.address, i == 0, ns.lagMin, ns.lagMax, identity}, store, random, start);
      locked.push_back(std::make_unique<fakes::LockedDnsDoor>(*server, worldMutex));
      doors.push_back(std::make_unique<fakes::DnsNetServer>(io, *locked.back(), ns.address, dnsPort,
                                                            fakes::net::systemUtcNow));
      dnsPort = doors.back()->port();  // every nameserver on the same port
      std::printf("fake-world: %s %s on %s:%u (udp+tcp), lag %s..%s\n", i == 0 ? "primary" : "secondary",
                  name.c_str(), ns.address.c_str(), dnsPort, formatDuration(ns.lagMin).c_str(),
                  formatDuration(ns.lagMax).c_str());
      authDoors.emplace_back(ns.address, server.get());
      auth.push_back(std::move(server));
    }
    for (const fakeworld::ResolverListen& r : o.resolvers) {
      auto resolver = std::make_unique<fakes::Resolver>(
          fakes::ResolverConfig{"resolver-" + r.address, r.address, r.minTtl, false}, random);
      resolver->delegate(o.zone, authDoors);
      locked.push_back(std::make_unique<fakes::LockedDnsDoor>(*resolver, worldMutex));
      doors.push_back(std::make_unique<fakes::DnsNetServer>(io, *locked.back(), r.address, r.port,
                                                            fakes::net::systemUtcNow));
      std::printf("fake-world: resolver on %s:%u (udp+tcp), min ttl %s\n", r.address.c_str(), doors.back()->port(),
                  formatDuration(r.minTtl).c_str());
      resolvers.push_back(std::move(resolver));
    }
    if (o.https) {
      // A throw-away CA signs a certificate for the provider's real host
      // name and the listen address, as fake-apis does.
      const fakes::net::PemPair ca = fakes::net::makeTestCa("fake-world test CA");
      const std::string realHost = o.provider == "he.net" ? "dyn.dns.he.net" : "api.cloudflare.com";
      httpOptions.tlsPem = fakes::net::makeServerCert(ca, {realHost, "localhost"}, {o.apiAddress});
      fakes::net::writeTextFile(o.caOut, ca.certPem);
    }
    http = std::make_unique<fakes::net::HttpServer>(lockedApi, httpOptions);
    http->start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake-world: %s\n", e.what());
    return 1;
  }
  std::printf("fake-world: %s api on %s%s%s\n", o.provider.c_str(), http->baseUrl().c_str(),
              o.https ? ", certificate in " : "", o.https ? o.caOut.c_str() : "");
  std::printf("fake-world: ready\n");
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int) {
    if (ec) return;
    for (auto& door : doors) door->stop();
    io.stop();
  });
  io.run();
  http->stop();
  return 0;
}
