#include "engine/config/sites_config.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/config/json_reader.h"
#include "engine/core/url.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

// Site names go into etcd keys and metric labels: keep them plain.
bool isSiteName(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// "http://HOST:PORT" with nothing after the port but an optional "/".
bool isEndpoint(const std::string& text) {
  const std::optional<Url> url = parseUrl(text);
  if (!url || url->scheme != "http" || url->host.empty() || url->target != "/") return false;
  // The port must be written: etcd has no default port on plain http.
  const size_t hostEnd = text.find(']') != std::string::npos ? text.find(']') + 1 : text.find(':', 7);
  return hostEnd != std::string::npos && hostEnd < text.size() && text[hostEnd] == ':';
}

void readNames(Reader& r, const json& s, const std::string& path, SitesConfig& config) {
  const json* names = r.member(s, path, "names", true);
  if (names == nullptr) return;
  const std::string here = Reader::join(path, "names");
  if (!names->is_array() || names->empty() || names->size() > 9) {
    r.fail(here, "expected an array of 1 to 9 site names, got " + Reader::shown(*names));
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < names->size(); ++i) {
    const json& v = (*names)[i];
    const std::string at = Reader::index(here, i);
    if (!v.is_string() || !isSiteName(v.get<std::string>())) {
      r.fail(at, "expected a site name of a-z, 0-9, '-' and '_' (1 to 63 characters), got " + Reader::shown(v));
      continue;
    }
    if (!seen.insert(v.get<std::string>()).second) {
      r.fail(at, "duplicate site name " + Reader::shown(v));
      continue;
    }
    config.names.push_back(v.get<std::string>());
  }
}

void readCoordination(Reader& r, const json& s, const std::string& path, CoordinationConfig& config) {
  const json* c = r.member(s, path, "coordination", true);
  if (c == nullptr) return;
  const std::string here = Reader::join(path, "coordination");
  if (!c->is_object()) {
    r.fail(here, "expected an object with endpoints, prefix, lease_ttl and timeout");
    return;
  }
  for (const auto& [key, value] : c->items()) {
    if (key != "endpoints" && key != "prefix" && key != "lease_ttl" && key != "timeout") {
      r.fail(Reader::join(here, key), "unknown field (expected endpoints, prefix, lease_ttl or timeout)");
    }
  }
  if (const json* endpoints = r.member(*c, here, "endpoints", true)) {
    const std::string at = Reader::join(here, "endpoints");
    if (!endpoints->is_array() || endpoints->empty()) {
      r.fail(at, "expected a non-empty array of etcd client URLs like \"http://127.0.0.21:2379\"");
    } else {
      for (size_t i = 0; i < endpoints->size(); ++i) {
        const json& v = (*endpoints)[i];
        if (!v.is_string() || !isEndpoint(v.get<std::string>())) {
          r.fail(Reader::index(at, i), "expected http://HOST:PORT (an etcd client URL), got " + Reader::shown(v));
        } else {
          std::string url = v.get<std::string>();
          if (url.back() == '/') url.pop_back();
          config.endpoints.push_back(std::move(url));
        }
      }
    }
  }
  if (auto prefix = r.string(*c, here, "prefix", false)) {
    if (prefix->empty() || prefix->front() != '/' || prefix->back() != '/') {
      r.fail(Reader::join(here, "prefix"), "expected a key prefix that starts and ends with '/', like "
                                           "\"/dnsfailover/demo/\", got " + Reader::shown(json(*prefix)));
    } else {
      config.prefix = *prefix;
    }
  }
  if (auto ttl = r.positiveDuration(*c, here, "lease_ttl", false)) {
    // etcd counts leases in whole seconds and raises anything below 2 s.
    if (*ttl < std::chrono::seconds{2} || ttl->count() % 1000 != 0) {
      r.fail(Reader::join(here, "lease_ttl"), "expected whole seconds, at least \"2s\" (etcd's minimum lease)");
    } else {
      config.leaseTtl = *ttl;
    }
  }
  if (auto timeout = r.positiveDuration(*c, here, "timeout", false)) config.timeout = *timeout;
}

void readSanity(Reader& r, const json& s, const std::string& path, SitesConfig& config) {
  const json* v = r.member(s, path, "sanity", false);
  if (v == nullptr) return;
  const std::string here = Reader::join(path, "sanity");
  if (!v->is_object()) {
    r.fail(here, "expected an object with url and contains");
    return;
  }
  for (const auto& [key, value] : v->items()) {
    if (key != "url" && key != "contains") r.fail(Reader::join(here, key), "unknown field (expected url or contains)");
  }
  SanityConfig sanity;
  if (auto url = r.string(*v, here, "url", true)) {
    const std::optional<Url> parsed = parseUrl(*url);
    if (!parsed) {
      r.fail(Reader::join(here, "url"), "expected an http:// or https:// URL, got " + Reader::shown(json(*url)));
    }
    sanity.url = *url;
  }
  sanity.contains = r.string(*v, here, "contains", false).value_or("");
  config.sanity = std::move(sanity);
}

}  // namespace

