// fake-dns: serves a JSON zone file over UDP and TCP like an authoritative
// nameserver, optionally with lagging secondaries and resolvers in the same
// process (one event loop, one ZoneStore).
//
//   fake-dns --zone-file zone.json --listen 127.0.0.1:5300
//            [--secondary 127.0.0.2:5300 --lag 3s | --lag 2s-20s]...
//            [--resolver 127.0.0.3:5300 [--min-ttl 60s] [--serve-stale]]...
//            [--servfail] [--seed N] [--tsig-key NAME:ALGORITHM:ENV]...
//
// With --tsig-key the primary takes RFC 2136 UPDATEs signed by that key
// (its base64 secret in environment variable ENV, never on the command
// line), checked on the wall clock; secondaries pick the change up after
// their lag.
//
// Port 0 picks a free port. One line per server on stdout says where it
// listens. SIGHUP re-reads the zone file (changes bump the SOA serial and
// reach each secondary after its lag); SIGINT/SIGTERM stop.

#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include <boost/asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/base64.h"
#include "engine/dns/hmac.h"
#include "engine/ports/random.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/net/dns_server.h"
#include "fakes/dns/resolver.h"
#include "fakes/dns/zone_file.h"
#include "sim/seeded_random.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

struct Listen {
  enum class Role { Primary, Secondary, Resolver };
  Role role = Role::Primary;
  std::string address;
  uint16_t port = 53;
  Duration lagMin{}, lagMax{};
  Duration minTtl{};
  bool serveStale = false;
};

struct Options {
  std::string zoneFile;
  std::vector<Listen> listens;
  bool servfail = false;
  uint64_t seed = 1;
  std::vector<dns::TsigKey> tsigKeys;
};

// "dnsf:hmac-sha256:DNSF_SECRET" -> the key, its secret read from the
// environment; "" or why not.
std::string parseTsigKey(const std::string& text, dns::TsigKey& key) {
  const size_t first = text.find(':');
  const size_t second = first == std::string::npos ? first : text.find(':', first + 1);
  if (second == std::string::npos) return "expected NAME:ALGORITHM:ENV";
  key.name = dns::normalizeName(text.substr(0, first));
  auto algorithm = dns::parseTsigAlgorithm(text.substr(first + 1, second - first - 1));
  if (!algorithm) return "unknown algorithm (expected hmac-sha256, hmac-sha512 or hmac-sha1)";
  key.algorithm = *algorithm;
  const std::string env = text.substr(second + 1);
  const char* value = std::getenv(env.c_str());
  if (value == nullptr) return "environment variable " + env + " is not set";
  auto secret = base64Decode(value);
  if (!secret || secret->empty()) return "environment variable " + env + " does not hold a base64 secret";
  key.secret = std::move(*secret);
  return "";
}

TimePoint wallNow() { return std::chrono::floor<Duration>(std::chrono::system_clock::now()); }

bool parseEndpoint(const std::string& text, Listen& out) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  out.address = text.substr(0, colon);
  if (out.address.size() > 2 && out.address.front() == '[' && out.address.back() == ']') {
    out.address = out.address.substr(1, out.address.size() - 2);
  }
  try {
    size_t used = 0;
    const unsigned long port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port > 65535) return false;
    out.port = static_cast<uint16_t>(port);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

constexpr const char* kUsage =
    "usage: fake-dns --zone-file F --listen ADDR:PORT [--secondary ADDR:PORT --lag 3s|2s-20s]... "
    "[--resolver ADDR:PORT [--min-ttl D] [--serve-stale]]... [--servfail] [--seed N] [--tsig-key NAME:ALG:ENV]...\n"
    "       fake-dns --help | --version\n";

int usage(const char* why) {
  std::fprintf(stderr, "fake-dns: %s\n%s", why, kUsage);
  return 2;
}

