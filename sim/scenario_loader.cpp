#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/dns_scenario.h"
#include "sim/offset.h"
#include "sim/scenario.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

std::string show(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

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

// Reads scenario fields, collecting every error with its JSON path.
class Fields {
 public:
  explicit Fields(std::vector<ConfigError>& errors) : errors_(errors) {}

  void fail(std::string path, std::string message) { errors_.push_back({std::move(path), std::move(message)}); }
  std::vector<ConfigError>& errors() { return errors_; }

  static std::string at(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string at(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

  const json* get(const json& obj, const std::string& path, const char* key, bool required) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(at(path, key), "is required");
      return nullptr;
    }
    return &*it;
  }

  std::optional<std::string> str(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = get(obj, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      fail(at(path, key), "expected a string, got " + show(*v));
      return std::nullopt;
    }
    return v->get<std::string>();
  }

  std::optional<int64_t> integer(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = get(obj, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
      fail(at(path, key), "expected an integer, got " + show(*v));
      return std::nullopt;
    }
    return v->get<int64_t>();
  }

  std::optional<double> number(const json& obj, const std::string& path, const char* key) {
    const json* v = get(obj, path, key, false);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      fail(at(path, key), "expected a number, got " + show(*v));
      return std::nullopt;
    }
    return v->get<double>();
  }

  std::optional<Duration> duration(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = get(obj, path, key, required);
    if (!v) return std::nullopt;
    if (v->is_string()) {
      if (auto d = parseDuration(v->get<std::string>())) return d;
    }
    fail(at(path, key), "expected a duration like \"10s\", \"5m\" or \"1h5m\", got " + show(*v));
    return std::nullopt;
  }

  // A time of day "01:05" / "00:21:30", or a duration "1h5m".
  std::optional<Duration> offset(const json& obj, const std::string& path, const char* key, bool required) {
    const json* v = get(obj, path, key, required);
    if (!v) return std::nullopt;
    if (v->is_string()) {
      if (auto d = parseOffset(v->get<std::string>())) return d;
    }
    fail(at(path, key), "expected a time like 01:05 or 1h5m, got " + show(*v));
    return std::nullopt;
  }

 private:
  std::vector<ConfigError>& errors_;
};

// The record an expectation's address lives in, from its family.
RecordType expectedRecordType(Fields& f, const std::string& path, const std::string& address) {
  if (auto type = addressRecordType(address)) return *type;
  if (!address.empty()) f.fail(Fields::at(path, "address"), "expected an IP address, got \"" + address + "\"");
  return RecordType::A;
}

void readNetwork(Fields& f, const json& v, const std::string& path, LinkConditions& link) {
  if (auto d = f.duration(v, path, "latency", false)) link.latency = *d;
  if (auto d = f.duration(v, path, "jitter", false)) link.jitter = *d;
  if (auto d = f.duration(v, path, "server_delay", false)) link.serverDelay = *d;
  if (auto loss = f.number(v, path, "loss")) {
    if (*loss < 0 || *loss > 1) f.fail(Fields::at(path, "loss"), "expected a probability between 0 and 1");
    link.loss = *loss;
  }
}

void readServers(Fields& f, const json& world, Scenario& s) {
  const json* servers = f.get(world, "world", "servers", true);
  if (!servers) return;
  if (!servers->is_array()) return f.fail("world.servers", "expected an array of servers");
  for (size_t i = 0; i < servers->size(); ++i) {
    const std::string path = Fields::at("world.servers", i);
    const json& v = (*servers)[i];
    ServerSpec server;
    server.name = f.str(v, path, "name", true).value_or("");
    if (auto address = f.str(v, path, "address", true)) {
      if (!isIpAddress(*address)) f.fail(Fields::at(path, "address"), "expected an IP address, got \"" + *address + "\"");
      server.address = *address;
    }
    if (auto role = f.str(v, path, "role", true)) {
      if (auto parsed = fakes::parseCatRole(*role)) {
        server.role = *parsed;
        server.failMinute = fakes::defaultFailMinute(*parsed);
      } else {
        f.fail(Fields::at(path, "role"), "expected \"main\", \"backup\" or \"sorry\", got \"" + *role + "\"");
      }
    }
    if (auto minute = f.integer(v, path, "fail_minute", false)) {
      if (*minute < 1 || *minute > 59) f.fail(Fields::at(path, "fail_minute"), "expected a minute 1..59");
      server.failMinute = static_cast<int>(*minute);
    }
    if (auto host = f.str(v, path, "host", false)) server.host = *host;
    s.servers.push_back(server);
  }
}

