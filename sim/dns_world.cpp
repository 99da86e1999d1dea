#include "sim/dns_world.h"

#include "engine/core/base64.h"

namespace dnsfailover::sim {
namespace {

// Random streams of the DNS fakes, clear of the engine's and networks'.
constexpr uint64_t kNameserverStreams = 100;
constexpr uint64_t kResolverStreams = 200;

}  // namespace

DnsWorld::DnsWorld(Kernel& kernel, uint64_t seed) : kernel_(kernel), seed_(seed), network_(kernel, seed) {}

void DnsWorld::build(const Scenario& scenario, fakes::ZoneStore& zones) {
  network_.defaults() = scenario.network;
  fakes::AuthIdentity identity;
  // The primary is the SOA's MNAME, so it comes first in the apex NS set.
  for (const NameserverSpec& ns : scenario.nameservers) {
    if (ns.primary) identity.nsNames.insert(identity.nsNames.begin(), ns.name);
    else identity.nsNames.push_back(ns.name);
  }
  std::vector<std::pair<std::string, fakes::DnsDoor*>> doors;
  for (size_t i = 0; i < scenario.nameservers.size(); ++i) {
    const NameserverSpec& spec = scenario.nameservers[i];
    randoms_.push_back(std::make_unique<SeededRandom>(seed_, kNameserverStreams + i));
    auto server = std::make_unique<fakes::AuthServer>(
        fakes::AuthServerConfig{spec.name, spec.address, spec.primary, spec.lagMin, spec.lagMax, identity}, zones,
        *randoms_.back(), kernel_.now());
    std::vector<dns::TsigKey> keys;
    for (const TsigKeySpec& key : spec.tsigKeys) {
      auto secret = scenario.secrets.find(key.secret);
      if (secret == scenario.secrets.end()) continue;  // the loader reported it
      keys.push_back({key.name, dns::parseTsigAlgorithm(key.algorithm).value_or(dns::TsigAlgorithm::HmacSha256),
                      base64Decode(secret->second).value_or(std::vector<uint8_t>{})});
    }
    server->acceptUpdatesFrom(std::move(keys));
    server->setStale(spec.stale, kernel_.now());
    server->setDown(spec.down);
    server->setServfail(spec.servfail);
    network_.attach(spec.address, *server);
    doors.emplace_back(spec.address, server.get());
    nameservers_.push_back(std::move(server));
  }
  for (size_t i = 0; i < scenario.resolvers.size(); ++i) {
    const ResolverSpec& spec = scenario.resolvers[i];
    randoms_.push_back(std::make_unique<SeededRandom>(seed_, kResolverStreams + i));
    auto resolver = std::make_unique<fakes::Resolver>(
        fakes::ResolverConfig{spec.name, spec.address, spec.minTtl, spec.serveStale}, *randoms_.back());
    for (const auto& [name, zone] : zones.zones()) resolver->delegate(name, doors);
    network_.attach(spec.address, *resolver);
    resolvers_.push_back(std::move(resolver));
  }
}

fakes::AuthServer* DnsWorld::nameserver(const std::string& name) {
  for (auto& ns : nameservers_) {
    if (ns->config().name == name) return ns.get();
  }
  return nullptr;
}

fakes::Resolver* DnsWorld::resolver(const std::string& nameOrAddress) {
  for (auto& r : resolvers_) {
    if (r->config().name == nameOrAddress || r->config().address == nameOrAddress) return r.get();
  }
  return nullptr;
}

}  // namespace dnsfailover::sim
