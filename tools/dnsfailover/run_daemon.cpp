#include "tools/dnsfailover/run_daemon.h"

#include <cstdio>
#include <set>

#include "engine/config/config_loader.h"
#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/credential_check.h"

namespace dnsfailover::cli {
namespace {

void logLine(const std::string& line) {
  std::fprintf(stderr, "dnsfailover run: %s\n", line.c_str());
  std::fflush(stderr);
}

bool sameConfig(const IndicatorState& a, const IndicatorState& b) { return a.configKey == b.configKey; }
bool sameConfig(const SchemeState& a, const SchemeState& b) {
  return a.configKey == b.configKey && a.targetKey == b.targetKey;
}

// Names present on one side only, or whose config fingerprints differ.
template <typename Map>
int64_t countChanged(const Map& before, const Map& after) {
  std::set<std::string> names;
  for (const auto& [name, _] : before) names.insert(name);
  for (const auto& [name, _] : after) names.insert(name);
  int64_t changed = 0;
  for (const std::string& name : names) {
    auto b = before.find(name);
    auto a = after.find(name);
    if (b == before.end() || a == after.end() || !sameConfig(b->second, a->second)) ++changed;
  }
  return changed;
}

}  // namespace

std::optional<EngineConfig> readRunConfig(const std::string& file, std::vector<std::string>& errors) {
  const std::optional<nlohmann::json> root = readJsonFileOrReport(file);
  if (!root) {
    errors.push_back(file + ": cannot be read as JSON (see above)");
    return std::nullopt;
  }
  ConfigLoad load = loadEngineConfig(*root);
  for (const auto& e : load.errors) errors.push_back(file + ": " + e.format());
  if (!load.ok()) return std::nullopt;
  for (const auto& e : checkCredentials(load.config)) errors.push_back(file + ": " + e.format());
  if (!errors.empty()) return std::nullopt;
  return std::move(load.config);
}

Daemon::Daemon(std::string configFile, EngineConfig config, EnginePorts ports)
    : configFile_(std::move(configFile)), config_(std::move(config)), ports_(ports) {
  engine_ = std::make_unique<Engine>(config_, ports_);
}

Daemon::~Daemon() { stop(); }

void Daemon::start() { engine_->start(); }

void Daemon::stop() {
  if (stopped_) return;
  stopped_ = true;
  lifetime_.end();
  ports_.scheduler.cancel(waitTimer_);
  waitTimer_ = kNoTimer;
  engine_->stop();
}

void Daemon::requestReload() {
  if (stopped_) return;
  if (reloading_) {
    reloadAgain_ = true;
    logLine("SIGHUP: a reload already waits for a push; " + configFile_ + " is read again after it");
    return;
  }
  beginReload();
}

void Daemon::beginReload() {
  logLine("SIGHUP: reloading " + configFile_);
  std::vector<std::string> errors;
  std::optional<EngineConfig> next = readRunConfig(configFile_, errors);
  if (!next) {
    for (const std::string& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
    logLine(configFile_ + ": " + std::to_string(errors.size()) +
            " error(s); reload refused, still running the previous config");
    record(events::configReload(ports_.scheduler.now(), false, static_cast<int64_t>(errors.size()), 0, 0));
    finished(false, errors.size());
    return;
  }
  const StoreConfig& was = config_.store;
  const StoreConfig& now = next->store;
  if (was.path != now.path || was.historyRetention != now.historyRetention ||
      was.historyMaxEvents != now.historyMaxEvents) {
    logLine(configFile_ + ": the store settings changed; they take effect at the next start");
  }
  // The site is the command line's, not the file's; the etcd session was
  // built once at start.
  next->site = config_.site;
  if (next->sites.enabled != config_.sites.enabled || next->sites.names != config_.sites.names ||
      next->sites.coordination.endpoints != config_.sites.coordination.endpoints ||
      next->sites.coordination.prefix != config_.sites.coordination.prefix ||
      next->sites.coordination.leaseTtl != config_.sites.coordination.leaseTtl) {
    std::fprintf(stderr, "%s: sites or coordination changed; reload refused, restart to apply them\n",
                 configFile_.c_str());
    logLine(configFile_ + ": sites or coordination changed; reload refused, restart to apply them");
    record(events::configReload(ports_.scheduler.now(), false, 1, 0, 0));
    finished(false, 1);
    return;
  }
  if (!engine_->pushInFlight()) {
    swap(std::move(*next), false);
    return;
  }
  reloading_ = true;
  logLine("reload waits for the push in flight (at most " + formatDuration(kPushWaitLimit) + ")");
  waitForPush(std::move(*next), ports_.scheduler.now() + kPushWaitLimit);
}

void Daemon::waitForPush(EngineConfig next, TimePoint deadline) {
  if (!engine_->pushInFlight()) {
    swap(std::move(next), false);
    return;
  }
  if (ports_.scheduler.now() >= deadline) {
    logLine("a push is still in flight after " + formatDuration(kPushWaitLimit) +
            "; reloading anyway: its outcome is unknown, so that address is pushed again");
    swap(std::move(next), true);
    return;
  }
  // The config is moved into the timer task; shared so the task stays copyable.
  auto held = std::make_shared<EngineConfig>(std::move(next));
  waitTimer_ = ports_.scheduler.scheduleAfter(kPushPollInterval, lifetime_.guard([this, held, deadline] {
    waitTimer_ = kNoTimer;
    waitForPush(std::move(*held), deadline);
  }));
}

void Daemon::swap(EngineConfig next, bool pushCutOff) {
  reloading_ = false;
  engine_->stop();
  const EngineState state = engine_->captureState();
  auto fresh = std::make_unique<Engine>(next, ports_);
  fresh->startFrom(state);
  engine_ = std::move(fresh);  // the old engine is stopped; its late callbacks are guarded
  config_ = std::move(next);
  const EngineState after = engine_->captureState();
  const int64_t indicators = countChanged(state.indicators, after.indicators);
  const int64_t schemes = countChanged(state.schemes, after.schemes);
  logLine("reloaded " + configFile_ + ": " + std::to_string(config_.indicators.size()) + " indicators, " +
          std::to_string(config_.schemes.size()) + " schemes (" + std::to_string(indicators) +
          " indicators and " + std::to_string(schemes) + " schemes changed)" +
          (pushCutOff ? "; the push that was in flight is repeated" : ""));
  record(events::configReload(ports_.scheduler.now(), true, 0, indicators, schemes));
  finished(true, 0);
}

void Daemon::finished(bool ok, size_t errors) {
  lastReload_ = ReloadOutcome{true, ok, ports_.scheduler.now(), errors};
  if (onReloaded_) onReloaded_(*engine_, lastReload_);
  if (reloadAgain_ && !stopped_) {
    reloadAgain_ = false;
    beginReload();
  }
}

void Daemon::record(const TraceEvent& event) {
  try {
    StoreStep step;
    step.events.push_back(event);
    ports_.store->commit(step);
  } catch (const StoreError& e) {
    logLine("the store could not record a " + std::string(event.typeName()) + " event: " + e.what());
  }
  ports_.trace.record(event);
}

}  // namespace dnsfailover::cli
