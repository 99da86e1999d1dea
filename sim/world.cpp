#include "sim/world.h"

#include <algorithm>

namespace dnsfailover::sim {

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
      dns_(kernel_, seed) {
  network_.defaults() = scenario.network;
  for (const ZoneSpec& zone : scenario.zones) {
    zones_.addZone(zone.name);
    for (const RecordSpec& r : zone.records) zones_.set(scenario.start, r.name, r.type, r.value, r.ttl);
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
      for (const std::string& zone : spec.cfZones) api->addZone(zone, scenario.start);
      for (const CloudflareTokenSpec& token : spec.cfTokens) api->addToken(secretValue(token.secret), token.zones);
      for (const CloudflareAccountSpec& account : spec.cfAccounts) {
        api->addAccount(account.email, secretValue(account.secret));
      }
      network_.attach(spec.address, *api);
      network_.addName(spec.hostname, spec.address);
      cloudflareApis_.push_back(std::move(api));
      continue;
    }
    auto api = std::make_unique<fakes::HeDynApi>(zones_);
    for (const HeHostSpec& host : spec.heHosts) {
      auto secret = scenario.secrets.find(host.secret);
      if (secret != scenario.secrets.end()) api->enableHost(host.fqdn, secret->second);
    }
    network_.attach(spec.address, *api);
    network_.addName(spec.hostname, spec.address);
    heApis_.push_back(std::move(api));
  }
  dns_.build(scenario, zones_);
}

const fakes::CatServer* World::server(const std::string& address) const {
  for (const auto& s : servers_) {
    if (s->config().ip == address) return s.get();
  }
  return nullptr;
}

bool World::serving(const std::string& address, TimePoint t) const {
  const fakes::CatServer* s = server(address);
  return s != nullptr && s->okAt(t);
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
