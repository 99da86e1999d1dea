#include "engine/config/config_loader.h"
#include "engine/config/propagation_config.h"
#include "engine/dns/hmac.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/config/json_reader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

std::string quoted(const json& value) { return Reader::shown(value); }

std::optional<Policy> readPolicy(Reader& r, const json& v, const std::string& path) {
  if (!v.is_object()) {
    r.fail(path, "expected an object with period, retry_schedule, recovery_retry_schedule");
    return std::nullopt;
  }
  Policy p;
  if (auto period = r.duration(v, path, "period", true)) {
    if (period->count() <= 0) {
      r.fail(Reader::join(path, "period"), "expected a period longer than zero");
    }
    p.period = *period;
  }
  p.retrySchedule = r.schedule(v, path, "retry_schedule");
  p.recoveryRetrySchedule = r.schedule(v, path, "recovery_retry_schedule");
  p.keepAlive = r.boolean(v, path, "keep_alive").value_or(false);
  return p;
}

void readOptions(Reader& r, const std::string& options, const std::string& path, CheckSpec& check) {
  std::istringstream words(options);
  std::string word;
  while (words >> word) {
    if (word == "ssl_noverify") {
      check.sslNoVerify = true;
    } else if (word.rfind("addr=", 0) == 0) {
      const std::string addr = word.substr(5);
      if (!isIpAddress(addr)) {
        r.fail(path, "addr= expects an IPv4 or IPv6 address, got \"" + addr + "\"");
      } else {
        check.connectTo = addr;
      }
    } else {
      r.fail(path, "unknown option \"" + word + "\" (expected ssl_noverify or addr=IP)");
    }
  }
}

// {"method": "tcp", "address": IP, "port": 1..65535, "send": "...",
// "expect": "...", "timeout": "3s"}: nothing of the HTTP kinds applies.
void readTcpCheck(Reader& r, const json& v, const std::string& path, CheckSpec& check) {
  for (const auto& [key, value] : v.items()) {
    if (key != "method" && key != "address" && key != "port" && key != "send" && key != "expect" &&
        key != "timeout") {
      r.fail(Reader::join(path, key), "not a key of a tcp check (expected address, port, send, expect, timeout)");
    }
  }
  if (auto address = r.string(v, path, "address", true)) {
    if (!isIpAddress(*address)) {
      r.fail(Reader::join(path, "address"), "expected an IPv4 or IPv6 address, got \"" + *address + "\"");
    }
    check.address = *address;
  }
  if (auto port = r.integer(v, path, "port", true)) {
    if (*port < 1 || *port > 65535) {
      r.fail(Reader::join(path, "port"), "expected a TCP port 1..65535, got " + std::to_string(*port));
    } else {
      check.port = static_cast<uint16_t>(*port);
    }
  }
  check.send = r.string(v, path, "send", false).value_or("");
  check.expect = r.string(v, path, "expect", false).value_or("");
  if (auto timeout = r.duration(v, path, "timeout", false)) {
    if (timeout->count() <= 0) r.fail(Reader::join(path, "timeout"), "expected a timeout longer than zero");
    check.timeout = *timeout;
  }
}

std::optional<CheckSpec> readCheck(Reader& r, const json& v, const std::string& path) {
  if (!v.is_object()) {
    r.fail(path, "expected an object with method and url (or, for tcp, address and port)");
    return std::nullopt;
  }
  CheckSpec check;
  const auto method = r.string(v, path, "method", true);
  if (method) {
    if (*method == "httpgrep") {
      check.kind = CheckSpec::Kind::HttpGrep;
    } else if (*method == "httpstatus") {
      check.kind = CheckSpec::Kind::HttpStatus;
    } else if (*method == "tcp") {
      check.kind = CheckSpec::Kind::Tcp;
      readTcpCheck(r, v, path, check);
      return check;
    } else {
      r.fail(Reader::join(path, "method"),
             "expected \"httpgrep\", \"httpstatus\" or \"tcp\", got \"" + *method + "\"");
    }
  }
  if (auto url = r.string(v, path, "url", true)) {
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
      r.fail(Reader::join(path, "url"), "expected an http:// or https:// URL, got \"" + *url + "\"");
    }
    check.url = *url;
  }
  check.musthave = r.string(v, path, "musthave", false).value_or("");
  check.mustnothave = r.string(v, path, "mustnothave", false).value_or("");
  if (auto status = r.integer(v, path, "status", false)) {
    if (*status < 100 || *status > 599) {
      r.fail(Reader::join(path, "status"), "expected an HTTP status code 100..599");
    }
    check.expectStatus = static_cast<int>(*status);
  }
  if (auto options = r.string(v, path, "options", false)) {
    readOptions(r, *options, Reader::join(path, "options"), check);
  }
  if (auto timeout = r.duration(v, path, "timeout", false)) check.timeout = *timeout;
  return check;
}

