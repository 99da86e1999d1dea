#pragma once
// Everything outside the engine for one scenario run: the kernel, the
// simulated network, the zone store, the cat servers and the provider
// fakes, plus the Secrets adapter that answers from the scenario.

#include <memory>
#include <optional>
#include <vector>

#include "engine/ports/secrets.h"
#include "fakes/cat_server.h"
#include "fakes/cloudflare_api.h"
#include "fakes/he_dyn_api.h"
#include "fakes/process_fake.h"
#include "fakes/webhook_receiver.h"
#include "fakes/zone_store.h"
#include "sim/dns_world.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/scenario.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {

// Secrets for simulation: both env: and file: references name an entry of
// the scenario's "secrets" object.
class ScenarioSecrets final : public Secrets {
 public:
  explicit ScenarioSecrets(const std::map<std::string, std::string>& values) : values_(values) {}
  SecretLookup resolve(const CredentialRef& ref) override;

 private:
  const std::map<std::string, std::string>& values_;
};

class CoordinationWorld;

class World {
 public:
  World(const Scenario& scenario, uint64_t seed);
  ~World();

  Kernel& kernel() { return kernel_; }
  Network& network() { return network_; }
  fakes::ZoneStore& zones() { return zones_; }
  Secrets& secrets() { return secrets_; }
  Random& engineRandom() { return engineRandom_; }
  DnsWorld& dns() { return dns_; }
  const DnsWorld& dns() const { return dns_; }
  fakes::FakeProcesses& processes() { return processes_; }
  // The webhook receiver of that name (names are validated at load).
  fakes::WebhookReceiver* receiver(const std::string& name);
  const fakes::WebhookReceiver* receiver(const std::string& name) const;
  std::string receiverAddress(const std::string& name) const;

  // Whether the server at `address` really serves status=OK at `t`.
  bool serving(const std::string& address, TimePoint t) const;
  // Every instant in (from, to] at which some server's true state changes.
  std::vector<TimePoint> truthChanges(TimePoint from, TimePoint to) const;
  const fakes::CatServer* server(const std::string& address) const;

  // For the fault timeline; names are validated when the scenario loads.
  fakes::CatServer* serverByName(const std::string& name);
  std::string addressOf(const std::string& serverName) const;
  fakes::FaultKnobs& providerKnobs(const std::string& kind);
  // Arrival times of record-changing requests at the provider fake.
  const std::vector<TimePoint>& providerWrites(const std::string& kind) const;
  std::string providerAddress(const std::string& kind) const;
  // The provider now expects `value` for the credential held in `secret`;
  // the engine keeps using the old one.
  void rotateProviderSecret(const std::string& kind, const std::string& secret, const std::string& value);
  // The Cloudflare fakes, in scenario order (for the field checks).
  const std::vector<std::unique_ptr<fakes::CloudflareApi>>& cloudflareApis() const { return cloudflareApis_; }
  // The fake etcd of a multi-site world; null when the world has none.
  CoordinationWorld* coordination() { return coordination_.get(); }
  const CoordinationWorld* coordination() const { return coordination_.get(); }

 private:
  const Scenario& scenario_;
  Kernel kernel_;
  SeededRandom engineRandom_;
  Network network_;
  fakes::ZoneStore zones_;
  ScenarioSecrets secrets_;
  DnsWorld dns_;  // nameservers, resolvers and the DNS network
  std::vector<std::unique_ptr<fakes::CatServer>> servers_;
  std::vector<std::unique_ptr<fakes::HeDynApi>> heApis_;
  std::vector<std::unique_ptr<fakes::CloudflareApi>> cloudflareApis_;
  std::vector<std::unique_ptr<fakes::WebhookReceiver>> receivers_;  // as scenario_.webhooks
  fakes::FakeProcesses processes_;
  std::unique_ptr<CoordinationWorld> coordination_;
};

}  // namespace dnsfailover::sim
