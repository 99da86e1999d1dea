#pragma once
// A small simulated DNS world for propagation tests: a kernel, a zone store
// with the cat zones, a primary and lagging secondaries, resolvers, the
// simulated DNS network and a PropagationWatcher for one scheme.

#include <memory>
#include <string>
#include <vector>

#include "engine/propagation/propagation.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/resolver.h"
#include "sim/dns_network.h"
#include "sim/kernel.h"
#include "sim/seeded_random.h"
#include "tests/dns/dns_test_support.h"
#include "tests/support/recording_sink.h"

namespace dnsfailover::testing {

struct SimDnsWorld {
  struct Lag {
    Duration min, max;
  };
  struct ResolverKnobs {
    Duration minTtl{};
    bool serveStale = false;
  };

  SimDnsWorld(std::vector<Lag> secondaryLags, std::vector<ResolverKnobs> resolverKnobs, int ttl, uint64_t seed = 1)
      : kernel(t0()), network(kernel, seed) {
    network.defaults().latency = std::chrono::milliseconds{15};
    network.defaults().jitter = std::chrono::milliseconds{10};
    store.addZone("he.okerr.com");
    store.addZone("he.net");
    store.set(t0(), "cat.he.okerr.com", "A", "116.202.27.149", ttl);
    fakes::AuthIdentity identity;
    for (size_t i = 0; i <= secondaryLags.size(); ++i) {
      const std::string name = "ns" + std::to_string(i + 1) + ".he.net";
      identity.nsNames.push_back(name);
      store.set(t0(), name, "A", "203.0.113." + std::to_string(i + 1), 172800);
    }
    std::vector<std::pair<std::string, fakes::DnsDoor*>> doors;
    for (size_t i = 0; i <= secondaryLags.size(); ++i) {
      const bool primary = i == 0;
      const Lag lag = primary ? Lag{} : secondaryLags[i - 1];
      randoms.push_back(std::make_unique<sim::SeededRandom>(seed, 100 + i));
      const std::string address = "203.0.113." + std::to_string(i + 1);
      nameservers.push_back(std::make_unique<fakes::AuthServer>(
          fakes::AuthServerConfig{identity.nsNames[i], address, primary, lag.min, lag.max, identity}, store,
          *randoms.back(), t0()));
      network.attach(address, *nameservers.back());
      doors.emplace_back(address, nameservers.back().get());
    }
    for (size_t i = 0; i < resolverKnobs.size(); ++i) {
      randoms.push_back(std::make_unique<sim::SeededRandom>(seed, 200 + i));
      const std::string address = "198.51.100." + std::to_string(i + 1);
      resolvers.push_back(std::make_unique<fakes::Resolver>(
          fakes::ResolverConfig{"resolver" + std::to_string(i + 1), address, resolverKnobs[i].minTtl,
                                resolverKnobs[i].serveStale},
          *randoms.back()));
      for (const auto& [name, zone] : store.zones()) resolvers.back()->delegate(name, doors);
      network.attach(address, *resolvers.back());
      config.resolvers.push_back({"resolver" + std::to_string(i + 1), address, 53});
    }
    config.enabled = true;
    scheme.name = "cat";
    scheme.fqdn = "cat.he.okerr.com";
    scheme.zone = "he.okerr.com";
    scheme.ttl = ttl;
    scheme.members = {{"charlie:cat", 100, "116.202.27.149"}};
  }

  // What a provider push does: the record changes, and the syncer reports it.
  void push(const std::string& address, int ttl) {
    store.set(kernel.now(), "cat.he.okerr.com", "A", address, ttl);
    watcher->onPushed(RecordSet{RecordType::A, {address}});
  }

  void startWatcher() {
    watcher = std::make_unique<PropagationWatcher>(scheme, config, network, kernel, trace);
    watcher->start();
  }

  sim::Kernel kernel;
  sim::DnsNetwork network;
  fakes::ZoneStore store;
  std::vector<std::unique_ptr<sim::SeededRandom>> randoms;
  std::vector<std::unique_ptr<fakes::AuthServer>> nameservers;
  std::vector<std::unique_ptr<fakes::Resolver>> resolvers;
  PropagationConfig config;
  SchemeConfig scheme;
  RecordingSink trace;
  std::unique_ptr<PropagationWatcher> watcher;
};

}  // namespace dnsfailover::testing
