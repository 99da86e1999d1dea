#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/core/url.h"
#include "sim/dns_scenario.h"
#include "sim/offset.h"
#include "sim/scenario.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

std::string eventTypeList() {
  std::string out;
  for (const EventSpec& spec : kEventSchema) {
    if (spec.type == EventType::Unknown) continue;
    out += (out.empty() ? "" : ", ") + std::string(spec.name);
  }
  return out;
}

// An event_count "where" names a field of the event type, with a value of
// the field's kind: anything else could never match.
std::optional<std::string> whereFieldProblem(EventType type, const std::string& key, const TraceValue& value) {
  const EventSpec& spec = eventSpec(type);
  std::string names;
  for (const FieldSpec& f : spec.fields) {
    names += (names.empty() ? "" : ", ") + std::string(f.name);
    if (f.name != key) continue;
    const bool fits = (f.kind == FieldKind::String && std::holds_alternative<std::string>(value)) ||
                      (f.kind == FieldKind::Bool && std::holds_alternative<bool>(value)) ||
                      (f.kind == FieldKind::Int && std::holds_alternative<int64_t>(value));
    if (fits) return std::nullopt;
    const char* kind = f.kind == FieldKind::String ? "a string"
                       : f.kind == FieldKind::Bool ? "a boolean"
                       : f.kind == FieldKind::Int  ? "an integer"
                                                   : "a double, which where cannot match";
    return std::string(spec.name) + "." + key + " is " + kind;
  }
  return std::string(spec.name) + " events have no field \"" + key + "\" (fields: " + (names.empty() ? "none" : names) + ")";
}

std::string at(const std::string& path, const std::string& key) { return Reader::join(path, key); }
std::string at(const std::string& path, size_t i) { return Reader::index(path, i); }

// A time of day "01:05" / "00:21:30", or a duration "1h5m".
std::optional<Duration> offset(Reader& f, const json& obj, const std::string& path, const char* key, bool required) {
  const json* v = f.member(obj, path, key, required);
  if (!v) return std::nullopt;
  if (v->is_string()) {
    if (auto d = parseOffset(v->get<std::string>())) return d;
  }
  f.fail(at(path, key), "expected a time like 01:05 or 1h5m, got " + Reader::shown(*v));
  return std::nullopt;
}

// The record an expectation's address lives in, from its family.
RecordType expectedRecordType(Reader& f, const std::string& path, const std::string& address) {
  if (auto type = addressRecordType(address)) return *type;
  if (!address.empty()) f.fail(at(path, "address"), "expected an IP address, got \"" + address + "\"");
  return RecordType::A;
}

// What a record expectation names: "address": "192.0.2.1", or a whole
// RRset, "addresses": ["192.0.2.1", "192.0.2.2"] (any order; [] = no
// record, with "type": "A" or "AAAA"). Sets e.address as the zone log
// writes the set (sorted, ","-joined) and e.recordType.
void readExpectedRecord(Reader& f, const json& v, const std::string& path, Expectation& e) {
  const auto list = v.is_object() ? v.find("addresses") : v.end();
  if (!v.is_object() || list == v.end()) {
    e.address = f.string(v, path, "address", true).value_or("");
    e.recordType = expectedRecordType(f, path, e.address);
    return;
  }
  const std::string lpath = at(path, "addresses");
  std::vector<std::string> addresses;
  std::optional<RecordType> type;
  if (!list->is_array()) {
    f.fail(lpath, "expected an array of IP addresses");
  } else {
    for (size_t i = 0; i < list->size(); ++i) {
      const json& a = (*list)[i];
      const std::optional<RecordType> family =
          a.is_string() ? addressRecordType(a.get<std::string>()) : std::nullopt;
      if (!family) {
        f.fail(at(lpath, i), "expected an IP address, got " + a.dump());
        continue;
      }
      if (type && *family != *type) f.fail(at(lpath, i), "mixes IPv4 and IPv6 (one record type per set)");
      type = family;
      addresses.push_back(a.get<std::string>());
    }
  }
  if (auto named = f.string(v, path, "type", false)) {
    const std::optional<RecordType> t = parseRecordType(*named);
    if (!t) f.fail(at(path, "type"), "expected \"A\" or \"AAAA\", got \"" + *named + "\"");
    if (t && type && *t != *type) f.fail(at(path, "type"), "does not match the addresses' family");
    if (t) type = t;
  } else if (!type) {
    f.fail(at(path, "type"), "is required with an empty \"addresses\" (\"A\" or \"AAAA\")");
  }
  std::sort(addresses.begin(), addresses.end());
  e.address = RecordSet{type.value_or(RecordType::A), addresses}.joined();
  e.recordType = type.value_or(RecordType::A);
}

