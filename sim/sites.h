#pragma once
// The engines of a multi-site world (scenario "sites"): one SiteHost per
// site, each a whole `dnsfailover run --site NAME` of its own: its engine
// (sim/engine_host.h, so it can crash and resume from its own store), its
// clock (sim/site_clock.h: pause, drift), its place on the network
// (sim/site_network.h: its own address and the links it lost), its own
// random stream and, with the engine's sites config, its own coordination
// client over its own HttpClient to the fake etcd of the world.
//
// Every event a site's engine emits carries `origin` = the site's name, so
// one trace holds every site and the judges can tell who did what.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/ports/coordination.h"
#include "engine/ports/trace.h"
#include "sim/engine_host.h"
#include "sim/memory_store.h"
#include "sim/seeded_random.h"
#include "sim/site_clock.h"
#include "sim/site_network.h"

namespace dnsfailover::sim {

struct Scenario;
struct SiteSpec;
class World;

// Adds origin = the site's name to every event and forwards it.
class SiteTagSink final : public TraceSink {
 public:
  SiteTagSink(const std::string& site, TraceSink& next) : site_(site), next_(next) {}
  void record(const TraceEvent& event) override;

 private:
  const std::string& site_;
  TraceSink& next_;
};

class SiteHost {
 public:
  SiteHost(const Scenario& scenario, World& world, size_t index, uint64_t seed, TraceSink& trace, bool withStore,
           const std::set<std::string>& providers, std::vector<ProviderRequest>& providerLog);
  SiteHost(const SiteHost&) = delete;
  SiteHost& operator=(const SiteHost&) = delete;
  ~SiteHost();

  const SiteSpec& spec() const { return spec_; }
  EngineHost& engine() { return *host_; }
  SiteClock& clock() { return clock_; }
  SiteNetwork& network() { return network_; }
  Store* store() { return store_ ? &*store_ : nullptr; }

  void start();
  void stop();
  // kill -9: the engine and its coordination client die, held work is
  // forgotten, and a new engine starts after `downtime`.
  void crash(Duration downtime);
  // SIGSTOP for `length`, then SIGCONT.
  void pause(Duration length);

  // Whether the process was stopped or dead at `t` (crash downtimes and
  // pauses, as the faults made them).
  bool outAt(TimePoint t) const;

 private:
  const SiteSpec& spec_;
  World& world_;
  EngineConfig config_;  // the scenario's engine config, as this site runs it
  SiteTagSink trace_;
  SiteClock clock_;
  SiteNetwork network_;
  SiteDnsClient dns_;
  SeededRandom random_;
  std::optional<MemoryStore> store_;
  // Lives and dies with each engine (a crash kills the process's client
  // too); outlives the engine that points at it.
  std::unique_ptr<Coordination> coordination_;
  std::unique_ptr<EngineHost> host_;
  std::vector<std::pair<TimePoint, TimePoint>> outages_;  // [from, to)
};

class Sites {
 public:
  Sites(const Scenario& scenario, World& world, uint64_t seed, TraceSink& trace, bool withStores);
  Sites(const Sites&) = delete;
  Sites& operator=(const Sites&) = delete;
  ~Sites();

  size_t size() const { return hosts_.size(); }
  SiteHost& at(size_t i) { return *hosts_.at(i); }
  const SiteHost& at(size_t i) const { return *hosts_.at(i); }
  // Null when no site has that name.
  SiteHost* named(const std::string& name);
  const SiteHost* named(const std::string& name) const;

  void start();
  void stop();

  // What a site_partition's "from" names: the servers', the providers' or
  // the coordination members' addresses, or the one address given.
  std::vector<std::string> addressesOf(const std::string& from) const;
  // Every request a site sent to a provider, in order.
  const std::vector<ProviderRequest>& providerRequests() const { return providerLog_; }

 private:
  const Scenario& scenario_;
  std::set<std::string> providers_;
  std::vector<ProviderRequest> providerLog_;
  std::vector<std::unique_ptr<SiteHost>> hosts_;
};

}  // namespace dnsfailover::sim