std::optional<CredentialRef> readCredentials(Reader& r, const json& v, const std::string& path) {
  if (!v.is_object() || v.size() != 1 || !(v.contains("env") || v.contains("file")) ||
      !v.begin()->is_string()) {
    r.fail(path, "expected {\"env\": \"VARIABLE\"} or {\"file\": \"path\"} (never the secret itself)");
    return std::nullopt;
  }
  CredentialRef ref;
  ref.source = v.contains("env") ? CredentialRef::Source::Env : CredentialRef::Source::File;
  ref.name = v.begin()->get<std::string>();
  if (ref.name.empty()) {
    r.fail(path, "expected a non-empty variable name or path");
    return std::nullopt;
  }
  return ref;
}

// "notify": [{"webhook": URL, "secret": {"env": ...}, "events": [...],
// "timeout": "5s", "retry_schedule": "5s 30s 2m 10m"} |
// {"command": ["/abs/path", "arg", ...], "events": [...], "timeout": "10s"}]
std::vector<NotifyTarget> readNotify(Reader& r, const json& object, const std::string& base) {
  std::vector<NotifyTarget> out;
  const json* list = r.member(object, base, "notify", false);
  if (list == nullptr) return out;
  const std::string path = Reader::join(base, "notify");
  if (!list->is_array()) {
    r.fail(path, "expected an array of {\"webhook\": URL} or {\"command\": [PATH, ARG...]}");
    return out;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string here = Reader::index(path, i);
    const json& v = (*list)[i];
    if (!v.is_object() || (v.contains("webhook") == v.contains("command"))) {
      r.fail(here, "expected an object with either \"webhook\" (a URL) or \"command\" (an argv array)");
      continue;
    }
    NotifyTarget t;
    t.path = here;
    const bool webhook = v.contains("webhook");
    t.kind = webhook ? NotifyTarget::Kind::Webhook : NotifyTarget::Kind::Command;
    for (const auto& [key, value] : v.items()) {
      const bool common = key == "events" || key == "timeout";
      const bool own = webhook ? (key == "webhook" || key == "secret" || key == "retry_schedule") : key == "command";
      if (!common && !own) {
        r.fail(Reader::join(here, key), webhook ? "not a key of a webhook (expected webhook, secret, events, timeout, retry_schedule)"
                                                : "not a key of a command (expected command, events, timeout)");
      }
    }
    if (webhook) {
      if (auto url = r.string(v, here, "webhook", true)) {
        if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
          r.fail(Reader::join(here, "webhook"), "expected an http:// or https:// URL");
        }
        t.url = *url;
      }
      if (const json* secret = r.member(v, here, "secret", false)) {
        if (auto ref = readCredentials(r, *secret, Reader::join(here, "secret"))) t.secret = *ref;
      }
      if (v.contains("retry_schedule")) t.retrySchedule = r.schedule(v, here, "retry_schedule");
    } else {
      const json& argv = v["command"];
      if (!argv.is_array() || argv.empty() || !std::all_of(argv.begin(), argv.end(), [](const json& a) { return a.is_string(); })) {
        r.fail(Reader::join(here, "command"), "expected an array of strings: [\"/absolute/path\", \"arg\", ...] (no shell runs it)");
      } else {
        for (const json& a : argv) t.argv.push_back(a.get<std::string>());
        if (t.argv[0].empty() || t.argv[0][0] != '/') {
          r.fail(Reader::join(here, "command") + "[0]", "expected an absolute path to the program, got \"" + t.argv[0] + "\"");
        }
      }
      t.timeout = std::chrono::seconds{10};
    }
    if (const json* events = r.member(v, here, "events", false)) {
      if (!events->is_array() || events->empty()) {
        r.fail(Reader::join(here, "events"), "expected a non-empty array of failover, recovery, push_failed, synced");
      } else {
        t.events = 0;
        for (size_t e = 0; e < events->size(); ++e) {
          const json& name = (*events)[e];
          bool known = false;
          for (NotifyEvent event : kNotifyEvents) {
            if (name.is_string() && name.get<std::string>() == notifyEventName(event)) {
              t.events = static_cast<uint8_t>(t.events | (1u << static_cast<unsigned>(event)));
              known = true;
            }
          }
          if (!known) {
            r.fail(Reader::index(Reader::join(here, "events"), e),
                   "expected failover, recovery, push_failed or synced, got " + quoted(name));
          }
        }
      }
    }
    if (auto timeout = r.duration(v, here, "timeout", false)) {
      if (timeout->count() <= 0) r.fail(Reader::join(here, "timeout"), "expected a timeout longer than zero");
      t.timeout = *timeout;
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::string lowerNoDot(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

bool isHostname(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  size_t labelLength = 0;
  for (char c : name) {
    if (c == '.') {
      if (labelLength == 0) return false;
      labelLength = 0;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') {
      if (++labelLength > 63) return false;
    } else {
      return false;
    }
  }
  return labelLength > 0;
}

// "type", "answer", "max_answers" and "when_all_down" (answer_rule.h), and
// what the provider can hold of them.
void readAnswerRule(Reader& r, const json& v, const std::string& path, SchemeConfig& s) {
  if (auto type = r.string(v, path, "type", false)) {
    s.type = parseRecordType(*type);
    if (!s.type) r.fail(Reader::join(path, "type"), "expected \"A\" or \"AAAA\", got \"" + *type + "\"");
  }
  if (auto answer = r.string(v, path, "answer", false)) {
    if (*answer == "one") {
      s.answer.mode = AnswerMode::One;
    } else if (*answer == "all_healthy") {
      s.answer.mode = AnswerMode::AllHealthy;
      if (!providerHoldsSeveral(s.provider)) {
        r.fail(Reader::join(path, "answer"), std::string("\"all_healthy\" needs a provider that holds several "
                                                         "addresses per record; ") +
                                                 providerName(s.provider) + " holds one (use \"one\")");
      }
    } else {
      r.fail(Reader::join(path, "answer"), "expected \"one\" or \"all_healthy\", got \"" + *answer + "\"");
    }
  }
  if (auto max = r.integer(v, path, "max_answers", false)) {
    if (s.answer.mode != AnswerMode::AllHealthy) {
      r.fail(Reader::join(path, "max_answers"), "applies only with \"answer\": \"all_healthy\"");
    } else if (*max < 1 || *max > 100) {
      r.fail(Reader::join(path, "max_answers"), "expected 1..100 addresses");
    } else {
      s.answer.maxAnswers = static_cast<size_t>(*max);
    }
  }
  if (auto rule = r.string(v, path, "when_all_down", false)) {
    if (*rule == "highest") {
      s.answer.whenAllDown = WhenAllDown::HighestPriority;
    } else if (*rule == "keep") {
      s.answer.whenAllDown = WhenAllDown::Keep;
    } else if (*rule == "none") {
      s.answer.whenAllDown = WhenAllDown::None;
      if (!providerCanWithdraw(s.provider)) {
        r.fail(Reader::join(path, "when_all_down"),
               std::string("\"none\" deletes the record, which ") + providerName(s.provider) +
                   " cannot do (use \"highest\" or \"keep\")");
      }
    } else {
      r.fail(Reader::join(path, "when_all_down"),
             "expected \"highest\", \"keep\" or \"none\", got \"" + *rule + "\"");
    }
  }
}

// Provider "rfc2136": server (IP address), port (53), key_name, algorithm
// (hmac-sha256), compare_and_swap (false). The zone is required anyway.
void readRfc2136(Reader& r, const json& v, const std::string& path, Rfc2136Config& out) {
  if (auto server = r.string(v, path, "server", true)) {
    if (!isIpAddress(*server)) {
      r.fail(Reader::join(path, "server"), "expected the IP address of the primary nameserver, got \"" + *server + "\"");
    }
    out.server = *server;
  }
  if (auto port = r.integer(v, path, "port", false)) {
    if (*port < 1 || *port > 65535) r.fail(Reader::join(path, "port"), "expected a port 1..65535");
    else out.port = static_cast<uint16_t>(*port);
  }
  if (auto key = r.string(v, path, "key_name", true)) {
    out.keyName = lowerNoDot(*key);
    if (!isHostname(out.keyName)) {
      r.fail(Reader::join(path, "key_name"), "expected a TSIG key name like \"dnsf\" or \"cat-key.example\", got \"" + *key + "\"");
    }
  }
  if (auto algorithm = r.string(v, path, "algorithm", false)) {
    if (auto parsed = dns::parseTsigAlgorithm(*algorithm)) {
      out.algorithm = dns::tsigAlgorithmName(*parsed);
    } else {
      r.fail(Reader::join(path, "algorithm"),
             "unknown TSIG algorithm \"" + *algorithm + "\" (expected hmac-sha256, hmac-sha512 or hmac-sha1)");
    }
  }
  if (auto cas = r.boolean(v, path, "compare_and_swap")) out.compareAndSwap = *cas;
}

std::optional<SchemeConfig> readScheme(Reader& r, const json& v, const std::string& path,
                                       const std::set<std::string>& indicatorNames) {
  if (!v.is_object()) {
    r.fail(path, "expected an object with name, fqdn, zone, provider and members");
    return std::nullopt;
  }
  SchemeConfig s;
  s.name = r.string(v, path, "name", true).value_or("");
  if (auto fqdn = r.string(v, path, "fqdn", true)) {
    s.fqdn = lowerNoDot(*fqdn);
    if (!isHostname(s.fqdn)) {
      r.fail(Reader::join(path, "fqdn"), "expected a domain name like cat.he.okerr.com, got \"" + *fqdn + "\"");
    }
  }
  if (auto zone = r.string(v, path, "zone", true)) {
    s.zone = lowerNoDot(*zone);
    const bool inZone = s.fqdn == s.zone ||
                        (s.fqdn.size() > s.zone.size() &&
                         s.fqdn.compare(s.fqdn.size() - s.zone.size(), s.zone.size(), s.zone) == 0 &&
                         s.fqdn[s.fqdn.size() - s.zone.size() - 1] == '.');
    if (!isHostname(s.zone)) {
      r.fail(Reader::join(path, "zone"), "expected a domain name like he.okerr.com, got \"" + *zone + "\"");
    } else if (!s.fqdn.empty() && !inZone) {
      r.fail(Reader::join(path, "zone"), "\"" + s.zone + "\" does not contain fqdn \"" + s.fqdn + "\"");
    }
  }
  if (auto provider = r.string(v, path, "provider", true)) {
    if (*provider == "he.net") {
      s.provider = ProviderKind::HeDyn;
    } else if (*provider == "cloudflare") {
      s.provider = ProviderKind::Cloudflare;
    } else if (*provider == "rfc2136") {
      s.provider = ProviderKind::Rfc2136;
      readRfc2136(r, v, path, s.rfc2136);
    } else {
      r.fail(Reader::join(path, "provider"),
             "unknown provider \"" + *provider + "\" (expected \"he.net\", \"cloudflare\" or \"rfc2136\")");
    }
  }
  if (s.provider != ProviderKind::Rfc2136) {
    for (const char* key : {"server", "port", "key_name", "algorithm", "compare_and_swap"}) {
      if (v.contains(key)) r.fail(Reader::join(path, key), "only for provider \"rfc2136\"");
    }
  }
  if (const json* creds = r.member(v, path, "credentials", true)) {
    if (auto ref = readCredentials(r, *creds, Reader::join(path, "credentials"))) s.credentials = *ref;
  }
  s.login = r.string(v, path, "login", false);
  s.endpoint = r.string(v, path, "endpoint", false).value_or("");
  if (auto ttl = r.integer(v, path, "ttl", false)) {
    if (*ttl < 1 || *ttl > 86400) {
      r.fail(Reader::join(path, "ttl"), "expected 1..86400 seconds (1 = provider's automatic TTL)");
    }
    s.ttl = static_cast<int>(*ttl);
    s.ttlSet = true;
  }
  readAnswerRule(r, v, path, s);
  s.pushBackoff = v.contains("push_backoff") ? r.schedule(v, path, "push_backoff") : defaultPushBackoff();
  if (s.pushBackoff.empty()) {
    r.fail(Reader::join(path, "push_backoff"), "expected at least one delay");
  }
  if (auto wait = r.duration(v, path, "startup_wait", false)) s.startupWait = *wait;
  s.notify = readNotify(r, v, path);
  if (auto delay = r.duration(v, path, "push_delay", false)) {
    if (*delay > std::chrono::hours{1}) {
      r.fail(Reader::join(path, "push_delay"), "expected at most 1h (the record waits that long after a change)");
    } else {
      s.pushDelay = *delay;
    }
  }

  const json* members = r.member(v, path, "members", true);
  if (members != nullptr && (!members->is_array() || members->empty())) {
    r.fail(Reader::join(path, "members"), "expected a non-empty array of {indicator, priority, address}");
    members = nullptr;
  }
  std::map<std::string, size_t> seenIndicator;
  std::map<int64_t, size_t> seenPriority;
  for (size_t i = 0; members != nullptr && i < members->size(); ++i) {
    const std::string mpath = Reader::index(Reader::join(path, "members"), i);
    const json& m = (*members)[i];
    if (!m.is_object()) {
      r.fail(mpath, "expected an object with indicator, priority and address");
      continue;
    }
    MemberConfig member;
    if (auto name = r.string(m, mpath, "indicator", true)) {
      member.indicator = *name;
      // A set, not config.findIndicator: a linear search per member made
      // 100,000 indicators take minutes to load.
      if (indicatorNames.count(*name) == 0) {
        r.fail(Reader::join(mpath, "indicator"), "unknown indicator \"" + *name + "\"");
      }
      auto [it, fresh] = seenIndicator.emplace(*name, i);
      if (!fresh) {
        r.fail(Reader::join(mpath, "indicator"),
               "duplicate indicator \"" + *name + "\" (also members[" + std::to_string(it->second) + "])");
      }
    }
    if (auto priority = r.integer(m, mpath, "priority", true)) {
      member.priority = static_cast<int>(*priority);
      auto [it, fresh] = seenPriority.emplace(*priority, i);
      if (!fresh) {
        r.fail(Reader::join(mpath, "priority"), "duplicate priority " + std::to_string(*priority) +
                                                    " (also members[" + std::to_string(it->second) + "])");
      }
    }
    if (auto address = r.string(m, mpath, "address", true)) {
      if (auto type = addressRecordType(*address)) {
        member.type = *type;
      } else {
        r.fail(Reader::join(mpath, "address"), "expected an IPv4 or IPv6 address, got \"" + *address + "\"");
      }
      member.address = *address;
    }
    s.members.push_back(std::move(member));
  }
  // A scheme that names its record type holds only that family.
  for (size_t i = 0; s.type && i < s.members.size(); ++i) {
    if (s.members[i].type != *s.type && !s.members[i].address.empty() && isIpAddress(s.members[i].address)) {
      r.fail(Reader::join(Reader::index(Reader::join(path, "members"), i), "address"),
             std::string("an ") + recordTypeName(*s.type) + " record holds " +
                 (*s.type == RecordType::A ? "IPv4" : "IPv6") + " addresses, got \"" + s.members[i].address + "\"");
    }
  }
  std::stable_sort(s.members.begin(), s.members.end(),
                   [](const MemberConfig& a, const MemberConfig& b) { return a.priority > b.priority; });
  return s;
}

// "store": {"path": "state.db", "history_retention": "30d",
// "history_max_events": 1000000}; every key optional.
StoreConfig readStore(Reader& r, const json& root, const std::string& base) {
  StoreConfig store;
  const json* v = r.member(root, base, "store", false);
  if (v == nullptr) return store;
  const std::string path = Reader::join(base, "store");
  if (!v->is_object()) {
    r.fail(path, "expected an object with path, history_retention and history_max_events");
    return store;
  }
  for (const auto& [key, value] : v->items()) {
    if (key != "path" && key != "history_retention" && key != "history_max_events") {
      r.fail(Reader::join(path, key), "unknown key (expected path, history_retention or history_max_events)");
    }
  }
  if (auto file = r.string(*v, path, "path", false)) {
    if (file->empty()) r.fail(Reader::join(path, "path"), "expected a non-empty file name");
    store.path = *file;
  }
  if (auto age = r.duration(*v, path, "history_retention", false)) {
    if (age->count() <= 0) {
      r.fail(Reader::join(path, "history_retention"), "expected a positive duration like \"30d\"");
    } else {
      store.historyRetention = *age;
    }
  }
  if (auto count = r.integer(*v, path, "history_max_events", false)) {
    if (*count < 1) {
      r.fail(Reader::join(path, "history_max_events"), "expected a positive number of events");
    } else {
      store.historyMaxEvents = static_cast<uint64_t>(*count);
    }
  }
  return store;
}

}  // namespace

bool isIpv4Address(std::string_view text) { return addressRecordType(text) == RecordType::A; }

bool isIpAddress(std::string_view text) { return addressRecordType(text).has_value(); }

ConfigLoad loadEngineConfig(const json& root, const std::string& pathPrefix) {
  ConfigLoad load;
  Reader r(load.errors);
  const std::string base = pathPrefix.empty() ? "" : pathPrefix;
  auto at = [&](const char* key) { return base.empty() ? std::string(key) : Reader::join(base, key); };
  if (!root.is_object()) {
    r.fail(base, "expected an object with policies, indicators and schemes");
    return load;
  }

  load.config.sites = loadSitesConfig(root, base, load.errors);
  const size_t siteCount = load.config.sites.enabled ? std::max<size_t>(load.config.sites.names.size(), 1) : 0;

  std::map<std::string, Policy> policies;
  if (const json* ps = r.member(root, base, "policies", false)) {
    if (!ps->is_object()) {
      r.fail(at("policies"), "expected an object of named policies");
    } else {
      for (const auto& [name, value] : ps->items()) {
        if (auto p = readPolicy(r, value, at("policies") + "." + name)) {
          p->name = name;
          policies.emplace(name, *p);
        }
      }
    }
  }

  const json* indicators = r.member(root, base, "indicators", true);
  if (indicators != nullptr && !indicators->is_array()) {
    r.fail(at("indicators"), "expected an array of indicators");
    indicators = nullptr;
  }
  std::set<std::string> names;
  for (size_t i = 0; indicators != nullptr && i < indicators->size(); ++i) {
    const std::string path = Reader::index(at("indicators"), i);
    const json& v = (*indicators)[i];
    if (!v.is_object()) {
      r.fail(path, "expected an object with name, check and policy");
      continue;
    }
    IndicatorConfig ind;
    if (auto name = r.string(v, path, "name", true)) {
      ind.name = *name;
      if (name->empty()) r.fail(Reader::join(path, "name"), "expected a non-empty name");
      if (!names.insert(*name).second) {
        r.fail(Reader::join(path, "name"), "duplicate indicator name \"" + *name + "\"");
      }
    }
    if (const json* check = r.member(v, path, "check", true)) {
      if (auto c = readCheck(r, *check, Reader::join(path, "check"))) ind.check = *c;
    }
    if (const json* policy = r.member(v, path, "policy", true)) {
      if (policy->is_string()) {
        auto it = policies.find(policy->get<std::string>());
        if (it == policies.end()) {
          r.fail(Reader::join(path, "policy"), "unknown policy " + quoted(*policy));
        } else {
          ind.policy = it->second;
        }
      } else if (auto p = readPolicy(r, *policy, Reader::join(path, "policy"))) {
        ind.policy = *p;
      }
    }
    ind.maintenance = r.boolean(v, path, "maintenance").value_or(false);
    ind.quorum = loadQuorumRule(v, path, siteCount, load.errors);
    load.config.indicators.push_back(std::move(ind));
  }

  const json* schemes = r.member(root, base, "schemes", true);
  if (schemes != nullptr && !schemes->is_array()) {
    r.fail(at("schemes"), "expected an array of schemes");
    schemes = nullptr;
  }
  std::set<std::string> schemeNames;
  for (size_t i = 0; schemes != nullptr && i < schemes->size(); ++i) {
    const std::string path = Reader::index(at("schemes"), i);
    if (auto s = readScheme(r, (*schemes)[i], path, names)) {
      if (!s->name.empty() && !schemeNames.insert(s->name).second) {
        r.fail(Reader::join(path, "name"), "duplicate scheme name \"" + s->name + "\"");
      }
      load.config.schemes.push_back(std::move(*s));
    }
  }
  load.config.propagation = loadPropagationConfig(root, base, load.errors);
  load.config.store = readStore(r, root, base);
  load.config.status = loadStatusConfig(root, base, load.errors);
  load.config.notify = readNotify(r, root, base);
  return load;
}

}  // namespace dnsfailover
