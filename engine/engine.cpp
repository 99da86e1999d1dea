#include "engine/engine.h"

#include <stdexcept>

#include "engine/ports/trace_events.h"
#include "engine/providers/provider_factory.h"
#include "engine/state/config_keys.h"

namespace dnsfailover {

Engine::Engine(const EngineConfig& config, EnginePorts ports) : ports_(std::move(ports)) {
  Scheduler* scheduler = &ports_.scheduler;
  HttpClient* http = &ports_.http;
  DnsClient* dns = ports_.dns;
  TcpClient* tcp = ports_.tcp;
  ProcessRunner* process = ports_.process;
  out_.add(ports_.trace);
  trace_ = &out_;
  if (ports_.store != nullptr) {
    journal_.emplace(*ports_.store, out_, ports_.onStoreError, ports_.emitted);
    trace_ = &*journal_;
    StepBoundary boundary{lifetime_, [this] { endStep(); }};
    scheduler = &stepScheduler_.emplace(ports_.scheduler, boundary);
    http = &stepHttp_.emplace(ports_.http, boundary);
    if (dns != nullptr) dns = &stepDns_.emplace(*dns, boundary);
    if (tcp != nullptr) tcp = &stepTcp_.emplace(*tcp, boundary);
    if (process != nullptr) process = &stepProcess_.emplace(*process, boundary);
  }
  bool notifies = !config.notify.empty();
  for (const SchemeConfig& sc : config.schemes) notifies = notifies || !sc.notify.empty();
  if (notifies && !ports_.dryRun) {
    notifier_ = std::make_unique<Notifier>(config, Notifier::Ports{*scheduler, *http, process, ports_.secrets, *trace_});
    out_.add(*notifier_);
  }

  for (const IndicatorConfig& ic : config.indicators) {
    auto indicator = std::make_unique<Indicator>(ic, *scheduler, *http, ports_.random, *trace_, tcp);
    const size_t index = indicators_.size();
    if (journal_) {
      indicator->setStateListener([this, index] {
        if (!dirtyIndicators_[index]) dirtyIndicatorList_.push_back(index);
        dirtyIndicators_[index] = true;
      });
    }
    indicatorByName_[ic.name] = indicator.get();
    indicatorKeys_.push_back(indicatorConfigKey(ic));
    indicators_.push_back(std::move(indicator));
  }
  for (const SchemeConfig& sc : config.schemes) {
    std::vector<Indicator*> members;
    for (const MemberConfig& m : sc.members) members.push_back(indicatorByName_.at(m.indicator));
    auto scheme = std::make_unique<Scheme>(
        sc, members, makeProvider(sc, *http, ports_.secrets, *scheduler, dns, &ports_.random), *scheduler, *trace_);
    Scheme* raw = scheme.get();
    raw->syncer().setDryRun(ports_.dryRun);
    for (Indicator* member : members) {
      member->addListener([raw](const Indicator&) { raw->reconsider(); });
    }
    const size_t index = schemes_.size();
    if (journal_ || config.sites.enabled) {
      raw->syncer().setStateListener([this, index] {
        if (sites_) sites_->schemeChanged(index);
        if (!journal_) return;
        if (!dirtySchemes_[index]) dirtySchemeList_.push_back(index);
        dirtySchemes_[index] = true;
      });
    }
    if (dns != nullptr && config.propagation.enabled) {
      watchers_.push_back(std::make_unique<PropagationWatcher>(sc, config.propagation, *dns, *scheduler, *trace_));
      raw->syncer().setSyncedListener(
          [w = watchers_.back().get()](const RecordSet& records, bool proxied) { w->onPushed(records, proxied); });
    }
    watcherOf_.push_back(dns != nullptr && config.propagation.enabled ? watchers_.back().get() : nullptr);
    schemeMemberKeys_.push_back(schemeMembersKey(sc));
    schemeTargetKeys_.push_back(schemeTargetKey(sc));
    schemes_.push_back(std::move(scheme));
  }
  dirtyIndicators_.assign(indicators_.size(), false);
  dirtySchemes_.assign(schemes_.size(), false);
  sitesConfigured_ = config.sites.enabled;
  if (sitesConfigured_) {
    if (ports_.coordination == nullptr) {
      sitesProblem_ = "the config has \"sites\" but this engine has no coordination service to share them through";
    } else if (!config.sites.hasSite(config.site)) {
      std::string names;
      for (const std::string& n : config.sites.names) names += (names.empty() ? "" : ", ") + n;
      sitesProblem_ = (config.site.empty() ? std::string("no site given (dnsfailover run --site NAME)")
                                           : "site \"" + config.site + "\" is not one of sites.names") +
                      "; expected one of: " + names;
    } else {
      std::vector<Indicator*> indicators;
      for (auto& i : indicators_) indicators.push_back(i.get());
      std::vector<Scheme*> schemes;
      for (auto& sc : schemes_) schemes.push_back(sc.get());
      sites_ = std::make_unique<SiteCoordinator>(
          config, SiteCoordinator::Parts{*scheduler, *http, ports_.random, *trace_, *ports_.coordination,
                                         std::move(indicators), std::move(schemes), [this] { endStep(); }});
    }
  }
}

Engine::~Engine() { halt(); }

void Engine::start() {
  std::optional<EngineState> stored;
  if (ports_.store != nullptr) stored = ports_.store->load();
  startWith(stored ? &*stored : nullptr);
}

void Engine::startFrom(const EngineState& state) { startWith(&state); }

void Engine::startWith(const EngineState* state) {
  if (running_) return;
  if (sitesConfigured_ && !sites_) throw std::invalid_argument(sitesProblem_);
  running_ = true;
  int64_t restoredIndicators = 0;
  int64_t restoredSchemes = 0;
  if (state != nullptr) {
    for (size_t i = 0; i < indicators_.size(); ++i) {
      auto it = state->indicators.find(indicators_[i]->name());
      // A changed check or policy earned nothing yet: start that one afresh.
      if (it == state->indicators.end() || it->second.configKey != indicatorKeys_[i]) continue;
      indicators_[i]->restoreState(it->second);
      ++restoredIndicators;
    }
    for (size_t i = 0; i < schemes_.size(); ++i) {
      auto it = state->schemes.find(schemes_[i]->name());
      if (it == state->schemes.end() || it->second.targetKey != schemeTargetKeys_[i]) continue;
      schemes_[i]->restoreState(it->second, it->second.configKey == schemeMemberKeys_[i]);
      ++restoredSchemes;
    }
    // Names the config no longer has leave the store.
    for (const auto& [name, s] : state->indicators) {
      if (findIndicator(name) == nullptr) removedIndicators_.push_back(name);
    }
    for (const auto& [name, s] : state->schemes) {
      if (findScheme(name) == nullptr) removedSchemes_.push_back(name);
    }
  }
  if (notifier_) {
    // A restored choice is the baseline: the next change is news, the restart is not.
    for (const auto& scheme : schemes_) {
      if (!scheme->selected()) continue;
      const MemberConfig& m = scheme->config().members[*scheme->selected()];
      notifier_->seed(scheme->name(), m.priority, m.address);
    }
  }
  trace_->record(events::engineStart(ports_.scheduler.now(), state != nullptr, restoredIndicators, restoredSchemes));
  for (auto& indicator : indicators_) indicator->start();
  for (auto& scheme : schemes_) scheme->start();
  for (auto& watcher : watchers_) watcher->start();
  if (sites_) sites_->start();
  // The stored keys follow the config now.
  for (size_t i = 0; i < indicators_.size(); ++i) {
    if (!dirtyIndicators_[i]) dirtyIndicatorList_.push_back(i);
    dirtyIndicators_[i] = true;
  }
  for (size_t i = 0; i < schemes_.size(); ++i) {
    if (!dirtySchemes_[i]) dirtySchemeList_.push_back(i);
    dirtySchemes_[i] = true;
  }
  endStep();
}

void Engine::stop() {
  if (!running_) return;
  trace_->record(events::engineStop(ports_.scheduler.now()));
  endStep();
  halt();
}

void Engine::halt() {
  running_ = false;
  lifetime_.end();
  if (sites_) sites_->stop();
  for (auto& indicator : indicators_) indicator->stop();
  for (auto& scheme : schemes_) scheme->stop();
  for (auto& watcher : watchers_) watcher->stop();
  if (notifier_) notifier_->stop();
}

void Engine::endStep() {
  if (!journal_) return;
  StoreStep step;
  step.indicators.reserve(dirtyIndicatorList_.size());
  for (size_t i : dirtyIndicatorList_) {
    step.indicators.push_back(indicatorState(i));
    dirtyIndicators_[i] = false;
  }
  step.schemes.reserve(dirtySchemeList_.size());
  for (size_t i : dirtySchemeList_) {
    step.schemes.push_back(schemeState(i));
    dirtySchemes_[i] = false;
  }
  dirtyIndicatorList_.clear();
  dirtySchemeList_.clear();
  step.removedIndicators = std::move(removedIndicators_);
  step.removedSchemes = std::move(removedSchemes_);
  removedIndicators_.clear();
  removedSchemes_.clear();
  journal_->commit(std::move(step));
}

IndicatorState Engine::indicatorState(size_t index) const {
  IndicatorState s = indicators_[index]->captureState();
  s.configKey = indicatorKeys_[index];
  return s;
}

SchemeState Engine::schemeState(size_t index) const {
  SchemeState s = schemes_[index]->captureState();
  s.configKey = schemeMemberKeys_[index];
  s.targetKey = schemeTargetKeys_[index];
  return s;
}

EngineState Engine::captureState() const {
  EngineState state;
  for (size_t i = 0; i < indicators_.size(); ++i) state.indicators[indicators_[i]->name()] = indicatorState(i);
  for (size_t i = 0; i < schemes_.size(); ++i) state.schemes[schemes_[i]->name()] = schemeState(i);
  return state;
}

bool Engine::pushInFlight() const {
  for (const auto& scheme : schemes_) {
    if (scheme->syncer().inFlight()) return true;
  }
  return false;
}

bool Engine::setMaintenance(const std::string& indicator, bool on) {
  Indicator* found = findIndicator(indicator);
  if (found == nullptr) return false;
  found->setMaintenance(on);
  endStep();
  return true;
}

bool Engine::forcePush(const std::string& scheme) {
  Scheme* found = findScheme(scheme);
  if (found == nullptr) return false;
  found->forcePush();
  endStep();
  return true;
}

std::vector<SiteView> Engine::sites() const { return sites_ ? sites_->sites() : std::vector<SiteView>{}; }

std::vector<QuorumView> Engine::quorums() const { return sites_ ? sites_->quorums() : std::vector<QuorumView>{}; }

LeaderView Engine::leader() const { return sites_ ? sites_->leader() : LeaderView{}; }

bool Engine::coordinationReachable() const { return sites_ && sites_->reachable(); }

Indicator* Engine::findIndicator(const std::string& name) {
  auto it = indicatorByName_.find(name);
  return it == indicatorByName_.end() ? nullptr : it->second;
}

Scheme* Engine::findScheme(const std::string& name) {
  for (auto& scheme : schemes_) {
    if (scheme->name() == name) return scheme.get();
  }
  return nullptr;
}

}  // namespace dnsfailover
