#include "sim/check/check_world.h"

#include <algorithm>
#include <cmath>

#include "sim/check/world_around.h"
#include "sim/offset.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;
using std::chrono::duration_cast;
using std::chrono::milliseconds;
using std::chrono::seconds;

// Draws from one stream of the seed, clear of the run's own streams.
class Dice {
 public:
  explicit Dice(uint64_t seed) : random_(seed, /*stream=*/0xC4EC) {}
  bool chance(double p) { return random_.unit() < p; }
  int64_t between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(random_.below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Log-uniform, so short and long outages are both common.
  Duration length(Duration lo, Duration hi) {
    const double a = std::log(static_cast<double>(lo.count())), b = std::log(static_cast<double>(hi.count()));
    return Duration{static_cast<int64_t>(std::exp(a + (b - a) * random_.unit()))};
  }
  double ratio(double lo, double hi) { return std::round((lo + (hi - lo) * random_.unit()) * 100.0) / 100.0; }
  template <class T>
  const T& pick(const std::vector<T>& from) {
    return from[random_.below(from.size())];
  }

 private:
  SeededRandom random_;
};

}  // namespace

std::string clockOffset(Duration offset) {
  const auto total = duration_cast<seconds>(offset).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  return buf;
}

json checkScenario(const json& config, const EngineConfig& loaded, uint64_t seed, const CheckWorldOptions& options) {
  Dice dice(seed);
  WorldShape shape;
  shape.start = options.start;
  shape.duration = options.duration;

  // Authoritative nameservers: a primary and lagging secondaries.
  const int secondaries = static_cast<int>(dice.between(1, 4));
  std::vector<std::string> secondaryNames;
  for (int i = 0; i <= secondaries; ++i) {
    const std::string name = "ns" + std::to_string(i + 1) + ".dns-host.test";
    json ns = {{"name", name}, {"role", i == 0 ? "primary" : "secondary"}};
    if (i > 0) {
      const int64_t lo = dice.between(1, 10);
      ns["lag"] = json::array({std::to_string(lo) + "s", std::to_string(lo + dice.between(0, 60)) + "s"});
      secondaryNames.push_back(name);
    }
    shape.nameservers.push_back(ns);
  }
  std::vector<std::string> resolverNames;
  for (const auto& [name, address] : worldResolvers(loaded, shape)) {
    json r = {{"name", name}, {"address", address}};
    if (dice.chance(0.3)) r["serve_stale"] = true;
    shape.resolvers.push_back(r);
    resolverNames.push_back(name);
  }

  const std::vector<MemberServer> servers = memberServers(loaded);
  std::vector<std::string> memberNames, failingNames;
  for (const MemberServer& s : servers) {
    if (options.catSchedule && s.rank < 2) shape.roles[s.name] = s.rank == 0 ? "main" : "backup";
    memberNames.push_back(s.name);
    // Members that may fail together: all but each scheme's last.
    bool last = false;
    for (const SchemeConfig& scheme : loaded.schemes) {
      if (scheme.members.size() > 1 && scheme.members.back().address == s.address) last = true;
    }
    if (!last) failingNames.push_back(s.name);
  }
  if (failingNames.empty()) failingNames = memberNames;

  // The fault timeline: kinds switched on per seed, then drawn.
  json& events = shape.events;
  const Duration firstAt = std::chrono::minutes{5};
  const Duration lastEnd = options.duration - std::chrono::minutes{30};
  auto instant = [&](Duration length) {
    const Duration room = std::max(Duration{1000}, lastEnd - length - firstAt);
    return firstAt + Duration{dice.between(0, room.count())};
  };
  auto add = [&](Duration at, json e) {
    e["at"] = millis(at);
    events.push_back(std::move(e));
  };
  std::vector<std::string> kinds;
  if (!memberNames.empty() && dice.chance(0.7)) {
    kinds.push_back("outages");
    const int n = static_cast<int>(dice.between(1, 6));
    for (int i = 0; i < n; ++i) {
      const Duration len = dice.length(seconds{10}, std::chrono::minutes{40});
      const Duration at = instant(len);
      const std::string& who = dice.pick(failingNames);
      if (dice.chance(0.5)) {
        add(at, {{"kind", "server_page"}, {"server", who}, {"status", "ERR"}});
        add(at + len, {{"kind", "server_page"}, {"server", who}, {"status", "schedule"}});
      } else {
        add(at, {{"kind", "server_down"}, {"server", who}});
        add(at + len, {{"kind", "server_up"}, {"server", who}});
      }
    }
  }
  if (failingNames.size() >= 2 && dice.chance(0.4)) {
    kinds.push_back("joint_outage");
    const Duration len = dice.length(std::chrono::minutes{1}, std::chrono::minutes{30});
    const Duration at = instant(len);
    for (const std::string& who : failingNames) {
      add(at, {{"kind", "server_page"}, {"server", who}, {"status", "ERR"}});
      add(at + len, {{"kind", "server_page"}, {"server", who}, {"status", "schedule"}});
    }
  }
  if (!memberNames.empty() && dice.chance(0.3)) {
    kinds.push_back("flapping");
    const std::string& who = dice.pick(failingNames);
    const int cycles = static_cast<int>(dice.between(3, 10));
    const Duration down = seconds{dice.between(5, 40)}, up = seconds{dice.between(5, 40)};
    Duration at = instant((down + up) * cycles);
    for (int i = 0; i < cycles; ++i) {
      add(at, {{"kind", "server_down"}, {"server", who}});
      add(at + down, {{"kind", "server_up"}, {"server", who}});
      at += down + up;
    }
  }
  if (!memberNames.empty() && dice.chance(0.3)) {
    kinds.push_back("slow_page");
    const Duration len = dice.length(std::chrono::minutes{1}, std::chrono::minutes{20});
    const Duration at = instant(len);
    const std::string& who = dice.pick(memberNames);
    add(at, {{"kind", "server_slow"}, {"server", who}, {"delay", millis(milliseconds{dice.between(500, 6000)})}});
    add(at + len, {{"kind", "server_slow"}, {"server", who}, {"delay", "0s"}});
  }
  if (!memberNames.empty() && dice.chance(0.25)) {
    kinds.push_back("monitor_partition");
    const Duration len = dice.length(seconds{30}, std::chrono::minutes{20});
    const Duration at = instant(len);
    const std::string& who = dice.pick(memberNames);
    add(at, {{"kind", "partition"}, {"server", who}, {"on", true}});
    add(at + len, {{"kind", "partition"}, {"server", who}, {"on", false}});
  }
  std::vector<std::string> providerKinds;
  for (const SchemeConfig& s : loaded.schemes) {
    const std::string kind = s.provider == ProviderKind::HeDyn ? "he.net" : "cloudflare";
    if (std::find(providerKinds.begin(), providerKinds.end(), kind) == providerKinds.end()) providerKinds.push_back(kind);
  }
  if (!providerKinds.empty() && dice.chance(0.35)) {
    kinds.push_back("provider_5xx");
    const Duration len = dice.length(std::chrono::minutes{1}, std::chrono::minutes{30});
    add(instant(len), {{"kind", "provider_errors"}, {"provider", dice.pick(providerKinds)}, {"ratio", dice.ratio(0.2, 0.9)},
                       {"for", millis(len)}});
  }
  if (!providerKinds.empty() && dice.chance(0.25)) {
    kinds.push_back("provider_429");
    const Duration len = dice.length(std::chrono::minutes{1}, std::chrono::minutes{15});
    add(instant(len), {{"kind", "rate_limit_storm"}, {"provider", dice.pick(providerKinds)}, {"for", millis(len)}});
  }
  if (!providerKinds.empty() && dice.chance(0.2)) {
    kinds.push_back("provider_outage");
    const Duration len = dice.length(std::chrono::minutes{1}, std::chrono::minutes{30});
    add(instant(len), {{"kind", "provider_outage"}, {"provider", dice.pick(providerKinds)}, {"for", millis(len)}});
  }
  if (!secondaryNames.empty() && dice.chance(0.3)) {
    kinds.push_back("ns_lag");
    const Duration len = dice.length(std::chrono::minutes{5}, std::chrono::hours{2});
    const Duration at = instant(len);
    const std::string& who = dice.pick(secondaryNames);
    add(at, {{"kind", "ns_lag"}, {"nameserver", who}, {"delay", millis(seconds{dice.between(30, 300)})}});
    add(at + len, {{"kind", "ns_lag"}, {"nameserver", who}, {"delay", "5s"}});
  }
  if (!resolverNames.empty() && dice.chance(0.3)) {
    kinds.push_back("resolver_clamp");
    add(Duration{0}, {{"kind", "resolver_clamp"}, {"resolver", dice.pick(resolverNames)},
                      {"delay", millis(std::chrono::minutes{dice.between(5, 60)})}});
  }
  // By instant, then as drawn.
  std::stable_sort(events.begin(), events.end(), [](const json& a, const json& b) {
    return parseOffset(a["at"].get<std::string>()).value_or(Duration{0}) <
           parseOffset(b["at"].get<std::string>()).value_or(Duration{0});
  });

  shape.purpose = "check world, faults:";
  for (const std::string& k : kinds) shape.purpose += " " + k;
  if (kinds.empty()) shape.purpose += " none";
  json scenario = scenarioAround(config, loaded, shape);
  scenario["seed"] = seed;
  return scenario;
}

}  // namespace dnsfailover::sim
