#include "sim/check/world_around.h"

#include <algorithm>
#include <set>

namespace dnsfailover::sim {

using json = nlohmann::json;

// The duration reader takes 32-bit counts: beyond ~24 days, whole seconds.
std::string millis(Duration d) {
  if (d.count() < (int64_t{1} << 31)) return std::to_string(d.count()) + "ms";
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + "s";
}

std::vector<MemberServer> memberServers(const EngineConfig& config) {
  std::vector<MemberServer> servers;
  for (const SchemeConfig& scheme : config.schemes) {
    for (size_t i = 0; i < scheme.members.size(); ++i) {
      const MemberConfig& m = scheme.members[i];
      const bool known = std::any_of(servers.begin(), servers.end(), [&](const MemberServer& s) { return s.address == m.address; });
      if (!known) servers.push_back({m.indicator, m.address, static_cast<int>(i)});
    }
  }
  return servers;
}

std::vector<std::pair<std::string, std::string>> worldResolvers(const EngineConfig& loaded, const WorldShape& shape) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const json& r : shape.resolvers) out.emplace_back(r["name"].get<std::string>(), r["address"].get<std::string>());
  if (out.empty()) {
    for (const auto& r : loaded.propagation.resolvers) out.emplace_back(r.name, r.address);
  }
  if (out.empty()) out = {{"one.one.one.one", "1.1.1.1"}, {"dns.google", "8.8.8.8"}};
  return out;
}

json scenarioAround(const json& config, const EngineConfig& loaded, const WorldShape& shape) {
  json engine = config;
  engine.erase("status");
  engine.erase("store");
  engine.erase("sites");

  const std::vector<MemberServer> servers = memberServers(loaded);
  std::map<std::string, std::string> indicatorAddress;
  for (const SchemeConfig& scheme : loaded.schemes) {
    for (const MemberConfig& m : scheme.members) indicatorAddress.emplace(m.indicator, m.address);
  }
  if (engine.contains("indicators") && engine["indicators"].is_array()) {
    for (json& indicator : engine["indicators"]) {
      auto it = indicatorAddress.find(indicator.value("name", ""));
      if (it == indicatorAddress.end()) continue;
      json check = {{"method", "httpgrep"},
                    {"url", indicator["check"].value("url", "https://" + it->second + "/")},
                    {"musthave", "status=OK"},
                    {"options", "addr=" + it->second}};
      if (indicator["check"].contains("timeout")) check["timeout"] = indicator["check"]["timeout"];
      indicator["check"] = check;
    }
  }

  // Providers, zones and secrets from the schemes.
  json secrets = json::object();
  json heHosts = json::array(), cfZones = json::array(), cfTokens = json::array(), cfAccounts = json::array();
  json zones = json::array();
  std::set<std::string> zoneNames;
  for (size_t i = 0; i < loaded.schemes.size(); ++i) {
    const SchemeConfig& s = loaded.schemes[i];
    engine["schemes"][i].erase("endpoint");
    const std::string secretName = s.credentials.name.empty() ? "scheme-" + std::to_string(i) : s.credentials.name;
    secrets[secretName] = "sim-secret-" + std::to_string(i) + "-0123456789abcdef";
    if (s.provider == ProviderKind::HeDyn) {
      heHosts.push_back({{"fqdn", s.fqdn}, {"secret", secretName}});
    } else {
      if (!std::count(cfZones.begin(), cfZones.end(), s.zone)) cfZones.push_back(s.zone);
      if (s.login) cfAccounts.push_back({{"email", *s.login}, {"secret", secretName}});
      else cfTokens.push_back({{"secret", secretName}});
    }
    const std::string first = s.members.empty() ? "192.0.2.1" : s.members.front().address;
    const std::string type = first.find(':') == std::string::npos ? "A" : "AAAA";
    json record = {{"name", s.fqdn}, {"type", type}, {"value", first}, {"ttl", s.ttl}};
    if (zoneNames.insert(s.zone).second) {
      zones.push_back({{"name", s.zone}, {"records", json::array({record})}});
    } else {
      for (json& z : zones) {
        if (z["name"] == s.zone) z["records"].push_back(record);
      }
    }
  }
  json providers = json::array();
  if (!heHosts.empty()) {
    providers.push_back({{"kind", "he.net"}, {"address", "203.0.113.53"}, {"hostname", "dyn.dns.he.net"}, {"hosts", heHosts}});
  }
  if (!cfZones.empty()) {
    json cf = {{"kind", "cloudflare"}, {"address", "203.0.113.54"}, {"hostname", "api.cloudflare.com"}, {"zones", cfZones}};
    if (!cfTokens.empty()) cf["tokens"] = cfTokens;
    if (!cfAccounts.empty()) cf["accounts"] = cfAccounts;
    providers.push_back(cf);
  }

  // Nameservers, with their A records in a zone of their own.
  std::vector<json> shapeNs = shape.nameservers;
  if (shapeNs.empty()) shapeNs.push_back({{"name", "ns1.dns-host.test"}, {"role", "primary"}});
  json nameservers = json::array(), nsRecords = json::array();
  std::set<std::string> nsZones;
  for (size_t i = 0; i < shapeNs.size(); ++i) {
    json ns = shapeNs[i];
    ns["address"] = "198.18.0." + std::to_string(10 + i);
    const std::string name = ns["name"];
    nsRecords.push_back({{"name", name}, {"type", "A"}, {"value", ns["address"]}, {"ttl", 172800}});
    const size_t dot = name.find('.');
    if (dot != std::string::npos) nsZones.insert(name.substr(dot + 1));
    nameservers.push_back(ns);
  }
  for (const std::string& zone : nsZones) {
    if (zoneNames.count(zone)) continue;  // already served: add the records there
    json records = json::array();
    for (const json& r : nsRecords) {
      const std::string n = r["name"];
      if (n.size() > zone.size() && n.compare(n.size() - zone.size(), zone.size(), zone) == 0) records.push_back(r);
    }
    zones.push_back({{"name", zone}, {"records", records}});
  }

  // Resolvers: the shape's, the config's, or two public ones the engine then monitors.
  const auto resolverList = worldResolvers(loaded, shape);
  json resolvers = json::array();
  if (!shape.resolvers.empty()) {
    for (const json& r : shape.resolvers) resolvers.push_back(r);
  } else {
    for (const auto& [name, address] : resolverList) resolvers.push_back({{"name", name}, {"address", address}});
  }
  if (loaded.propagation.resolvers.empty()) {
    json list = json::array();
    for (const auto& [name, address] : resolverList) list.push_back({{"name", name}, {"address", address}});
    engine["propagation"] = {{"resolvers", list}};
  }

  json serverList = json::array();
  for (const MemberServer& s : servers) {
    auto role = shape.roles.find(s.name);
    serverList.push_back({{"name", s.name}, {"address", s.address}, {"role", role == shape.roles.end() ? "sorry" : role->second}});
  }
  return {{"name", shape.name},
          {"purpose", shape.purpose},
          {"start", shape.start},
          {"duration", millis(shape.duration)},
          {"seed", 1},
          {"secrets", secrets},
          {"world",
           {{"network", {{"latency", "15ms"}, {"jitter", "20ms"}}},
            {"servers", serverList},
            {"zones", zones},
            {"providers", providers},
            {"nameservers", nameservers},
            {"resolvers", resolvers}}},
          {"engine", engine},
          {"events", shape.events},
          {"expectations", json::array()}};
}

}  // namespace dnsfailover::sim
