#include "sim/faults.h"

#include <cassert>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "sim/coordination_world.h"
#include "sim/engine_host.h"
#include "sim/offset.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/world.h"
#include "sim/world_observer.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

std::string show(const json& v) { return Reader::shown(v); }

bool hasServer(const Scenario& s, const std::string& name) {
  for (const auto& server : s.servers) {
    if (server.name == name) return true;
  }
  return false;
}

bool hasProvider(const Scenario& s, const std::string& kind) {
  for (const auto& p : s.providers) {
    if (p.kind == kind) return true;
  }
  return false;
}

bool hasScheme(const Scenario& s, const std::string& name) {
  for (const auto& scheme : s.engine.schemes) {
    if (scheme.name == name) return true;
  }
  return false;
}

bool hasNameserver(const Scenario& s, const std::string& name) {
  for (const auto& ns : s.nameservers) {
    if (ns.name == name) return true;
  }
  return false;
}

bool hasReceiver(const Scenario& s, const std::string& name) {
  for (const auto& w : s.webhooks) {
    if (w.name == name) return true;
  }
  return false;
}

// A member of the fake etcd by address or index ("0", "1", ...).
bool hasMember(const Scenario& s, const std::string& member) {
  for (size_t i = 0; i < s.etcd.members.size(); ++i) {
    if (s.etcd.members[i] == member || std::to_string(i) == member) return true;
  }
  return false;
}

bool hasResolver(const Scenario& s, const std::string& name) {
  for (const auto& r : s.resolvers) {
    if (r.name == name || r.address == name) return true;
  }
  return false;
}

}  // namespace

const std::vector<FaultKind>& faultKinds() {
  static const std::vector<FaultKind> kinds = {
      {"server_down", "server", "the server stops answering (connection refused)"},
      {"server_up", "server", "the server answers again"},
      {"server_page", "server", "the page shows \"status\": OK or ERR from now on, or follows its schedule again"},
      {"server_slow", "server", "the server takes \"delay\" to answer (0s to clear)"},
      {"partition", "server", "the monitor cannot reach the server (\"on\"); clients still can"},
      {"packet_loss", "server", "this share (\"ratio\") of the monitor's requests to the server is lost"},
      {"provider_outage", "provider", "the provider answers 5xx for \"for\""},
      {"provider_errors", "provider", "this share (\"ratio\") of provider calls fails with 5xx for \"for\""},
      {"rate_limit_storm", "provider", "the provider throttles every call for \"for\" (429 / interval)"},
      {"provider_slow", "provider", "requests to the provider take \"delay\" to arrive (one way)"},
      {"credentials_rotated", "provider", "the provider's credential \"secret\" changes to \"value\": the engine's is now wrong"},
      {"record_deleted", "fqdn", "someone deletes the A record out of band"},
      {"ns_lag", "nameserver", "the secondary now picks up changes after \"delay\""},
      {"ns_down", "nameserver", "the nameserver stops answering (\"on\")"},
      {"resolver_clamp", "resolver", "the resolver caches answers at least \"delay\""},
      {"receiver_down", "receiver", "the webhook receiver refuses connections"},
      {"receiver_up", "receiver", "the webhook receiver accepts connections again"},
      {"receiver_errors", "receiver", "the webhook receiver answers every POST with 503 for \"for\""},
      {"receiver_slow", "receiver", "the webhook receiver takes \"delay\" to answer (0s to clear)"},
      {"maintenance", "indicator", "an operator sets the indicator's maintenance flag (\"on\")"},
      {"force_push", "scheme", "an operator forces a push of the scheme's current value"},
      {"engine_crash", "", "the engine dies at once (kill -9) and restarts from its store after \"for\" (default 10s); \"jitter\" moves the instant by up to that much"},
      {"site_partition", "site", "the site loses (\"on\") its links \"from\" the servers, the providers, the coordination service or one address"},
      {"site_pause", "site", "the site's process stops (SIGSTOP) for \"for\": timers and answers wait, then run at once"},
      {"site_crash", "site", "the site's engine dies at once (kill -9) and restarts after \"for\" (default 10s)"},
      {"etcd_member_down", "member", "the coordination service's member (address or index) is down (\"on\")"},
      {"clock_drift", "site", "the site's clock runs \"ratio\" times real speed from now on (1 = no drift)"},
  };
  return kinds;
}

