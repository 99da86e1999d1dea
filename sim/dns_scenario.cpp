#include "sim/dns_scenario.h"

#include <nlohmann/json.hpp>
#include <set>

#include "engine/core/base64.h"
#include "engine/dns/hmac.h"
#include "engine/dns/message.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

std::string at(const std::string& path, const std::string& key) { return Reader::join(path, key); }

std::string text(Reader& r, const json& v, const std::string& path, const char* key) {
  return r.text(v, path, key, true).value_or("");
}

bool flag(Reader& r, const json& v, const std::string& path, const char* key) {
  return r.boolean(v, path, key).value_or(false);
}

std::string address(Reader& r, const json& v, const std::string& path) {
  std::string a = text(r, v, path, "address");
  if (!a.empty() && !isIpAddress(a)) r.fail(at(path, "address"), "expected an IP address, got \"" + a + "\"");
  return a;
}

void readLag(Reader& r, const json& v, const std::string& path, NameserverSpec& ns) {
  const json* it = r.member(v, path, "lag", false);
  if (it == nullptr) return;
  const std::string here = at(path, "lag");
  if (it->is_array() && it->size() == 2) {
    auto lo = r.durationValue((*it)[0], Reader::index(here, 0));
    auto hi = r.durationValue((*it)[1], Reader::index(here, 1));
    if (lo && hi && *lo > *hi) r.fail(here, "expected [shortest, longest]");
    ns.lagMin = lo.value_or(Duration{});
    ns.lagMax = hi.value_or(Duration{});
  } else if (auto d = r.durationValue(*it, here)) {
    ns.lagMin = ns.lagMax = *d;
  }
}

// "tsig_keys": [{"name": "cat-key", "algorithm": "hmac-sha256", "secret": "CAT_TSIG"}]
void readTsigKeys(Reader& r, const json& v, const std::string& path, const Scenario& s, NameserverSpec& ns) {
  auto list = v.find("tsig_keys");
  if (list == v.end()) return;
  const std::string here = at(path, "tsig_keys");
  if (!list->is_array()) return r.fail(here, "expected an array of {name, algorithm, secret}");
  if (!ns.primary) return r.fail(here, "only the primary takes dynamic updates");
  for (size_t k = 0; k < list->size(); ++k) {
    const std::string kpath = Reader::index(here, k);
    const json& key = (*list)[k];
    if (!key.is_object()) {
      r.fail(kpath, "expected an object with name, algorithm and secret");
      continue;
    }
    TsigKeySpec spec;
    spec.name = dns::normalizeName(text(r, key, kpath, "name"));
    if (key.contains("algorithm")) {
      const std::string algorithm = text(r, key, kpath, "algorithm");
      if (auto parsed = dns::parseTsigAlgorithm(algorithm)) spec.algorithm = dns::tsigAlgorithmName(*parsed);
      else r.fail(at(kpath, "algorithm"), "expected hmac-sha256, hmac-sha512 or hmac-sha1, got \"" + algorithm + "\"");
    }
    spec.secret = text(r, key, kpath, "secret");
    auto secret = s.secrets.find(spec.secret);
    if (!spec.secret.empty() && secret == s.secrets.end()) {
      r.fail(at(kpath, "secret"), "no secret named \"" + spec.secret + "\" in secrets");
    } else if (!spec.secret.empty() && !base64Decode(secret->second)) {
      r.fail(at(kpath, "secret"), "secrets." + spec.secret + " is not base64 (a TSIG secret is)");
    }
    ns.tsigKeys.push_back(spec);
  }
}

void readNameservers(Reader& r, const json& world, Scenario& s) {
  const json* list = r.member(world, "world", "nameservers", false);
  if (list == nullptr) return;
  if (!list->is_array()) return r.fail("world.nameservers", "expected an array of nameservers");
  std::set<std::string> names;
  int primaries = 0;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = "world.nameservers[" + std::to_string(i) + "]";
    const json& v = (*list)[i];
    if (!v.is_object()) {
      r.fail(path, "expected an object with name, address and role");
      continue;
    }
    NameserverSpec ns;
    ns.name = dns::normalizeName(text(r, v, path, "name"));
    if (!ns.name.empty() && !names.insert(ns.name).second) r.fail(at(path, "name"), "duplicate nameserver \"" + ns.name + "\"");
    ns.address = address(r, v, path);
    const std::string role = text(r, v, path, "role");
    if (role == "primary") {
      ns.primary = true;
      ++primaries;
    } else if (role != "secondary" && !role.empty()) {
      r.fail(at(path, "role"), "expected \"primary\" or \"secondary\", got \"" + role + "\"");
    }
    readLag(r, v, path, ns);
    if (ns.primary && ns.lagMax.count() != 0) r.fail(at(path, "lag"), "a primary serves changes at once (lag 0)");
    ns.stale = flag(r, v, path, "stale");
    ns.down = flag(r, v, path, "down");
    ns.servfail = flag(r, v, path, "servfail");
    readTsigKeys(r, v, path, s, ns);
    s.nameservers.push_back(ns);
  }
  if (!s.nameservers.empty() && primaries != 1) {
    r.fail("world.nameservers", "expected exactly one primary, got " + std::to_string(primaries));
  }
}

void readResolvers(Reader& r, const json& world, Scenario& s) {
  const json* list = r.member(world, "world", "resolvers", false);
  if (list == nullptr) return;
  if (!list->is_array()) return r.fail("world.resolvers", "expected an array of resolvers");
  if (!list->empty() && s.nameservers.empty()) {
    r.fail("world.resolvers", "resolvers need world.nameservers to resolve through");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = "world.resolvers[" + std::to_string(i) + "]";
    const json& v = (*list)[i];
    if (!v.is_object()) {
      r.fail(path, "expected an object with name and address");
      continue;
    }
    ResolverSpec spec;
    spec.name = text(r, v, path, "name");
    spec.address = address(r, v, path);
    spec.minTtl = r.duration(v, path, "min_ttl", false).value_or(Duration{});
    spec.serveStale = flag(r, v, path, "serve_stale");
    s.resolvers.push_back(spec);
  }
}

}  // namespace

void readDnsWorld(const json& world, Scenario& scenario, std::vector<ConfigError>& errors) {
  if (!world.is_object()) return;
  Reader r(errors);
  readNameservers(r, world, scenario);
  readResolvers(r, world, scenario);
}

bool readDnsExpectation(const json& v, const std::string& path, const std::string& kind, Expectation& e,
                        std::vector<ConfigError>& errors) {
  if (kind == "ns_converge") {
    e.kind = Expectation::Kind::NsConverge;
  } else if (kind == "resolvers_converge") {
    e.kind = Expectation::Kind::ResolversConverge;
  } else {
    return false;
  }
  Reader r(errors);
  e.scheme = text(r, v, path, "scheme");
  // `within` holds the slack allowed beyond what lags and TTLs imply.
  e.within = std::chrono::seconds{5};
  e.within = r.duration(v, path, "slack", false).value_or(e.within);
  return true;
}

std::string describeDnsExpectation(const Expectation& e) {
  if (e.kind == Expectation::Kind::NsConverge) {
    return "every nameserver answers " + e.scheme + "'s pushed address within its lag + " + formatDuration(e.within);
  }
  return "every resolver answers " + e.scheme + "'s pushed address within the longest lag + TTL + " +
         formatDuration(e.within);
}

}  // namespace dnsfailover::sim