void readNetwork(Reader& f, const json& v, const std::string& path, LinkConditions& link) {
  if (auto d = f.duration(v, path, "latency", false)) link.latency = *d;
  if (auto d = f.duration(v, path, "jitter", false)) link.jitter = *d;
  if (auto d = f.duration(v, path, "server_delay", false)) link.serverDelay = *d;
  if (auto loss = f.ratio(v, path, "loss")) link.loss = *loss;
}

void readServers(Reader& f, const json& world, Scenario& s) {
  const json* servers = f.member(world, "world", "servers", true);
  if (!servers) return;
  if (!servers->is_array()) return f.fail("world.servers", "expected an array of servers");
  for (size_t i = 0; i < servers->size(); ++i) {
    const std::string path = at("world.servers", i);
    const json& v = (*servers)[i];
    ServerSpec server;
    server.name = f.string(v, path, "name", true).value_or("");
    if (auto address = f.string(v, path, "address", true)) {
      if (!isIpAddress(*address)) f.fail(at(path, "address"), "expected an IP address, got \"" + *address + "\"");
      server.address = *address;
    }
    if (auto role = f.string(v, path, "role", true)) {
      if (auto parsed = fakes::parseCatRole(*role)) {
        server.role = *parsed;
        server.failMinute = fakes::defaultFailMinute(*parsed);
      } else {
        f.fail(at(path, "role"), "expected \"main\", \"backup\" or \"sorry\", got \"" + *role + "\"");
      }
    }
    if (auto minute = f.integer(v, path, "fail_minute", false)) {
      if (*minute < 1 || *minute > 59) f.fail(at(path, "fail_minute"), "expected a minute 1..59");
      server.failMinute = static_cast<int>(*minute);
    }
    if (auto host = f.string(v, path, "host", false)) server.host = *host;
    s.servers.push_back(server);
  }
}

void readZones(Reader& f, const json& world, Scenario& s) {
  const json* zones = f.member(world, "world", "zones", false);
  if (!zones) return;
  if (!zones->is_array()) return f.fail("world.zones", "expected an array of zones");
  for (size_t i = 0; i < zones->size(); ++i) {
    const std::string path = at("world.zones", i);
    ZoneSpec zone;
    zone.name = f.string((*zones)[i], path, "name", true).value_or("");
    if (const json* records = f.member((*zones)[i], path, "records", false)) {
      for (size_t r = 0; records->is_array() && r < records->size(); ++r) {
        const std::string rpath = at(at(path, "records"), r);
        RecordSpec rec;
        rec.name = f.string((*records)[r], rpath, "name", true).value_or("");
        rec.type = f.string((*records)[r], rpath, "type", false).value_or("A");
        rec.value = f.string((*records)[r], rpath, "value", true).value_or("");
        rec.ttl = static_cast<int>(f.integer((*records)[r], rpath, "ttl", false).value_or(300));
        zone.records.push_back(rec);
      }
    }
    s.zones.push_back(zone);
  }
}