std::string FaultEvent::describe() const {
  std::string out = kind + " " + target;
  if (on) out += *on ? " on" : " off";
  if (duration) out += " for " + formatDuration(*duration);
  if (delay) out += " delay " + formatDuration(*delay);
  if (ratio) out += " ratio " + std::to_string(*ratio);
  return out;
}

std::vector<FaultEvent> parseFaultEvents(const json& events, const Scenario& scenario,
                                         std::vector<ConfigError>& errors) {
  std::vector<FaultEvent> out;
  Reader r(errors);
  if (!events.is_array()) {
    r.fail("events", "expected an array of {\"at\", \"kind\", ...}");
    return out;
  }
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string path = Reader::index("events", i);
    const json& v = events[i];
    auto fail = [&](const std::string& field, std::string message) {
      r.fail(field.empty() ? path : Reader::join(path, field), std::move(message));
    };
    if (!v.is_object()) {
      fail("", "expected an object with \"at\" and \"kind\"");
      continue;
    }
    FaultEvent e;
    e.path = path;
    if (!v.contains("at") || !v["at"].is_string() || !parseOffset(v["at"].get<std::string>())) {
      fail("at", "expected a time like 01:05 or 1h5m, got " + (v.contains("at") ? show(v["at"]) : "nothing"));
      continue;
    }
    e.at = *parseOffset(v["at"].get<std::string>());
    // value() would throw on a "kind" that is not a string; that is an unknown kind.
    const std::string kind = v.contains("kind") && v["kind"].is_string() ? v["kind"].get<std::string>() : "";
    const FaultKind* known = nullptr;
    for (const FaultKind& k : faultKinds()) {
      if (kind == k.name) known = &k;
    }
    if (known == nullptr) {
      std::string names;
      for (const FaultKind& k : faultKinds()) names += std::string(names.empty() ? "" : ", ") + k.name;
      fail("kind", "unknown kind " + (v.contains("kind") ? show(v["kind"]) : "(missing)") + " (expected one of " +
                       names + ")");
      continue;
    }
    e.kind = kind;
    const std::string field = known->targetField;
    if (field.empty()) {
      e.target = "engine";
    } else if (!v.contains(field) || !v[field].is_string()) {
      fail(field, "is required for " + kind);
      continue;
    } else {
      e.target = v[field].get<std::string>();
    }
    const bool exists = field == "server"       ? hasServer(scenario, e.target)
                        : field == "provider"   ? hasProvider(scenario, e.target)
                        : field == "indicator"  ? scenario.engine.findIndicator(e.target) != nullptr
                        : field == "scheme"     ? hasScheme(scenario, e.target)
                        : field == "nameserver" ? hasNameserver(scenario, e.target)
                        : field == "resolver"   ? hasResolver(scenario, e.target)
                        : field == "receiver"   ? hasReceiver(scenario, e.target)
                        : field == "site"       ? scenario.siteIndex(e.target) >= 0 || (e.target == "leader" && !scenario.sites.empty())
                        : field == "member"     ? hasMember(scenario, e.target)
                                                : true;
    if (!exists) {
      fail(field, "no " + field + " named \"" + e.target + "\" in this scenario");
      continue;
    }
    e.on = r.boolean(v, path, "on");
    e.duration = r.duration(v, path, "for", false);
    e.delay = r.duration(v, path, "delay", false);
    e.jitter = r.duration(v, path, "jitter", false);
    // A drift ratio is a speed (1.5 = half again as fast), not a share.
    e.ratio = kind == "clock_drift" ? r.number(v, path, "ratio") : r.ratio(v, path, "ratio");
    if (auto status = r.string(v, path, "status", false)) e.value = *status;
    if (auto value = r.string(v, path, "value", false)) e.value = *value;

    // What each kind needs beyond its target.
    auto need = [&](bool present, const char* key, const char* what) {
      if (!present) fail(key, std::string("is required for ") + kind + " (" + what + ")");
    };
    if (kind == "partition" || kind == "ns_down" || kind == "maintenance") need(e.on.has_value(), "on", "true or false");
    if (kind == "server_slow" || kind == "ns_lag" || kind == "resolver_clamp" || kind == "provider_slow" ||
        kind == "receiver_slow") {
      need(e.delay.has_value(), "delay", "a duration");
    }
    if (kind == "packet_loss" || kind == "provider_errors") need(e.ratio.has_value(), "ratio", "0..1");
    if (kind == "provider_outage" || kind == "provider_errors" || kind == "rate_limit_storm" ||
        kind == "receiver_errors") {
      need(e.duration.has_value(), "for", "a duration");
    }
    if (kind == "site_partition" || kind == "etcd_member_down") need(e.on.has_value(), "on", "true or false");
    if (kind == "site_pause") need(e.duration.has_value(), "for", "a duration");
    if (kind == "clock_drift") {
      need(e.ratio.has_value(), "ratio", "a speed > 0, 1 = real time");
      if (e.ratio && !(*e.ratio > 0.0 && *e.ratio <= 100.0)) fail("ratio", "expected a speed in (0, 100]");
    }
    if (kind == "site_partition") {
      const std::optional<std::string> from = r.string(v, path, "from", true);
      if (from && *from != "servers" && *from != "providers" && *from != "coordination" && !isIpAddress(*from)) {
        fail("from", "expected \"servers\", \"providers\", \"coordination\" or an IP address, got \"" + *from + "\"");
      }
      e.value = from.value_or("");
    }
    if (kind == "server_page" && e.value != "OK" && e.value != "ERR" && e.value != "schedule") {
      fail("status", "expected \"OK\", \"ERR\" or \"schedule\"");
    }
    if (kind == "credentials_rotated") {
      need(v.contains("secret") && v["secret"].is_string(), "secret", "the name of the provider-side secret");
      need(!e.value.empty(), "value", "the new secret value");
      if (v.contains("secret") && v["secret"].is_string()) e.target += "\n" + v["secret"].get<std::string>();
    }
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
  return out;
}

