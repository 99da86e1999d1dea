#include "engine/config/propagation_config.h"

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

ResolverEndpoint readResolver(Reader& r, const json& v, const std::string& path) {
  ResolverEndpoint out;
  if (!v.is_object()) {
    r.fail(path, "expected an object with name and address");
    return out;
  }
  out.name = r.text(v, path, "name", true).value_or("");
  if (auto address = r.string(v, path, "address", true)) {
    if (isIpAddress(*address)) {
      out.address = *address;
    } else {
      r.fail(Reader::join(path, "address"), "expected an IPv4 or IPv6 address, got " + Reader::shown(v["address"]));
    }
  }
  out.port = r.port(v, path, "port").value_or(53);
  return out;
}

}  // namespace

PropagationConfig loadPropagationConfig(const json& root, const std::string& base, std::vector<ConfigError>& errors) {
  PropagationConfig config;
  Reader r(errors);
  const json* p = r.member(root, base, "propagation", false);
  if (p == nullptr) return config;
  const std::string path = Reader::join(base, "propagation");
  if (!p->is_object()) {
    r.fail(path, "expected an object with resolvers and poll intervals");
    return config;
  }
  config.enabled = true;
  if (const json* list = r.member(*p, path, "resolvers", false)) {
    if (!list->is_array()) {
      r.fail(Reader::join(path, "resolvers"), "expected an array of {name, address}");
    } else {
      for (size_t i = 0; i < list->size(); ++i) {
        config.resolvers.push_back(readResolver(r, (*list)[i], Reader::index(Reader::join(path, "resolvers"), i)));
      }
    }
  }
  auto read = [&](const char* key, Duration& out) {
    if (auto d = r.positiveDuration(*p, path, key, false)) out = *d;
  };
  read("dense_interval", config.denseInterval);
  read("dense_for", config.denseFor);
  read("settle", config.settle);
  read("sparse_interval", config.sparseInterval);
  read("timeout", config.timeout);
  read("rediscover", config.rediscover);
  config.nameserverPort = r.port(*p, path, "nameserver_port").value_or(53);
  if (config.resolvers.empty()) {
    r.fail(Reader::join(path, "resolvers"), "expected at least one resolver (it also finds the zone's nameservers)");
  }
  return config;
}

}  // namespace dnsfailover