// A Cloudflare account in the world: its zones, API tokens (optionally
// limited to some zones) and legacy e-mail + global key logins.
template <typename SecretName>
void readCloudflare(Reader& f, const json& v, const std::string& path, ProviderSpec& p, SecretName secretName) {
  if (const json* zones = f.member(v, path, "zones", true)) {
    if (!zones->is_array()) f.fail(at(path, "zones"), "expected an array of zone names");
    for (size_t z = 0; zones->is_array() && z < zones->size(); ++z) {
      if ((*zones)[z].is_string()) p.cfZones.push_back((*zones)[z].get<std::string>());
      else f.fail(at(at(path, "zones"), z), "expected a zone name");
    }
  }
  if (const json* tokens = f.member(v, path, "tokens", false)) {
    for (size_t t = 0; tokens->is_array() && t < tokens->size(); ++t) {
      const std::string tpath = at(at(path, "tokens"), t);
      CloudflareTokenSpec token;
      token.secret = secretName((*tokens)[t], tpath);
      if (const json* only = f.member((*tokens)[t], tpath, "zones", false); only && only->is_array()) {
        for (const json& z : *only) {
          if (z.is_string()) token.zones.push_back(z.get<std::string>());
        }
      }
      p.cfTokens.push_back(token);
    }
  }
  if (const json* accounts = f.member(v, path, "accounts", false)) {
    for (size_t a = 0; accounts->is_array() && a < accounts->size(); ++a) {
      const std::string apath = at(at(path, "accounts"), a);
      CloudflareAccountSpec account;
      account.email = f.string((*accounts)[a], apath, "email", true).value_or("");
      account.secret = secretName((*accounts)[a], apath);
      p.cfAccounts.push_back(account);
    }
  }
  if (const json* records = f.member(v, path, "records", false)) {
    if (!records->is_array()) f.fail(at(path, "records"), "expected an array of records");
    for (size_t r = 0; records->is_array() && r < records->size(); ++r) {
      const std::string rpath = at(at(path, "records"), r);
      const json& o = (*records)[r];
      CloudflareRecordSpec rec;
      rec.record.name = f.string(o, rpath, "name", true).value_or("");
      rec.record.type = f.string(o, rpath, "type", false).value_or("A");
      rec.record.value = f.string(o, rpath, "value", true).value_or("");
      rec.record.ttl = static_cast<int>(f.integer(o, rpath, "ttl", false).value_or(1));
      if (const json* proxied = f.member(o, rpath, "proxied", false)) {
        if (proxied->is_boolean()) rec.proxied = proxied->get<bool>();
        else f.fail(at(rpath, "proxied"), "expected true or false");
      }
      rec.comment = f.string(o, rpath, "comment", false);
      if (const json* tags = f.member(o, rpath, "tags", false)) {
        for (size_t t = 0; tags->is_array() && t < tags->size(); ++t) {
          if ((*tags)[t].is_string()) rec.tags.push_back((*tags)[t].get<std::string>());
          else f.fail(at(at(rpath, "tags"), t), "expected a \"name:value\" string");
        }
        if (!tags->is_array()) f.fail(at(rpath, "tags"), "expected an array of \"name:value\" strings");
      }
      p.cfRecords.push_back(rec);
    }
  }
  if (p.cfTokens.empty() && p.cfAccounts.empty()) {
    f.fail(path, "a cloudflare provider needs at least one of \"tokens\" or \"accounts\"");
  }
}

void readProviders(Reader& f, const json& world, Scenario& s) {
  const json* providers = f.member(world, "world", "providers", true);
  if (!providers) return;
  if (!providers->is_array()) return f.fail("world.providers", "expected an array of providers");
  for (size_t i = 0; i < providers->size(); ++i) {
    const std::string path = at("world.providers", i);
    const json& v = (*providers)[i];
    ProviderSpec p;
    p.kind = f.string(v, path, "kind", true).value_or("");
    const bool cloudflare = p.kind == "cloudflare";
    if (!p.kind.empty() && p.kind != "he.net" && !cloudflare) {
      f.fail(at(path, "kind"), "unknown provider \"" + p.kind + "\" (expected \"he.net\" or \"cloudflare\")");
    }
    p.address = f.string(v, path, "address", true).value_or("");
    p.hostname = f.string(v, path, "hostname", false).value_or(cloudflare ? "api.cloudflare.com" : "dyn.dns.he.net");
    auto secretName = [&](const json& obj, const std::string& where) {
      std::string name = f.string(obj, where, "secret", true).value_or("");
      if (!name.empty() && !s.secrets.count(name)) {
        f.fail(at(where, "secret"), "no secret named \"" + name + "\" in secrets");
      }
      return name;
    };
    if (cloudflare) {
      readCloudflare(f, v, path, p, secretName);
    } else if (const json* hosts = f.member(v, path, "hosts", true)) {
      for (size_t h = 0; hosts->is_array() && h < hosts->size(); ++h) {
        const std::string hpath = at(at(path, "hosts"), h);
        HeHostSpec host;
        host.fqdn = f.string((*hosts)[h], hpath, "fqdn", true).value_or("");
        host.secret = secretName((*hosts)[h], hpath);
        p.heHosts.push_back(host);
      }
    }
    s.providers.push_back(p);
  }
}