FaultInjector::FaultInjector(const Scenario& scenario, World& world, EngineHost* engine, Sites* sites,
                             WorldObserver& observer, TraceSink& trace, uint64_t seed)
    : scenario_(scenario),
      world_(world),
      engine_(engine),
      sites_(sites),
      observer_(observer),
      trace_(trace),
      random_(seed, /*stream=*/0xC4A5) {}

void FaultInjector::schedule() {
  for (const FaultEvent& event : scenario_.events) {
    Duration at = event.at;
    if (event.jitter && event.jitter->count() > 0) {
      at += Duration{static_cast<int64_t>(random_.below(static_cast<uint64_t>(event.jitter->count())))};
    }
    world_.kernel().scheduleAt(scenario_.start + at, [this, &event] { apply(event); });
  }
}

void FaultInjector::apply(const FaultEvent& event) {
  const TimePoint now = world_.kernel().now();
  // "site": "leader" is whoever holds the lease now, by the fake etcd (the
  // trace names that site; nobody: the fault hits no site).
  FaultEvent resolved;
  const bool byLeader = event.target == "leader" && world_.coordination() != nullptr;
  if (byLeader) {
    resolved = event;
    resolved.target = world_.coordination()->leaderAt(now);
    if (resolved.target.empty()) resolved.target = "(nobody)";
  }
  const FaultEvent& e = byLeader ? resolved : event;
  trace_.record(events::fault(now, e.kind, std::string_view(e.target).substr(0, e.target.find('\n')), e.on));

  const std::string& kind = e.kind;
  if (kind == "server_down" || kind == "server_up") {
    world_.network().link(world_.addressOf(e.target)).down = kind == "server_down";
  } else if (kind == "server_page") {
    world_.serverByName(e.target)->forceStatus(e.value == "schedule" ? std::nullopt
                                                                     : std::optional<bool>(e.value == "OK"));
  } else if (kind == "server_slow") {
    world_.network().link(world_.addressOf(e.target)).serverDelay = *e.delay;
  } else if (kind == "partition") {
    world_.network().link(world_.addressOf(e.target)).partitioned = *e.on;
  } else if (kind == "packet_loss") {
    world_.network().link(world_.addressOf(e.target)).loss = *e.ratio;
  } else if (kind == "provider_outage" || kind == "rate_limit_storm" || kind == "provider_errors") {
    fakes::FaultKnobs& knobs = world_.providerKnobs(e.target);
    const fakes::TimeWindow window{now, now + *e.duration};
    if (kind == "provider_outage") knobs.outages.push_back(window);
    if (kind == "rate_limit_storm") knobs.throttled.push_back(window);
    if (kind == "provider_errors") {
      // Windows may overlap: the ratio in force is the highest of the open
      // ones, recomputed at every start and end (restoring "the value before"
      // would resurrect a closed window's ratio).
      auto& windows = errorWindows_[e.target];
      windows.emplace_back(window, *e.ratio);
      auto recompute = [&knobs, &windows](TimePoint t) {
        double ratio = 0.0;
        for (const auto& [w, r] : windows) {
          if (w.contains(t)) ratio = std::max(ratio, r);
        }
        knobs.errorRatio = ratio;
      };
      recompute(now);
      world_.kernel().scheduleAt(window.to, [this, recompute] { recompute(world_.kernel().now()); });
    }
  } else if (kind == "provider_slow") {
    world_.network().link(world_.providerAddress(e.target)).latency = *e.delay;
  } else if (kind == "credentials_rotated") {
    const std::string secretName = e.target.substr(e.target.find('\n') + 1);
    world_.rotateProviderSecret(e.target.substr(0, e.target.find('\n')), secretName, e.value);
  } else if (kind == "record_deleted") {
    world_.zones().remove(now, e.target, "A");
  } else if (kind == "ns_lag") {
    world_.dns().nameserver(e.target)->setLag(*e.delay);
  } else if (kind == "ns_down") {
    world_.dns().nameserver(e.target)->setDown(*e.on);
  } else if (kind == "resolver_clamp") {
    world_.dns().resolver(e.target)->setMinTtl(*e.delay);
  } else if (kind == "receiver_down" || kind == "receiver_up") {
    world_.network().link(world_.receiverAddress(e.target)).down = kind == "receiver_down";
  } else if (kind == "receiver_errors") {
    world_.receiver(e.target)->errorStatus = 503;
    world_.kernel().scheduleAt(now + *e.duration, [this, target = e.target] { world_.receiver(target)->errorStatus = 0; });
  } else if (kind == "receiver_slow") {
    world_.receiver(e.target)->delay = *e.delay;
  } else if (kind == "maintenance") {
    eachEngine([&e](EngineHost& host) {
      host.control([target = e.target, on = *e.on](Engine& engine) { engine.setMaintenance(target, on); });
    });
  } else if (kind == "force_push") {
    eachEngine([&e](EngineHost& host) {
      host.control([target = e.target](Engine& engine) { engine.forcePush(target); });
    });
  } else if (kind == "engine_crash") {
    eachEngine([&e](EngineHost& host) { host.crash(e.duration.value_or(std::chrono::seconds{10})); });
  } else {
    applyToSite(e);
  }
  observer_.refreshServers();
}

