#include "sim/swarm.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "sim/record_order.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {
namespace {

constexpr uint64_t kSwarmStream = 0x5A7A'0000;
// Longest hold-off a provider fake asks for after a storm (Cloudflare's
// five-minute block), on top of the slowest backoff step.
constexpr Duration kProviderHoldOff = std::chrono::minutes{5};

class Drawer {
 public:
  Drawer(const Scenario& base, uint64_t seed)
      : base_(base), random_(seed, kSwarmStream), heal_(base.duration / 2) {}

  SwarmDraw draw() {
    SwarmDraw out{base_, {}, {}};
    out_ = &out;
    const std::string provider = base_.providers.empty() ? std::string{} : base_.providers.front().kind;
    if (!provider.empty()) {
      maybe("provider_errors", [&](const std::string&) {
        const double ratio = 0.05 + 0.6 * unit();
        window("provider_errors", provider, [&](FaultEvent& e) { e.ratio = ratio; });
        return rate(ratio);
      });
      maybe("provider_outage", [&](const std::string&) { return window("provider_outage", provider, {}); });
      maybe("rate_limit_storm", [&](const std::string&) { return window("rate_limit_storm", provider, {}); });
      maybe("provider_slow", [&](const std::string&) {
        const Duration delay{static_cast<int64_t>(random_.below(12'000))};
        const Duration usual = linkOf(providerAddress(provider)).latency;
        auto [from, to] = span();
        add(from, "provider_slow", provider, [&](FaultEvent& e) { e.delay = delay; });
        add(to, "provider_slow", provider, [&](FaultEvent& e) { e.delay = usual; });
        return formatDuration(delay);
      });
      maybe("force_push", [&](const std::string&) {
        if (base_.engine.schemes.empty()) return std::string("none");
        const int n = 1 + static_cast<int>(random_.below(4));
        for (int i = 0; i < n; ++i) add(instant(), "force_push", base_.engine.schemes.front().name, {});
        return std::to_string(n) + "x";
      });
    }
    if (!base_.servers.empty()) {
      maybe("server_flap", [&](const std::string&) {
        const ServerSpec& server = pick(base_.servers);
        const int n = 1 + static_cast<int>(random_.below(6));
        for (int i = 0; i < n; ++i) {
          auto [from, to] = span(std::chrono::minutes{3});
          add(from, "server_down", server.name, {});
          add(to, "server_up", server.name, {});
        }
        return server.name + " " + std::to_string(n) + "x";
      });
      maybe("server_slow", [&](const std::string&) {
        const ServerSpec& server = pick(base_.servers);
        const Duration delay{static_cast<int64_t>(500 + random_.below(5'000))};
        auto [from, to] = span();
        add(from, "server_slow", server.name, [&](FaultEvent& e) { e.delay = delay; });
        add(to, "server_slow", server.name, [&](FaultEvent& e) { e.delay = linkOf(server.address).serverDelay; });
        return server.name + " " + formatDuration(delay);
      });
      maybe("packet_loss", [&](const std::string&) {
        const ServerSpec& server = pick(base_.servers);
        const double ratio = 0.05 + 0.5 * unit();
        auto [from, to] = span();
        add(from, "packet_loss", server.name, [&](FaultEvent& e) { e.ratio = ratio; });
        add(to, "packet_loss", server.name, [&](FaultEvent& e) { e.ratio = linkOf(server.address).loss; });
        return server.name + " " + rate(ratio);
      });
      maybe("partition", [&](const std::string&) {
        const ServerSpec& server = pick(base_.servers);
        auto [from, to] = span();
        add(from, "partition", server.name, [&](FaultEvent& e) { e.on = true; });
        add(to, "partition", server.name, [&](FaultEvent& e) { e.on = false; });
        return server.name;
      });
    }
    if (!base_.nameservers.empty()) {
      maybe("ns_down", [&](const std::string&) {
        const NameserverSpec& ns = pick(base_.nameservers);
        auto [from, to] = span();
        add(from, "ns_down", ns.name, [&](FaultEvent& e) { e.on = true; });
        add(to, "ns_down", ns.name, [&](FaultEvent& e) { e.on = false; });
        return ns.name;
      });
    }
    maybe("engine_crash", [&](const std::string&) {
      const int n = 1 + static_cast<int>(random_.below(3));
      for (int i = 0; i < n; ++i) {
        const Duration down{static_cast<int64_t>(1'000 + random_.below(120'000))};
        add(instant(), "engine_crash", "", [&](FaultEvent& e) { e.duration = down; });
      }
      return std::to_string(n) + "x";
    });
    std::stable_sort(out.scenario.events.begin(), out.scenario.events.end(),
                     [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
    out.scenario.expectations = expectations();
    if (out.summary.empty()) out.summary = "no faults drawn";
    return out;
  }

 private:
  double unit() { return random_.unit(); }
  static std::string rate(double ratio) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", ratio);
    return text;
  }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[random_.below(items.size())];
  }

  // Each kind is on for this seed with probability one half.
  void maybe(const std::string& kind, const std::function<std::string(const std::string&)>& body) {
    if (random_.below(2) == 0) return;
    const std::string detail = body(kind);
    out_->kinds.push_back(kind);
    out_->summary += (out_->summary.empty() ? "" : ", ") + kind + (detail.empty() ? "" : " " + detail);
  }

  // An instant in [0, heal).
  Duration instant() { return Duration{static_cast<int64_t>(random_.below(static_cast<uint64_t>(heal_.count())))}; }
  // A window inside [0, heal), at most `longest` long (default: a quarter of it).
  std::pair<Duration, Duration> span(std::optional<Duration> longest = std::nullopt) {
    const Duration from = instant();
    const Duration room = heal_ - from;
    const Duration cap = std::min(room, longest.value_or(heal_ / 4));
    const Duration length{1 + static_cast<int64_t>(random_.below(static_cast<uint64_t>(std::max<int64_t>(1, cap.count()))))};
    return {from, std::min(heal_, from + length)};
  }
  std::string window(const std::string& kind, const std::string& target, const std::function<void(FaultEvent&)>& more) {
    const auto w = span();
    const Duration length = w.second - w.first;
    add(w.first, kind, target, [&](FaultEvent& e) {
      e.duration = length;
      if (more) more(e);
    });
    return formatDuration(length);
  }

  void add(Duration at, const std::string& kind, const std::string& target, const std::function<void(FaultEvent&)>& fill) {
    FaultEvent e;
    e.path = "swarm[" + std::to_string(added_++) + "]";
    e.at = at;
    e.kind = kind;
    e.target = target;
    if (fill) fill(e);
    out_->scenario.events.push_back(std::move(e));
  }

  std::string providerAddress(const std::string& kind) const {
    for (const ProviderSpec& p : base_.providers) {
      if (p.kind == kind) return p.address;
    }
    return {};
  }
  const LinkConditions& linkOf(const std::string& address) const {
    for (const LinkSpec& link : base_.links) {
      if (link.address == address) return link.conditions;
    }
    return base_.network;
  }

  std::vector<Expectation> expectations() const {
    std::vector<Expectation> kept;
    Duration slowest{};
    for (const SchemeConfig& scheme : base_.engine.schemes) {
      for (Duration step : scheme.pushBackoff) slowest = std::max(slowest, step);
      if (!recordOrderApplies(scheme.answer.mode)) continue;
      Expectation e;
      e.kind = Expectation::Kind::NoStaleRecord;
      e.path = "swarm.expectations[" + std::to_string(kept.size()) + "]";
      e.scheme = scheme.name;
      kept.push_back(e);
    }
    const Duration caughtUp = heal_ + slowest + kProviderHoldOff;
    for (const Expectation& e : base_.expectations) {
      switch (e.kind) {
        case Expectation::Kind::NoStaleRecord:
        case Expectation::Kind::NoPushAfterRestart:
        case Expectation::Kind::HistoryComplete:
          kept.push_back(e);
          break;
        case Expectation::Kind::RecordFollowsTruth:
          if (caughtUp + e.within < base_.duration) {
            Expectation late = e;
            late.from = std::max(e.from.value_or(Duration{}), caughtUp);
            kept.push_back(late);
          }
          break;
        default:
          break;  // the scenario's happy path: the drawn faults may rightly break it
      }
    }
    return kept;
  }

  const Scenario& base_;
  SeededRandom random_;
  Duration heal_;
  SwarmDraw* out_ = nullptr;
  int added_ = 0;
};

}  // namespace

SwarmDraw drawSwarm(const Scenario& base, uint64_t seed) { return Drawer(base, seed).draw(); }

}  // namespace dnsfailover::sim