// "webhooks": [{"name", "address", "hostname", "path", "secret"}],
// "programs": [{"path", "exit", "run_time"}]
void readNotifyWorld(Reader& f, const json& world, Scenario& s) {
  if (const json* hooks = f.member(world, "world", "webhooks", false)) {
    if (!hooks->is_array()) return f.fail("world.webhooks", "expected an array of receivers");
    for (size_t i = 0; i < hooks->size(); ++i) {
      const std::string path = at("world.webhooks", i);
      const json& v = (*hooks)[i];
      WebhookSpec w;
      w.name = f.string(v, path, "name", true).value_or("");
      w.address = f.string(v, path, "address", true).value_or("");
      if (!w.address.empty() && !isIpAddress(w.address)) f.fail(at(path, "address"), "expected an IP address");
      w.hostname = f.string(v, path, "hostname", true).value_or("");
      w.path = f.string(v, path, "path", false).value_or("/hook");
      w.secret = f.string(v, path, "secret", false).value_or("");
      if (!w.secret.empty() && !s.secrets.count(w.secret)) {
        f.fail(at(path, "secret"), "no secret named \"" + w.secret + "\" in secrets");
      }
      s.webhooks.push_back(w);
    }
  }
  if (const json* programs = f.member(world, "world", "programs", false)) {
    if (!programs->is_array()) return f.fail("world.programs", "expected an array of programs");
    for (size_t i = 0; i < programs->size(); ++i) {
      const std::string path = at("world.programs", i);
      const json& v = (*programs)[i];
      ProgramSpec p;
      p.path = f.string(v, path, "path", true).value_or("");
      p.exitCode = static_cast<int>(f.integer(v, path, "exit", false).value_or(0));
      p.runTime = f.duration(v, path, "run_time", false).value_or(p.runTime);
      s.programs.push_back(p);
    }
  }
}

// "world": {"etcd": {"members": ["198.51.100.21", ...], "prefix": "/dnsfailover/demo/"}}
void readEtcd(Reader& f, const json& world, Scenario& s) {
  const json* etcd = f.member(world, "world", "etcd", false);
  if (!etcd) return;
  const std::string path = "world.etcd";
  if (!etcd->is_object()) return f.fail(path, "expected an object with \"members\"");
  if (const json* members = f.member(*etcd, path, "members", true)) {
    if (!members->is_array() || members->empty()) f.fail(at(path, "members"), "expected an array of member addresses");
    for (size_t i = 0; members->is_array() && i < members->size(); ++i) {
      const json& m = (*members)[i];
      if (!m.is_string() || !isIpAddress(m.get<std::string>())) {
        f.fail(at(at(path, "members"), i), "expected an IP address, got " + Reader::shown(m));
        continue;
      }
      s.etcd.members.push_back(m.get<std::string>());
    }
  }
  s.etcd.prefix = f.text(*etcd, path, "prefix", false).value_or("");
}

// The engine's sites config and the world's sites must describe one
// deployment: the same names, and endpoints that are members of the fake.
void checkSitesAgainstEngine(Reader& f, Scenario& s) {
  const SitesConfig& sites = s.engine.sites;
  if (s.etcd.prefix.empty()) s.etcd.prefix = sites.enabled ? sites.coordination.prefix : "/dnsfailover/";
  if (!sites.enabled || s.sites.empty()) return;
  for (size_t i = 0; i < s.sites.size(); ++i) {
    if (!sites.hasSite(s.sites[i].name)) {
      f.fail(at(at("sites", i), "name"), "\"" + s.sites[i].name + "\" is not in engine.sites.names");
    }
  }
  for (size_t i = 0; i < sites.names.size(); ++i) {
    if (s.siteIndex(sites.names[i]) < 0) {
      f.fail(at("engine.sites.names", i), "\"" + sites.names[i] + "\" has no entry in the scenario's sites");
    }
  }
  for (size_t i = 0; i < sites.coordination.endpoints.size(); ++i) {
    const auto url = parseUrl(sites.coordination.endpoints[i]);
    const std::string host = url ? url->host : "";
    if (std::find(s.etcd.members.begin(), s.etcd.members.end(), host) == s.etcd.members.end()) {
      f.fail(at("engine.sites.coordination.endpoints", i),
             "names " + (host.empty() ? sites.coordination.endpoints[i] : host) + ", which is not a member of world.etcd");
    }
  }
}

