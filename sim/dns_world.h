#pragma once
// The DNS part of a simulated world: the zone's authoritative nameservers
// (all serving every zone of the store; the primary at once, secondaries
// after their lags), the public resolvers delegating to them, and the
// simulated DNS network that carries the engine's queries to both.

#include <memory>
#include <string>
#include <vector>

#include "fakes/dns/auth_server.h"
#include "fakes/dns/resolver.h"
#include "fakes/zone_store.h"
#include "sim/dns_network.h"
#include "sim/scenario.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {

class DnsWorld {
 public:
  DnsWorld(Kernel& kernel, uint64_t seed);

  // Creates the fakes once the store holds the scenario's initial zones, so
  // that secondaries start in sync.
  void build(const Scenario& scenario, fakes::ZoneStore& zones);

  DnsNetwork& network() { return network_; }
  const std::vector<std::unique_ptr<fakes::AuthServer>>& nameservers() const { return nameservers_; }
  const std::vector<std::unique_ptr<fakes::Resolver>>& resolvers() const { return resolvers_; }
  fakes::AuthServer* nameserver(const std::string& name);
  // By name ("one.one.one.one") or address ("1.1.1.1").
  fakes::Resolver* resolver(const std::string& nameOrAddress);

 private:
  Kernel& kernel_;
  uint64_t seed_;
  DnsNetwork network_;
  std::vector<std::unique_ptr<SeededRandom>> randoms_;  // one stream per fake
  std::vector<std::unique_ptr<fakes::AuthServer>> nameservers_;
  std::vector<std::unique_ptr<fakes::Resolver>> resolvers_;
};

}  // namespace dnsfailover::sim