bool SitesConfig::hasSite(const std::string& name) const {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string quorumRuleText(const QuorumRule& rule) {
  return rule.kind == QuorumRule::Kind::Majority ? std::string("majority") : "at_least " + std::to_string(rule.atLeast);
}

SitesConfig loadSitesConfig(const json& root, const std::string& base, std::vector<ConfigError>& errors) {
  SitesConfig config;
  Reader r(errors);
  const json* s = r.member(root, base, "sites", false);
  if (s == nullptr) return config;
  const std::string path = Reader::join(base, "sites");
  if (!s->is_object()) {
    r.fail(path, "expected an object with names and coordination");
    return config;
  }
  config.enabled = true;
  for (const auto& [key, value] : s->items()) {
    if (key != "names" && key != "coordination" && key != "report_every" && key != "stale_after" && key != "sanity") {
      r.fail(Reader::join(path, key),
             "unknown field (expected names, coordination, report_every, stale_after or sanity)");
    }
  }
  readNames(r, *s, path, config);
  readCoordination(r, *s, path, config.coordination);
  if (auto every = r.positiveDuration(*s, path, "report_every", false)) config.reportEvery = *every;
  if (auto stale = r.positiveDuration(*s, path, "stale_after", false)) config.staleAfter = *stale;
  if (config.staleAfter <= config.reportEvery) {
    r.fail(Reader::join(path, "stale_after"), "expected more than report_every (" +
                                                  formatDuration(config.reportEvery) +
                                                  "), or every site would go stale between two reports");
  }
  readSanity(r, *s, path, config);
  return config;
}

QuorumRule loadQuorumRule(const json& indicator, const std::string& path, size_t sites,
                          std::vector<ConfigError>& errors) {
  QuorumRule rule;
  Reader r(errors);
  const json* q = r.member(indicator, path, "quorum", false);
  if (q == nullptr) return rule;
  const std::string here = Reader::join(path, "quorum");
  if (sites == 0) {
    r.fail(here, "applies only with \"sites\" (one site has nobody to vote with)");
    return rule;
  }
  if (q->is_string() && q->get<std::string>() == "majority") return rule;
  if (q->is_object() && q->size() == 1 && q->contains("at_least")) {
    const json& k = (*q)["at_least"];
    if (k.is_number_integer() && k.get<int64_t>() >= 1 && k.get<int64_t>() <= static_cast<int64_t>(sites)) {
      rule.kind = QuorumRule::Kind::AtLeast;
      rule.atLeast = k.get<int64_t>();
      return rule;
    }
    r.fail(Reader::join(here, "at_least"),
           "expected a whole number of sites 1.." + std::to_string(sites) + ", got " + Reader::shown(k));
    return rule;
  }
  r.fail(here, "expected \"majority\" or {\"at_least\": K}, got " + Reader::shown(*q));
  return rule;
}

}  // namespace dnsfailover
