#include "sim/world_observer.h"

#include <algorithm>

namespace dnsfailover::sim {

WorldObserver::WorldObserver(const Scenario& scenario, World& world, uint64_t seed, TraceSink& trace)
    : scenario_(scenario), world_(world), seed_(seed), trace_(trace) {}

void WorldObserver::start() {
  trace_.record(events::runStart(world_.kernel().now(), scenario_.name, static_cast<int64_t>(seed_)));
  for (const fakes::RecordChange& change : world_.zones().changes()) {
    if (change.value && watched(change)) {
      trace_.record(events::record(world_.kernel().now(), change.name, change.type, *change.value));
    }
  }
  world_.zones().addListener([this](const fakes::RecordChange& change) {
    if (!watched(change)) return;
    trace_.record(events::record(change.at, change.name, change.type, change.value.value_or("")));
  });
  refreshServers();
}

// Only the records the schemes keep: glue and other zone data are not news.
bool WorldObserver::watched(const fakes::RecordChange& change) const {
  if (change.type != "A" && change.type != "AAAA") return false;
  for (const SchemeConfig& scheme : scenario_.engine.schemes) {
    if (scheme.fqdn == change.name) return true;
  }
  return false;
}

void WorldObserver::refreshServers() {
  const TimePoint now = world_.kernel().now();
  for (const ServerSpec& server : scenario_.servers) {
    const bool serving = world_.serving(server.address, now);
    auto [it, fresh] = lastState_.emplace(server.address, serving);
    if (!fresh && it->second == serving) continue;
    it->second = serving;
    history_[server.address].emplace_back(now, serving);
    if (!fresh && (changeTimes_.empty() || changeTimes_.back() != now)) changeTimes_.push_back(now);
    trace_.record(events::serverState(now, server.name, server.address, serving));
  }
  scheduleNextFlip();
}

void WorldObserver::scheduleNextFlip() {
  world_.kernel().cancel(flipTimer_);
  flipTimer_ = kNoTimer;
  const TimePoint now = world_.kernel().now();
  const auto changes = world_.truthChanges(now, now + std::chrono::hours{2});
  if (changes.empty()) return;
  flipTimer_ = world_.kernel().scheduleAt(changes.front(), [this] {
    flipTimer_ = kNoTimer;
    refreshServers();
  });
}

void WorldObserver::finish(TimePoint end) {
  trace_.record(events::runEnd(end, scenario_.name));
}

}  // namespace dnsfailover::sim

namespace dnsfailover::sim {

bool WorldObserver::servingAt(const std::string& address, TimePoint t) const {
  auto it = history_.find(address);
  if (it == history_.end()) return false;
  const auto& states = it->second;  // in time order
  const auto after = std::upper_bound(states.begin(), states.end(), t,
                                      [](TimePoint value, const auto& state) { return value < state.first; });
  return after != states.begin() && std::prev(after)->second;
}

}  // namespace dnsfailover::sim
