#include "sim/world.h"

#include <algorithm>
#include <map>

#include "sim/coordination_world.h"

namespace dnsfailover::sim {
namespace {

// The fault dice of the index-th provider fake: drawn from the run's seed, so
// provider errors vary across seeds and a seed replays them exactly.
constexpr uint64_t kProviderDiceStreams = 0xFA17'0000;
uint64_t providerDiceSeed(uint64_t runSeed, size_t index) {
  return SeededRandom(runSeed, kProviderDiceStreams + index).next();
}

}  // namespace

SecretLookup ScenarioSecrets::resolve(const CredentialRef& ref) {
  auto it = values_.find(ref.name);
  if (it == values_.end()) return {std::nullopt, "no secret named \"" + ref.name + "\" in the scenario"};
  return {it->second, {}};
}

World::World(const Scenario& scenario, uint64_t seed)
    : scenario_(scenario),
      kernel_(scenario.start),
      engineRandom_(seed, /*stream=*/1),
      network_(kernel_, seed),
      secrets_(scenario.secrets),
      dns_(kernel_, seed),
      processes_(kernel_) {
  network_.defaults() = scenario.network;
  for (const LinkSpec& link : scenario.links) network_.link(link.address) = link.conditions;
  for (const ZoneSpec& zone : scenario.zones) {
    zones_.addZone(zone.name);
    std::map<std::pair<std::string, std::string>, std::vector<fakes::DnsRecord>> rrsets;
    for (const RecordSpec& r : zone.records) rrsets[{r.name, r.type}].push_back({r.name, r.type, r.value, r.ttl, {}});
    for (const auto& [key, records] : rrsets) zones_.setRRset(scenario.start, key.first, key.second, records);
  }
  for (const ServerSpec& spec : scenario.servers) {
    auto server = std::make_unique<fakes::CatServer>(
        fakes::CatServerConfig{spec.role, spec.host, spec.address, spec.failMinute});
    network_.attach(spec.address, *server);
    servers_.push_back(std::move(server));
  }
  auto secretValue = [&](const std::string& name) {
    auto it = scenario.secrets.find(name);
    return it == scenario.secrets.end() ? std::string{} : it->second;
  };
  for (const ProviderSpec& spec : scenario.providers) {
    if (spec.kind == "cloudflare") {
      // Ids come from the provider's index, so they are stable for a scenario.
      auto api = std::make_unique<fakes::CloudflareApi>(zones_, cloudflareApis_.size() + 1);
      api->faults().seed = providerDiceSeed(seed, heApis_.size() + cloudflareApis_.size());
      for (const std::string& zone : spec.cfZones) api->addZone(zone, scenario.start);
      for (const CloudflareTokenSpec& token : spec.cfTokens) api->addToken(secretValue(token.secret), token.zones);
      for (const CloudflareAccountSpec& account : spec.cfAccounts) {
        api->addAccount(account.email, secretValue(account.secret));
      }
      for (const CloudflareRecordSpec& r : spec.cfRecords) {
        api->addRecord({r.record.name, r.record.type, r.record.value, r.record.ttl, {}}, r.proxied, r.comment, r.tags,
                       scenario.start);
      }
      network_.attach(spec.address, *api);
      network_.addName(spec.hostname, spec.address);
      cloudflareApis_.push_back(std::move(api));
      continue;
    }
    auto api = std::make_unique<fakes::HeDynApi>(zones_);
    api->knobs().seed = providerDiceSeed(seed, heApis_.size() + cloudflareApis_.size());
    for (const HeHostSpec& host : spec.heHosts) {
      auto secret = scenario.secrets.find(host.secret);
      // HE keeps the TTL set in its panel for the record (the zone's);
      // a dyn update changes only the address.
      int ttl = 300;
      for (const ZoneSpec& zone : scenario.zones) {
        for (const RecordSpec& r : zone.records) {
          if (r.name == host.fqdn) ttl = r.ttl;
        }
      }
      if (secret != scenario.secrets.end()) api->enableHost(host.fqdn, secret->second, ttl);
    }
    network_.attach(spec.address, *api);
    network_.addName(spec.hostname, spec.address);
    heApis_.push_back(std::move(api));
  }
  for (const WebhookSpec& spec : scenario.webhooks) {
    fakes::WebhookReceiverConfig config;
    config.path = spec.path;
    if (!spec.secret.empty()) config.secret = secretValue(spec.secret);
    auto receiver = std::make_unique<fakes::WebhookReceiver>(config);
    network_.attach(spec.address, *receiver);
    network_.addName(spec.hostname, spec.address);
    receivers_.push_back(std::move(receiver));
  }
  for (const ProgramSpec& spec : scenario.programs) processes_.install(spec.path, {spec.exitCode, spec.runTime});
  dns_.build(scenario, zones_);
  if (!scenario.etcd.members.empty()) {
    coordination_ = std::make_unique<CoordinationWorld>(kernel_, network_, scenario.etcd.members, scenario.etcd.prefix, seed);
  }
}

World::~World() = default;

fakes::WebhookReceiver* World::receiver(const std::string& name) {
  for (size_t i = 0; i < scenario_.webhooks.size(); ++i) {
    if (scenario_.webhooks[i].name == name) return receivers_[i].get();
  }
  return nullptr;
}

const fakes::WebhookReceiver* World::receiver(const std::string& name) const {
  return const_cast<World*>(this)->receiver(name);
}

std::string World::receiverAddress(const std::string& name) const {
  for (const WebhookSpec& spec : scenario_.webhooks) {
    if (spec.name == name) return spec.address;
  }
  return {};
}

const fakes::CatServer* World::server(const std::string& address) const {
  for (const auto& s : servers_) {
    if (s->config().ip == address) return s.get();
  }
  return nullptr;
}

bool World::serving(const std::string& address, TimePoint t) const {
  const fakes::CatServer* s = server(address);
  if (s == nullptr || !s->okAt(t)) return false;
  // A client sees what the network lets through: a host that refuses
  // connections, or answers slower than a browser waits (the check's 3 s),
  // is not serving. A partition cuts only the monitor off, so it does not count.
  const LinkConditions& link = network_.conditionsFor(address);
  return !link.down && link.serverDelay < std::chrono::seconds{3};
}

fakes::CatServer* World::serverByName(const std::string& name) {
  for (size_t i = 0; i < scenario_.servers.size(); ++i) {
    if (scenario_.servers[i].name == name) return servers_[i].get();
  }
  return nullptr;
}

std::string World::addressOf(const std::string& serverName) const {
  for (const ServerSpec& spec : scenario_.servers) {
    if (spec.name == serverName) return spec.address;
  }
  return {};
}

fakes::FaultKnobs& World::providerKnobs(const std::string& kind) {
  if (kind == "cloudflare" && !cloudflareApis_.empty()) return cloudflareApis_.front()->faults();
  return heApis_.front()->knobs();
}

const std::vector<TimePoint>& World::providerWrites(const std::string& kind) const {
  if (kind == "cloudflare" && !cloudflareApis_.empty()) return cloudflareApis_.front()->writesSeen();
  if (!heApis_.empty()) return heApis_.front()->writesSeen();
  static const std::vector<TimePoint> none;
  return none;
}

std::string World::providerAddress(const std::string& kind) const {
  for (const ProviderSpec& spec : scenario_.providers) {
    if (spec.kind == kind) return spec.address;
  }
  return {};
}

void World::rotateProviderSecret(const std::string& kind, const std::string& secret, const std::string& value) {
  for (size_t i = 0, he = 0, cf = 0; i < scenario_.providers.size(); ++i) {
    const ProviderSpec& spec = scenario_.providers[i];
    if (spec.kind == "cloudflare") {
      fakes::CloudflareApi& api = *cloudflareApis_[cf++];
      if (kind != spec.kind) continue;
      for (const CloudflareTokenSpec& token : spec.cfTokens) {
        if (token.secret != secret) continue;
        api.revokeToken(scenario_.secrets.at(token.secret));
        api.addToken(value, token.zones);
      }
      for (const CloudflareAccountSpec& account : spec.cfAccounts) {
        if (account.secret == secret) api.addAccount(account.email, value);
      }
    } else {
      fakes::HeDynApi& api = *heApis_[he++];
      if (kind != spec.kind) continue;
      for (const HeHostSpec& host : spec.heHosts) {
        if (host.secret == secret) api.enableHost(host.fqdn, value);
      }
    }
  }
}

std::vector<TimePoint> World::truthChanges(TimePoint from, TimePoint to) const {
  std::vector<TimePoint> out;
  for (const auto& s : servers_) {
    for (auto t = s->nextChangeAfter(from); t && *t <= to; t = s->nextChangeAfter(*t)) out.push_back(*t);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace dnsfailover::sim
