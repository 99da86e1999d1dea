#include "engine/config/propagation_config.h"

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

std::string join(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

std::string shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

void readDuration(const json& obj, const std::string& path, const char* key, Duration& out,
                  std::vector<ConfigError>& errors) {
  auto it = obj.find(key);
  if (it == obj.end()) return;
  std::optional<Duration> d;
  if (it->is_string()) d = parseDuration(it->get<std::string>());
  // Bare seconds, bounded as parseDuration bounds its numbers (no overflow in ms).
  if (it->is_number_unsigned() && it->get<uint64_t>() <= 1'000'000'000) d = std::chrono::seconds{it->get<int64_t>()};
  if (!d || d->count() <= 0) {
    errors.push_back({join(path, key), "expected a duration longer than zero like \"2s\" or \"1m\", got " + shown(*it)});
    return;
  }
  out = *d;
}

uint16_t readPort(const json& obj, const std::string& path, const char* key, uint16_t fallback,
                  std::vector<ConfigError>& errors) {
  auto it = obj.find(key);
  if (it == obj.end()) return fallback;
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 65535) {
    errors.push_back({join(path, key), "expected a port 1..65535, got " + shown(*it)});
    return fallback;
  }
  return static_cast<uint16_t>(it->get<int64_t>());
}

ResolverEndpoint readResolver(const json& v, const std::string& path, std::vector<ConfigError>& errors) {
  ResolverEndpoint r;
  if (!v.is_object()) {
    errors.push_back({path, "expected an object with name and address"});
    return r;
  }
  auto name = v.find("name");
  if (name == v.end() || !name->is_string() || name->get<std::string>().empty()) {
    errors.push_back({join(path, "name"), "expected a non-empty string"});
  } else {
    r.name = name->get<std::string>();
  }
  auto address = v.find("address");
  if (address == v.end() || !address->is_string() || !isIpAddress(address->get<std::string>())) {
    errors.push_back({join(path, "address"), "expected an IPv4 or IPv6 address" +
                                                 (address == v.end() ? std::string{} : ", got " + shown(*address))});
  } else {
    r.address = address->get<std::string>();
  }
  r.port = readPort(v, path, "port", 53, errors);
  return r;
}

}  // namespace

PropagationConfig loadPropagationConfig(const json& root, const std::string& base, std::vector<ConfigError>& errors) {
  PropagationConfig config;
  auto it = root.find("propagation");
  if (it == root.end() || it->is_null()) return config;
  const std::string path = join(base, "propagation");
  if (!it->is_object()) {
    errors.push_back({path, "expected an object with resolvers and poll intervals"});
    return config;
  }
  config.enabled = true;
  const json& p = *it;
  if (auto list = p.find("resolvers"); list != p.end()) {
    if (!list->is_array()) {
      errors.push_back({join(path, "resolvers"), "expected an array of {name, address}"});
    } else {
      for (size_t i = 0; i < list->size(); ++i) {
        config.resolvers.push_back(
            readResolver((*list)[i], join(path, "resolvers") + "[" + std::to_string(i) + "]", errors));
      }
    }
  }
  readDuration(p, path, "dense_interval", config.denseInterval, errors);
  readDuration(p, path, "dense_for", config.denseFor, errors);
  readDuration(p, path, "settle", config.settle, errors);
  readDuration(p, path, "sparse_interval", config.sparseInterval, errors);
  readDuration(p, path, "timeout", config.timeout, errors);
  readDuration(p, path, "rediscover", config.rediscover, errors);
  config.nameserverPort = readPort(p, path, "nameserver_port", 53, errors);
  if (config.resolvers.empty()) {
    errors.push_back({join(path, "resolvers"), "expected at least one resolver (it also finds the zone's nameservers)"});
  }
  return config;
}

}  // namespace dnsfailover