void readZones(Fields& f, const json& world, Scenario& s) {
  const json* zones = f.get(world, "world", "zones", false);
  if (!zones) return;
  if (!zones->is_array()) return f.fail("world.zones", "expected an array of zones");
  for (size_t i = 0; i < zones->size(); ++i) {
    const std::string path = Fields::at("world.zones", i);
    ZoneSpec zone;
    zone.name = f.str((*zones)[i], path, "name", true).value_or("");
    if (const json* records = f.get((*zones)[i], path, "records", false)) {
      for (size_t r = 0; records->is_array() && r < records->size(); ++r) {
        const std::string rpath = Fields::at(Fields::at(path, "records"), r);
        RecordSpec rec;
        rec.name = f.str((*records)[r], rpath, "name", true).value_or("");
        rec.type = f.str((*records)[r], rpath, "type", false).value_or("A");
        rec.value = f.str((*records)[r], rpath, "value", true).value_or("");
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
void readCloudflare(Fields& f, const json& v, const std::string& path, ProviderSpec& p, SecretName secretName) {
  if (const json* zones = f.get(v, path, "zones", true)) {
    if (!zones->is_array()) f.fail(Fields::at(path, "zones"), "expected an array of zone names");
    for (size_t z = 0; zones->is_array() && z < zones->size(); ++z) {
      if ((*zones)[z].is_string()) p.cfZones.push_back((*zones)[z].get<std::string>());
      else f.fail(Fields::at(Fields::at(path, "zones"), z), "expected a zone name");
    }
  }
  if (const json* tokens = f.get(v, path, "tokens", false)) {
    for (size_t t = 0; tokens->is_array() && t < tokens->size(); ++t) {
      const std::string tpath = Fields::at(Fields::at(path, "tokens"), t);
      CloudflareTokenSpec token;
      token.secret = secretName((*tokens)[t], tpath);
      if (const json* only = f.get((*tokens)[t], tpath, "zones", false); only && only->is_array()) {
        for (const json& z : *only) {
          if (z.is_string()) token.zones.push_back(z.get<std::string>());
        }
      }
      p.cfTokens.push_back(token);
    }
  }
  if (const json* accounts = f.get(v, path, "accounts", false)) {
    for (size_t a = 0; accounts->is_array() && a < accounts->size(); ++a) {
      const std::string apath = Fields::at(Fields::at(path, "accounts"), a);
      CloudflareAccountSpec account;
      account.email = f.str((*accounts)[a], apath, "email", true).value_or("");
      account.secret = secretName((*accounts)[a], apath);
      p.cfAccounts.push_back(account);
    }
  }
  if (p.cfTokens.empty() && p.cfAccounts.empty()) {
    f.fail(path, "a cloudflare provider needs at least one of \"tokens\" or \"accounts\"");
  }
}

void readProviders(Fields& f, const json& world, Scenario& s) {
  const json* providers = f.get(world, "world", "providers", true);
  if (!providers) return;
  if (!providers->is_array()) return f.fail("world.providers", "expected an array of providers");
  for (size_t i = 0; i < providers->size(); ++i) {
    const std::string path = Fields::at("world.providers", i);
    const json& v = (*providers)[i];
    ProviderSpec p;
    p.kind = f.str(v, path, "kind", true).value_or("");
    const bool cloudflare = p.kind == "cloudflare";
    if (!p.kind.empty() && p.kind != "he.net" && !cloudflare) {
      f.fail(Fields::at(path, "kind"), "unknown provider \"" + p.kind + "\" (expected \"he.net\" or \"cloudflare\")");
    }
    p.address = f.str(v, path, "address", true).value_or("");
    p.hostname = f.str(v, path, "hostname", false).value_or(cloudflare ? "api.cloudflare.com" : "dyn.dns.he.net");
    auto secretName = [&](const json& obj, const std::string& at) {
      std::string name = f.str(obj, at, "secret", true).value_or("");
      if (!name.empty() && !s.secrets.count(name)) {
        f.fail(Fields::at(at, "secret"), "no secret named \"" + name + "\" in secrets");
      }
      return name;
    };
    if (cloudflare) {
      readCloudflare(f, v, path, p, secretName);
    } else if (const json* hosts = f.get(v, path, "hosts", true)) {
      for (size_t h = 0; hosts->is_array() && h < hosts->size(); ++h) {
        const std::string hpath = Fields::at(Fields::at(path, "hosts"), h);
        HeHostSpec host;
        host.fqdn = f.str((*hosts)[h], hpath, "fqdn", true).value_or("");
        host.secret = secretName((*hosts)[h], hpath);
        p.heHosts.push_back(host);
      }
    }
    s.providers.push_back(p);
  }
}

void readExpectations(Fields& f, const json& root, Scenario& s) {
  const json* list = f.get(root, "", "expectations", false);
  if (!list) return;
  if (!list->is_array()) return f.fail("expectations", "expected an array");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = Fields::at("expectations", i);
    const json& v = (*list)[i];
    Expectation e;
    e.path = path;
    const auto kind = f.str(v, path, "kind", true).value_or("");
    e.from = f.offset(v, path, "from", false);
    e.until = f.offset(v, path, "until", false);
    if (kind == "record_follows_truth") {
      e.kind = Expectation::Kind::RecordFollowsTruth;
      e.scheme = f.str(v, path, "scheme", true).value_or("");
      e.within = f.duration(v, path, "within", true).value_or(Duration{});
    } else if (kind == "record_at") {
      e.kind = Expectation::Kind::RecordAt;
      e.fqdn = f.str(v, path, "fqdn", true).value_or("");
      e.at = f.offset(v, path, "at", true).value_or(Duration{});
      e.every = f.duration(v, path, "every", false);
      e.address = f.str(v, path, "address", true).value_or("");
      e.recordType = expectedRecordType(f, path, e.address);
    } else if (kind == "record_never") {
      e.kind = Expectation::Kind::RecordNever;
      e.fqdn = f.str(v, path, "fqdn", true).value_or("");
      e.address = f.str(v, path, "address", true).value_or("");
      e.recordType = expectedRecordType(f, path, e.address);
    } else if (kind == "event_count") {
      e.kind = Expectation::Kind::EventCount;
      if (const std::optional<std::string> type = f.str(v, path, "type", true)) {
        e.eventType = eventTypeFromName(*type);
        if (e.eventType == EventType::Unknown) {
          f.fail(Fields::at(path, "type"), "unknown event type \"" + *type + "\" (expected " + eventTypeList() + ")");
        }
      }
      e.min = f.integer(v, path, "min", false).value_or(0);
      e.max = f.integer(v, path, "max", false).value_or(INT64_MAX);
      if (const json* where = f.get(v, path, "where", false)) {
        if (!where->is_object()) {
          f.fail(Fields::at(path, "where"), "expected an object of field -> value");
        } else {
          for (const auto& [key, value] : where->items()) {
            const std::string wpath = Fields::at(Fields::at(path, "where"), key);
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
      e.scheme = f.str(v, path, "scheme", true).value_or("");
    } else if (kind == "push_spacing") {
      e.kind = Expectation::Kind::PushSpacing;
      e.scheme = f.str(v, path, "scheme", true).value_or("");
      e.minSpacing = f.duration(v, path, "min", true).value_or(Duration{});
    } else if (kind == "selection_count") {
      e.kind = Expectation::Kind::SelectionCount;
      e.scheme = f.str(v, path, "scheme", true).value_or("");
      e.per = f.duration(v, path, "per", false);
      e.min = f.integer(v, path, "min", false).value_or(0);
      e.max = f.integer(v, path, "max", false).value_or(INT64_MAX);
    } else if (kind == "no_push_after_restart") {
      e.kind = Expectation::Kind::NoPushAfterRestart;
      e.scheme = f.str(v, path, "scheme", true).value_or("");
    } else if (kind == "history_complete") {
      e.kind = Expectation::Kind::HistoryComplete;
    } else if (readDnsExpectation(v, path, kind, e, f.errors())) {
    } else if (!kind.empty()) {
      f.fail(Fields::at(path, "kind"), "unknown kind \"" + kind +
                                           "\" (expected record_follows_truth, record_at, record_never, selection_count, event_count, "
                                           "push_spacing, no_stale_record, ns_converge, resolvers_converge, no_push_after_restart or "
                                           "history_complete)");
      continue;
    }
    s.expectations.push_back(e);
  }
}

}  // namespace

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
      return "pushes of " + scheme + " for the same selection are at least " + formatDuration(minSpacing) + " apart";
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
  Fields f(load.errors);
  Scenario& s = load.scenario;
  s.name = f.str(root, "", "name", true).value_or("");
  s.purpose = f.str(root, "", "purpose", false).value_or("");
  if (auto start = f.str(root, "", "start", true)) {
    if (auto t = parseIsoUtc(*start)) {
      s.start = *t;
    } else {
      f.fail("start", "expected a UTC time like 2026-11-02T00:00:00Z, got \"" + *start + "\"");
    }
  }
  if (auto d = f.duration(root, "", "duration", false)) s.duration = *d;
  if (auto seed = f.integer(root, "", "seed", false)) s.seed = static_cast<uint64_t>(*seed);
  if (const json* secrets = f.get(root, "", "secrets", false)) {
    if (!secrets->is_object()) {
      f.fail("secrets", "expected an object of name -> value");
    } else {
      for (const auto& [k, v] : secrets->items()) {
        if (v.is_string()) s.secrets[k] = v.get<std::string>();
        else f.fail("secrets." + k, "expected a string");
      }
    }
  }
  if (const json* world = f.get(root, "", "world", true)) {
    if (const json* network = f.get(*world, "world", "network", false)) readNetwork(f, *network, "world.network", s.network);
    if (const json* links = f.get(*world, "world", "links", false)) {
      for (size_t i = 0; links->is_array() && i < links->size(); ++i) {
        const std::string path = Fields::at("world.links", i);
        LinkSpec link{f.str((*links)[i], path, "address", true).value_or(""), s.network};
        readNetwork(f, (*links)[i], path, link.conditions);
        s.links.push_back(link);
      }
    }
    readServers(f, *world, s);
    readZones(f, *world, s);
    readProviders(f, *world, s);
    readDnsWorld(*world, s, load.errors);
  }
  if (const json* engine = f.get(root, "", "engine", true)) {
    ConfigLoad config = loadEngineConfig(*engine, "engine");
    load.errors.insert(load.errors.end(), config.errors.begin(), config.errors.end());
    s.engine = std::move(config.config);
  }
  readExpectations(f, root, s);
  if (const json* events = f.get(root, "", "events", false)) s.events = parseFaultEvents(*events, s, load.errors);
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