// "sites": [{"name": "paris", "address": "198.51.100.1"}, ...]: one engine
// each, on its own address; the world must hold a coordination service.
void readSites(Reader& f, const json& root, Scenario& s) {
  const json* sites = f.member(root, "", "sites", false);
  if (!sites) return;
  if (!sites->is_array() || sites->empty()) return f.fail("sites", "expected an array of {\"name\", \"address\"}");
  for (size_t i = 0; i < sites->size(); ++i) {
    const std::string path = at("sites", i);
    SiteSpec site;
    site.name = f.text((*sites)[i], path, "name", true).value_or("");
    site.address = f.string((*sites)[i], path, "address", true).value_or("");
    if (!site.address.empty() && !isIpAddress(site.address)) {
      f.fail(at(path, "address"), "expected an IP address, got \"" + site.address + "\"");
    }
    for (size_t k = 0; k < s.sites.size(); ++k) {
      if (!site.name.empty() && s.sites[k].name == site.name) {
        f.fail(at(path, "name"), "duplicate site \"" + site.name + "\" (also sites[" + std::to_string(k) + "])");
      }
      if (!site.address.empty() && s.sites[k].address == site.address) {
        f.fail(at(path, "address"), "duplicate address " + site.address + " (also sites[" + std::to_string(k) + "])");
      }
    }
    s.sites.push_back(site);
  }
  if (s.etcd.members.empty()) f.fail("world.etcd", "is required with \"sites\" (the coordination service)");
}