std::optional<Options> parse(int argc, char** argv, int& status) {
  Options o;
  status = 2;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    auto last = [&](Listen::Role role) -> Listen* {
      return !o.listens.empty() && o.listens.back().role == role ? &o.listens.back() : nullptr;
    };
    std::optional<std::string> v;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      status = 0;
      return std::nullopt;
    }
    if (a == "--version") {
      status = printVersion("fake-dns");
      return std::nullopt;
    }
    if (a == "--servfail") { o.servfail = true; continue; }
    if (a == "--serve-stale") {
      if (Listen* r = last(Listen::Role::Resolver)) { r->serveStale = true; continue; }
      usage("--serve-stale follows a --resolver");
      return std::nullopt;
    }
    if (!(v = value())) {
      usage((a + " needs a value").c_str());
      return std::nullopt;
    }
    if (a == "--zone-file") {
      o.zoneFile = *v;
    } else if (a == "--listen" || a == "--secondary" || a == "--resolver") {
      Listen l;
      l.role = a == "--listen" ? Listen::Role::Primary : a == "--secondary" ? Listen::Role::Secondary : Listen::Role::Resolver;
      if (!parseEndpoint(*v, l)) {
        usage(("expected ADDR:PORT after " + a + ", got \"" + *v + "\"").c_str());
        return std::nullopt;
      }
      o.listens.push_back(l);
    } else if (a == "--lag") {
      Listen* s = last(Listen::Role::Secondary);
      const size_t dash = v->find('-');
      auto lo = parseDuration(v->substr(0, dash));
      auto hi = dash == std::string::npos ? lo : parseDuration(v->substr(dash + 1));
      if (s == nullptr || !lo || !hi || *lo > *hi) {
        usage("--lag follows a --secondary and reads like 3s or 2s-20s");
        return std::nullopt;
      }
      s->lagMin = *lo;
      s->lagMax = *hi;
    } else if (a == "--min-ttl") {
      Listen* r = last(Listen::Role::Resolver);
      auto d = parseDuration(*v);
      if (r == nullptr || !d) {
        usage("--min-ttl follows a --resolver and reads like 60s");
        return std::nullopt;
      }
      r->minTtl = *d;
    } else if (a == "--tsig-key") {
      dns::TsigKey key;
      if (std::string why = parseTsigKey(*v, key); !why.empty()) {
        usage(("--tsig-key: " + why).c_str());
        return std::nullopt;
      }
      o.tsigKeys.push_back(std::move(key));
    } else if (a == "--seed") {
      try {
        o.seed = std::stoull(*v);
      } catch (const std::exception&) {
        usage("--seed expects a number");
        return std::nullopt;
      }
    } else {
      usage(("unknown option " + a).c_str());
      return std::nullopt;
    }
  }
  if (o.zoneFile.empty()) {
    usage("--zone-file is required");
    return std::nullopt;
  }
  if (std::none_of(o.listens.begin(), o.listens.end(), [](const Listen& l) { return l.role == Listen::Role::Primary; })) {
    usage("--listen ADDR:PORT (the primary) is required");
    return std::nullopt;
  }
  status = 0;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  const auto options = parse(argc, argv, status);
  if (!options) return status;
  const auto load = fakes::loadZoneFile(options->zoneFile);
  if (!load.ok()) {
    for (const auto& e : load.errors) std::fprintf(stderr, "%s: %s\n", options->zoneFile.c_str(), e.format().c_str());
    return 1;
  }
  fakes::ZoneStore store;
  fakes::applyZoneFile(store, load.file, wallNow());

  fakes::AuthIdentity identity;
  identity.nsNames = load.file.nameservers;
  sim::SeededRandom random(options->seed, /*stream=*/0);  // a fixed seed makes lags repeatable
  boost::asio::io_context io;
  std::vector<std::unique_ptr<fakes::AuthServer>> auth;
  std::vector<std::unique_ptr<fakes::Resolver>> resolvers;
  std::vector<std::unique_ptr<fakes::DnsNetServer>> doors;
  std::vector<std::pair<std::string, fakes::DnsDoor*>> authDoors;
  try {
    int index = 0;
    for (const Listen& l : options->listens) {
      if (l.role == Listen::Role::Resolver) continue;
      const bool primary = l.role == Listen::Role::Primary;
      auto server = std::make_unique<fakes::AuthServer>(
          fakes::AuthServerConfig{"ns" + std::to_string(++index), l.address, primary, l.lagMin, l.lagMax, identity},
          store, random, wallNow());
      if (primary) server->acceptUpdatesFrom(options->tsigKeys);
      server->setServfail(options->servfail);
      doors.push_back(std::make_unique<fakes::DnsNetServer>(io, *server, l.address, l.port, wallNow));
      authDoors.emplace_back(l.address, server.get());
      std::printf("fake-dns: %s on %s:%u (udp+tcp), lag %s..%s\n", primary ? "primary" : "secondary",
                  l.address.c_str(), doors.back()->port(), formatDuration(l.lagMin).c_str(),
                  formatDuration(l.lagMax).c_str());
      auth.push_back(std::move(server));
    }
    for (const Listen& l : options->listens) {
      if (l.role != Listen::Role::Resolver) continue;
      auto resolver = std::make_unique<fakes::Resolver>(
          fakes::ResolverConfig{"resolver", l.address, l.minTtl, l.serveStale}, random);
      for (const auto& [name, zone] : store.zones()) resolver->delegate(name, authDoors);
      doors.push_back(std::make_unique<fakes::DnsNetServer>(io, *resolver, l.address, l.port, wallNow));
      std::printf("fake-dns: resolver on %s:%u (udp+tcp)\n", l.address.c_str(), doors.back()->port());
      resolvers.push_back(std::move(resolver));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake-dns: %s\n", e.what());
    return 1;
  }
  std::fflush(stdout);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
  std::function<void(boost::system::error_code, int)> onSignal = [&](boost::system::error_code ec, int signo) {
    if (ec) return;
    if (signo != SIGHUP) {
      for (auto& door : doors) door->stop();
      io.stop();
      return;
    }
    const auto reload = fakes::loadZoneFile(options->zoneFile);
    if (reload.ok()) {
      fakes::applyZoneFile(store, reload.file, wallNow());
      std::printf("fake-dns: reloaded %s\n", options->zoneFile.c_str());
    } else {
      for (const auto& e : reload.errors) {
        std::fprintf(stderr, "fake-dns: reload kept the old zones: %s: %s\n", options->zoneFile.c_str(),
                     e.format().c_str());
      }
    }
    std::fflush(stdout);
    signals.async_wait(onSignal);
  };
  signals.async_wait(onSignal);
  io.run();
  return 0;
}
