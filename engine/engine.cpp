#include "engine/engine.h"

#include "engine/providers/provider_factory.h"

namespace dnsfailover {

Engine::Engine(const EngineConfig& config, EnginePorts ports) : ports_(ports) {
  for (const IndicatorConfig& ic : config.indicators) {
    auto indicator = std::make_unique<Indicator>(ic, ports.scheduler, ports.http, ports.random, ports.trace);
    indicatorByName_[ic.name] = indicator.get();
    indicators_.push_back(std::move(indicator));
  }
  for (const SchemeConfig& sc : config.schemes) {
    std::vector<Indicator*> members;
    for (const MemberConfig& m : sc.members) members.push_back(indicatorByName_.at(m.indicator));
    auto scheme = std::make_unique<Scheme>(sc, members, makeProvider(sc, ports.http, ports.secrets, ports.scheduler),
                                           ports.scheduler, ports.trace);
    Scheme* raw = scheme.get();
    for (Indicator* member : members) {
      member->addListener([raw](const Indicator&) { raw->reconsider(); });
    }
    if (ports.dns != nullptr && config.propagation.enabled) {
      watchers_.push_back(std::make_unique<PropagationWatcher>(sc, config.propagation, *ports.dns, ports.scheduler, ports.trace));
      raw->syncer().setSyncedListener([w = watchers_.back().get()](const std::string& a) { w->onPushed(a); });
    }
    schemes_.push_back(std::move(scheme));
  }
}

Engine::~Engine() { stop(); }

void Engine::start() {
  for (auto& indicator : indicators_) indicator->start();
  for (auto& scheme : schemes_) scheme->start();
  for (auto& watcher : watchers_) watcher->start();
}

void Engine::stop() {
  for (auto& indicator : indicators_) indicator->stop();
  for (auto& watcher : watchers_) watcher->stop();
}

bool Engine::setMaintenance(const std::string& indicator, bool on) {
  Indicator* found = findIndicator(indicator);
  if (found == nullptr) return false;
  found->setMaintenance(on);
  return true;
}

bool Engine::forcePush(const std::string& scheme) {
  Scheme* found = findScheme(scheme);
  if (found == nullptr) return false;
  found->forcePush();
  return true;
}

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