void readExpectations(Reader& f, const json& root, Scenario& s) {
  const json* list = f.member(root, "", "expectations", false);
  if (!list) return;
  if (!list->is_array()) return f.fail("expectations", "expected an array");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = at("expectations", i);
    const json& v = (*list)[i];
    Expectation e;
    e.path = path;
    const auto kind = f.string(v, path, "kind", true).value_or("");
    e.from = offset(f, v, path, "from", false);
    e.until = offset(f, v, path, "until", false);
    if (kind == "record_follows_truth") {
      e.kind = Expectation::Kind::RecordFollowsTruth;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
      e.within = f.duration(v, path, "within", true).value_or(Duration{});
    } else if (kind == "record_at") {
      e.kind = Expectation::Kind::RecordAt;
      e.fqdn = f.string(v, path, "fqdn", true).value_or("");
      e.at = offset(f, v, path, "at", true).value_or(Duration{});
      e.every = f.duration(v, path, "every", false);
      readExpectedRecord(f, v, path, e);
    } else if (kind == "record_never") {
      e.kind = Expectation::Kind::RecordNever;
      e.fqdn = f.string(v, path, "fqdn", true).value_or("");
      readExpectedRecord(f, v, path, e);
    } else if (kind == "event_count") {
      e.kind = Expectation::Kind::EventCount;
      if (const std::optional<std::string> type = f.string(v, path, "type", true)) {
        e.eventType = eventTypeFromName(*type);
        if (e.eventType == EventType::Unknown) {
          f.fail(at(path, "type"), "unknown event type \"" + *type + "\" (expected " + eventTypeList() + ")");
        }
      }
      e.min = f.integer(v, path, "min", false).value_or(0);
      e.max = f.integer(v, path, "max", false).value_or(INT64_MAX);
      if (const json* where = f.member(v, path, "where", false)) {
        if (!where->is_object()) {
          f.fail(at(path, "where"), "expected an object of field -> value");
        } else {
          for (const auto& [key, value] : where->items()) {
            const std::string wpath = at(at(path, "where"), key);
            if (value.is_string()) e.where.emplace_back(key, value.get<std::string>());
            else if (value.is_boolean()) e.where.emplace_back(key, value.get<bool>());
            else if (value.is_number_integer()) e.where.emplace_back(key, value.get<int64_t>());
            else f.fail(wpath, "expected a string, a boolean or an integer");
            if (e.eventType != EventType::Unknown && !e.where.empty() && e.where.back().first == key) {
              if (auto problem = whereFieldProblem(e.eventType, key, e.where.back().second)) f.fail(wpath, *problem);
            }
          }
        }
      }
    } else if (kind == "no_stale_record") {
      e.kind = Expectation::Kind::NoStaleRecord;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
    } else if (kind == "push_spacing") {
      e.kind = Expectation::Kind::PushSpacing;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
      e.minSpacing = f.duration(v, path, "min", true).value_or(Duration{});
      e.address = f.string(v, path, "address", false).value_or("");
    } else if (kind == "selection_count") {
      e.kind = Expectation::Kind::SelectionCount;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
      e.per = f.duration(v, path, "per", false);
      e.min = f.integer(v, path, "min", false).value_or(0);
      e.max = f.integer(v, path, "max", false).value_or(INT64_MAX);
    } else if (kind == "no_push_after_restart") {
      e.kind = Expectation::Kind::NoPushAfterRestart;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
    } else if (kind == "history_complete") {
      e.kind = Expectation::Kind::HistoryComplete;
    } else if (kind == "webhook_deliveries") {
      e.kind = Expectation::Kind::WebhookDeliveries;
      e.receiver = f.string(v, path, "receiver", true).value_or("");
      if (!e.receiver.empty() && std::none_of(s.webhooks.begin(), s.webhooks.end(),
                                              [&](const WebhookSpec& w) { return w.name == e.receiver; })) {
        f.fail(at(path, "receiver"), "no receiver named \"" + e.receiver + "\" in world.webhooks");
      }
      e.notification = f.string(v, path, "event", false).value_or("");
      e.min = f.integer(v, path, "min", false).value_or(0);
      e.max = f.integer(v, path, "max", false).value_or(INT64_MAX);
    } else if (kind == "cloudflare_record") {
      e.kind = Expectation::Kind::CloudflareRecord;
      e.fqdn = f.string(v, path, "fqdn", true).value_or("");
      const std::string type = f.string(v, path, "type", false).value_or("A");
      if (auto t = parseRecordType(type)) e.recordType = *t;
      else f.fail(at(path, "type"), "expected \"A\" or \"AAAA\", got \"" + type + "\"");
      if (const json* proxied = f.member(v, path, "proxied", false)) {
        if (proxied->is_boolean()) e.proxied = proxied->get<bool>();
        else f.fail(at(path, "proxied"), "expected true or false");
      }
      e.comment = f.string(v, path, "comment", false);
      if (const json* tags = f.member(v, path, "tags", false)) {
        e.tags.emplace();
        for (size_t t = 0; tags->is_array() && t < tags->size(); ++t) {
          if ((*tags)[t].is_string()) e.tags->push_back((*tags)[t].get<std::string>());
        }
        if (!tags->is_array()) f.fail(at(path, "tags"), "expected an array of \"name:value\" strings");
      }
      e.ttl = f.integer(v, path, "ttl", false);
    } else if (kind == "one_leader") {
      e.kind = Expectation::Kind::OneLeader;
    } else if (kind == "no_false_failover") {
      e.kind = Expectation::Kind::NoFalseFailover;
      e.scheme = f.string(v, path, "scheme", true).value_or("");
      e.within = f.duration(v, path, "grace", false).value_or(std::chrono::minutes{1});
    } else if (kind == "handover_within") {
      e.kind = Expectation::Kind::HandoverWithin;
      e.within = f.duration(v, path, "within", true).value_or(Duration{});
    } else if (kind == "no_push_without_lease") {
      e.kind = Expectation::Kind::NoPushWithoutLease;
    } else if (readDnsExpectation(v, path, kind, e, f.errors())) {
    } else if (!kind.empty()) {
      f.fail(at(path, "kind"), "unknown kind \"" + kind +
                                           "\" (expected record_follows_truth, record_at, record_never, selection_count, event_count, "
                                           "push_spacing, no_stale_record, ns_converge, resolvers_converge, no_push_after_restart, "
                                           "history_complete, webhook_deliveries, cloudflare_record, one_leader, no_false_failover, "
                                           "handover_within or no_push_without_lease)");
      continue;
    }
    const bool siteKind = e.kind == Expectation::Kind::OneLeader || e.kind == Expectation::Kind::NoFalseFailover ||
                          e.kind == Expectation::Kind::HandoverWithin || e.kind == Expectation::Kind::NoPushWithoutLease;
    if (siteKind && s.sites.empty()) f.fail(at(path, "kind"), kind + " judges sites: the scenario has no \"sites\"");
    s.expectations.push_back(e);
  }
}

}  // namespace