void FaultInjector::eachEngine(const std::function<void(EngineHost&)>& action) {
  if (engine_ != nullptr) action(*engine_);
  for (size_t i = 0; sites_ != nullptr && i < sites_->size(); ++i) action(sites_->at(i).engine());
}

// The multi-site kinds (the loader saw that their site or member exists).
void FaultInjector::applyToSite(const FaultEvent& e) {
  const std::string& kind = e.kind;
  if (kind == "etcd_member_down") {
    CoordinationWorld* etcd = world_.coordination();
    assert(etcd != nullptr);
    etcd->setMemberDown(static_cast<size_t>(etcd->memberIndex(e.target)), *e.on);
    return;
  }
  SiteHost* site = sites_ == nullptr ? nullptr : sites_->named(e.target);
  if (site == nullptr) return;  // "leader" when nobody led
  if (kind == "site_partition") {
    for (const std::string& address : sites_->addressesOf(e.value)) site->network().cut(address, *e.on);
  } else if (kind == "site_pause") {
    site->pause(*e.duration);
  } else if (kind == "site_crash") {
    site->crash(e.duration.value_or(std::chrono::seconds{10}));
  } else if (kind == "clock_drift") {
    site->clock().setDrift(*e.ratio);
  }
}

}  // namespace dnsfailover::sim
