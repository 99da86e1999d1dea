#include "sim/sites.h"

#include <algorithm>
#include <cassert>

#include "engine/coordination/etcd_coordination.h"
#include "sim/coordination_world.h"
#include "sim/scenario.h"
#include "sim/world.h"

namespace dnsfailover::sim {
namespace {

// Each site's engine draws from a stream of its own.
constexpr uint64_t kSiteRandomStreams = 0x517E'0000;

}  // namespace

void SiteTagSink::record(const TraceEvent& event) {
  TraceEvent tagged = event;
  tagged.with(field::origin, site_);
  next_.record(tagged);
}

SiteHost::SiteHost(const Scenario& scenario, World& world, size_t index, uint64_t seed, TraceSink& trace,
                   bool withStore, const std::set<std::string>& providers, std::vector<ProviderRequest>& providerLog)
    : spec_(scenario.sites.at(index)),
      world_(world),
      config_(scenario.engine),
      trace_(spec_.name, trace),
      clock_(world.kernel().engineLane()),
      network_(world.kernel(), world.network(), clock_, index, spec_.address, providers, providerLog),
      dns_(world.dns().network(), clock_),
      random_(seed, kSiteRandomStreams + index) {
  config_.site = spec_.name;
  if (withStore) store_.emplace();
  EngineHost::Lifecycle lifecycle;
  if (config_.sites.enabled) {
    // The site's own etcd client, over its own place on the network and
    // its own clock, as `dnsfailover run --site NAME` makes one.
    lifecycle.born = [this](EnginePorts& ports) {
      coordination_ = std::make_unique<EtcdCoordination>(network_, clock_, config_.sites.coordination, spec_.name);
      ports.coordination = coordination_.get();
    };
    lifecycle.died = [this] { coordination_.reset(); };
  }
  EnginePorts ports{clock_, network_, random_, trace_, world.secrets(), &dns_};
  ports.dryRun = scenario.dryRun;
  ports.tcp = &network_;
  ports.process = &world.processes();
  host_ = std::make_unique<EngineHost>(config_, ports, world.kernel(), store(), std::move(lifecycle));
}

SiteHost::~SiteHost() = default;

void SiteHost::start() { host_->start(); }

void SiteHost::stop() { host_->stop(); }

void SiteHost::crash(Duration downtime) {
  const TimePoint now = world_.kernel().now();
  outages_.emplace_back(now, now + downtime);
  host_->crash(downtime);
  clock_.reset();
}

void SiteHost::pause(Duration length) {
  const TimePoint now = world_.kernel().now();
  outages_.emplace_back(now, now + length);
  clock_.pause();
  world_.kernel().scheduleAfter(length, [this] { clock_.resume(); });
}

bool SiteHost::outAt(TimePoint t) const {
  return std::any_of(outages_.begin(), outages_.end(),
                     [t](const auto& window) { return t >= window.first && t < window.second; });
}

Sites::Sites(const Scenario& scenario, World& world, uint64_t seed, TraceSink& trace, bool withStores)
    : scenario_(scenario) {
  assert(!scenario.sites.empty());
  for (const ProviderSpec& p : scenario.providers) providers_.insert(p.address);
  for (size_t i = 0; i < scenario.sites.size(); ++i) {
    hosts_.push_back(std::make_unique<SiteHost>(scenario, world, i, seed, trace, withStores, providers_, providerLog_));
  }
}

Sites::~Sites() = default;

SiteHost* Sites::named(const std::string& name) {
  const int i = scenario_.siteIndex(name);
  return i < 0 ? nullptr : hosts_[static_cast<size_t>(i)].get();
}

const SiteHost* Sites::named(const std::string& name) const { return const_cast<Sites*>(this)->named(name); }

void Sites::start() {
  for (auto& host : hosts_) host->start();
}

void Sites::stop() {
  for (auto& host : hosts_) host->stop();
}

std::vector<std::string> Sites::addressesOf(const std::string& from) const {
  std::vector<std::string> out;
  if (from == "servers") {
    for (const ServerSpec& s : scenario_.servers) out.push_back(s.address);
  } else if (from == "providers") {
    out.assign(providers_.begin(), providers_.end());
  } else if (from == "coordination") {
    out = scenario_.etcd.members;
  } else {
    out.push_back(from);
  }
  return out;
}

}  // namespace dnsfailover::sim