int Scenario::siteIndex(const std::string& name) const {
  for (size_t i = 0; i < sites.size(); ++i) {
    if (sites[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Expectation::describe() const {
  switch (kind) {
    case Kind::RecordFollowsTruth:
      return "record of " + scheme + " follows the true server states within " + formatDuration(within);
    case Kind::RecordAt:
      return fqdn + " holds " + address + " at +" + formatDuration(at) +
             (every ? " every " + formatDuration(*every) : std::string{});
    case Kind::RecordNever:
      return fqdn + " never holds " + address;
    case Kind::EventCount: {
      std::string text = "count of " + std::string(eventTypeName(eventType)) + " events";
      for (const auto& [key, value] : where) {
        text += " " + key + "=" + (std::holds_alternative<std::string>(value) ? std::get<std::string>(value)
                                   : std::holds_alternative<bool>(value)      ? (std::get<bool>(value) ? "true" : "false")
                                   : std::holds_alternative<int64_t>(value)   ? std::to_string(std::get<int64_t>(value))
                                                                              : "?");
      }
      return text + " in [" + std::to_string(min) + ", " + (max == INT64_MAX ? std::string("inf") : std::to_string(max)) + "]";
    }
    case Kind::NoStaleRecord:
      return "the record of " + scheme + " never goes back to an older selection's address";
    case Kind::PushSpacing:
      return "pushes of " + (address.empty() ? scheme : scheme + " carrying " + address) +
             " for the same selection are at least " + formatDuration(minSpacing) + " apart";
    case Kind::SelectionCount:
      return "selection changes of " + scheme + " in [" + std::to_string(min) + ", " +
             (max == INT64_MAX ? std::string("inf") : std::to_string(max)) + "]" +
             (per ? " per " + formatDuration(*per) : std::string{});
    case Kind::NsConverge:
    case Kind::ResolversConverge:
      return describeDnsExpectation(*this);
    case Kind::NoPushAfterRestart:
      return "after a restart, " + scheme + " pushes nothing while the provider already holds the selected address";
    case Kind::HistoryComplete:
      return "the store's history holds every engine event, once each, in order";
    case Kind::WebhookDeliveries:
      return "signed deliveries" + (notification.empty() ? std::string{} : " of " + notification) + " accepted by " +
             receiver + " in [" + std::to_string(min) + ", " + (max == INT64_MAX ? std::string("inf") : std::to_string(max)) + "]";
    case Kind::OneLeader:
      return std::string("exactly one live site leads") + (from ? " from +" + formatDuration(*from) : std::string{}) +
             ", and no other site believes it does";
    case Kind::NoFalseFailover:
      return "the record of " + scheme + " never leaves an address whose server is serving for a lower one";
    case Kind::HandoverWithin:
      return "after the leader dies, another site's push lands within " + formatDuration(within);
    case Kind::NoPushWithoutLease:
      return "no site sends a push while its lease has run out by the coordination service's clock";
    case Kind::CloudflareRecord:
      return "at the end, Cloudflare's " + std::string(recordTypeName(recordType)) + " records of " + fqdn +
             " keep the fields the operator set" + (proxied ? std::string(*proxied ? " (proxied)" : " (not proxied)") : "");
  }
  return "?";
}

ScenarioLoad loadScenarioText(const std::string& text, const std::string& file) {
  ScenarioLoad load;
  load.scenario.file = file;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e999
    load.errors.push_back({"", std::string("not valid JSON: ") + e.what()});
    return load;
  }
  if (!root.is_object()) {
    load.errors.push_back({"", "expected a JSON object"});
    return load;
  }
  Reader f(load.errors);
  Scenario& s = load.scenario;
  s.name = f.string(root, "", "name", true).value_or("");
  s.purpose = f.string(root, "", "purpose", false).value_or("");
  if (auto start = f.string(root, "", "start", true)) {
    if (auto t = parseIsoUtc(*start)) {
      s.start = *t;
    } else {
      f.fail("start", "expected a UTC time like 2026-11-02T00:00:00Z, got \"" + *start + "\"");
    }
  }
  if (auto d = f.duration(root, "", "duration", false)) s.duration = *d;
  if (auto seed = f.integer(root, "", "seed", false)) s.seed = static_cast<uint64_t>(*seed);
  if (const json* dry = f.member(root, "", "dry_run", false)) {
    if (dry->is_boolean()) s.dryRun = dry->get<bool>();
    else f.fail("dry_run", "expected true or false");
  }
  if (const json* secrets = f.member(root, "", "secrets", false)) {
    if (!secrets->is_object()) {
      f.fail("secrets", "expected an object of name -> value");
    } else {
      for (const auto& [k, v] : secrets->items()) {
        if (v.is_string()) s.secrets[k] = v.get<std::string>();
        else f.fail("secrets." + k, "expected a string");
      }
    }
  }
  if (const json* world = f.member(root, "", "world", true)) {
    if (const json* network = f.member(*world, "world", "network", false)) readNetwork(f, *network, "world.network", s.network);
    if (const json* links = f.member(*world, "world", "links", false)) {
      for (size_t i = 0; links->is_array() && i < links->size(); ++i) {
        const std::string path = at("world.links", i);
        LinkSpec link{f.string((*links)[i], path, "address", true).value_or(""), s.network};
        readNetwork(f, (*links)[i], path, link.conditions);
        s.links.push_back(link);
      }
    }
    readServers(f, *world, s);
    readZones(f, *world, s);
    readProviders(f, *world, s);
    readNotifyWorld(f, *world, s);
    readDnsWorld(*world, s, load.errors);
    readEtcd(f, *world, s);
  }
  readSites(f, root, s);
  if (const json* engine = f.member(root, "", "engine", true)) {
    ConfigLoad config = loadEngineConfig(*engine, "engine");
    load.errors.insert(load.errors.end(), config.errors.begin(), config.errors.end());
    s.engine = std::move(config.config);
  }
  checkSitesAgainstEngine(f, s);
  readExpectations(f, root, s);
  if (const json* events = f.member(root, "", "events", false)) s.events = parseFaultEvents(*events, s, load.errors);
  return load;
}

namespace {

// A scenario may start from another ("extends": "cat-okerr.json", relative
// to its own file) and override parts of it: objects merge key by key
// (RFC 7386 merge patch), arrays and values replace. Chains are followed up
// to a small depth so a cycle cannot hang the loader.
std::optional<std::string> resolveExtends(const std::string& path, std::string text, std::vector<ConfigError>& errors,
                                          int depth = 0) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded() || !root.is_object() || !root.contains("extends")) return text;
  if (!root["extends"].is_string()) {
    errors.push_back({"extends", "expected the path of another scenario file"});
    return std::nullopt;
  }
  if (depth >= 4) {
    errors.push_back({"extends", "too many levels of extends (a cycle?)"});
    return std::nullopt;
  }
  const std::string base = root["extends"].get<std::string>();
  const size_t slash = path.rfind('/');
  const std::string basePath = base.starts_with("/") || slash == std::string::npos ? base : path.substr(0, slash + 1) + base;
  std::ifstream in(basePath);
  if (!in) {
    errors.push_back({"extends", "cannot open " + basePath});
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const auto baseText = resolveExtends(basePath, buffer.str(), errors, depth + 1);
  if (!baseText) return std::nullopt;
  json merged = json::parse(*baseText, nullptr, false);
  if (merged.is_discarded()) {
    errors.push_back({"extends", basePath + " is not valid JSON"});
    return std::nullopt;
  }
  root.erase("extends");
  merged.merge_patch(root);
  return merged.dump();
}

}  // namespace

ScenarioLoad loadScenarioFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ScenarioLoad load;
    load.errors.push_back({"", "cannot open " + path});
    return load;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::vector<ConfigError> errors;
  const auto text = resolveExtends(path, buffer.str(), errors);
  if (!text) {
    ScenarioLoad load;
    load.scenario.file = path;
    load.errors = errors;
    return load;
  }
  return loadScenarioText(*text, path);
}

}  // namespace dnsfailover::sim
