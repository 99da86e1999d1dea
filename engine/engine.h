#pragma once
// The whole failover engine for one config: indicators, schemes, syncers.
// It owns no loop, no thread and no clock; everything arrives through the
// ports, so the same object runs live and inside the simulation.
//
// With a Store, the engine remembers: start() resumes from what the store
// holds, every engine step (one timer, one answer, one control action) is
// committed in one transaction, and its events reach the trace sink only
// once stored. A restored engine announces nothing that did not change and
// pushes only what the provider is not known to hold (engine_state.h).
// Destroying the engine without stop() is a crash: nothing more is written
// and late answers are dropped, as they would be by a killed process.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/monitor/indicator.h"
#include "engine/notify/notifier.h"
#include "engine/ports/coordination.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/process_runner.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/secrets.h"
#include "engine/ports/store.h"
#include "engine/ports/tcp_client.h"
#include "engine/ports/trace.h"
#include "engine/propagation/propagation.h"
#include "engine/scheme/scheme.h"
#include "engine/sites/site_coordinator.h"
#include "engine/state/step_journal.h"
#include "engine/state/step_ports.h"

namespace dnsfailover {

struct EnginePorts {
  Scheduler& scheduler;
  HttpClient& http;
  Random& random;
  TraceSink& trace;
  Secrets& secrets;
  // Propagation watching runs only with a DNS client and a "propagation" config.
  DnsClient* dns = nullptr;
  // Serves the `tcp` check kind; without one a tcp check is ERR with a reason.
  TcpClient* tcp = nullptr;
  // Runs the notifications' command hooks; without one they fail with a reason.
  ProcessRunner* process = nullptr;
  // State and history; none = the engine forgets everything when it stops.
  Store* store = nullptr;
  // Told when the store refuses a commit (once per streak of failures).
  std::function<void(const std::string&)> onStoreError = nullptr;
  // Sees every event the moment the engine emits it, before the store does
  // (the simulation judges the history against it). Usually none.
  TraceSink* emitted = nullptr;
  // With "sites" in the config: the service the sites share (etcd). The
  // engine does not own it (a reload hands it to the next engine); without
  // one, an engine whose config has sites refuses to start.
  Coordination* coordination = nullptr;
  // A run mode rather than a port: real checks, decisions and propagation
  // queries, but every push is a would_push event and never reaches the
  // provider (engine/syncer/syncer.h). Kept across reloads with the ports.
  bool dryRun = false;
};

class Engine {
 public:
  Engine(const EngineConfig& config, EnginePorts ports);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  // Resumes from the store when it holds state, else starts fresh. Throws
  // StoreError when the store cannot be read, std::invalid_argument when the
  // config has sites and there is no coordination port or config.site is
  // not one of them.
  void start();
  // Resumes from `state` (a reload hands over the old engine's state).
  void startFrom(const EngineState& state);
  // Orderly stop: records engine_stop, commits, stops every timer and drops
  // every answer still to come.
  void stop();

  // Returns false when there is no such indicator or scheme.
  bool setMaintenance(const std::string& indicator, bool on);
  bool forcePush(const std::string& scheme);

  EngineState captureState() const;
  bool pushInFlight() const;
  bool dryRun() const { return ports_.dryRun; }

  Indicator* findIndicator(const std::string& name);
  Scheme* findScheme(const std::string& name);
  const std::vector<std::unique_ptr<Indicator>>& indicators() const { return indicators_; }
  const std::vector<std::unique_ptr<Scheme>>& schemes() const { return schemes_; }
  // With sites: what this engine knows of every site, the quorum of every
  // indicator, who leads (engine/sites/site_coordinator.h). Empty views,
  // and leads = false, without sites.
  std::vector<SiteView> sites() const;
  std::vector<QuorumView> quorums() const;
  LeaderView leader() const;
  bool coordinationReachable() const;
  const SiteCoordinator* siteCoordinator() const { return sites_.get(); }
  // The propagation watcher of schemes()[index]; none when not watching.
  const PropagationWatcher* watcher(size_t schemeIndex) const {
    return schemeIndex < watcherOf_.size() ? watcherOf_[schemeIndex] : nullptr;
  }

 private:
  void startWith(const EngineState* state);
  void halt();
  void endStep();
  IndicatorState indicatorState(size_t index) const;
  SchemeState schemeState(size_t index) const;

  EnginePorts ports_;
  Lifetime lifetime_;  // ends in halt(): the step ports go quiet
  // Where stored events go: ports.trace, then the notifier.
  TeeTraceSink out_;
  std::unique_ptr<Notifier> notifier_;  // none without notify targets, and in a dry run
  std::optional<StepJournal> journal_;
  std::optional<StepScheduler> stepScheduler_;
  std::optional<StepHttpClient> stepHttp_;
  std::optional<StepDnsClient> stepDns_;
  std::optional<StepTcpClient> stepTcp_;
  std::optional<StepProcessRunner> stepProcess_;
  TraceSink* trace_ = nullptr;  // the journal when there is a store, else ports.trace
  bool running_ = false;

  std::vector<std::unique_ptr<Indicator>> indicators_;
  std::vector<std::unique_ptr<Scheme>> schemes_;
  std::vector<std::string> indicatorKeys_;
  std::vector<std::string> schemeMemberKeys_;
  std::vector<std::string> schemeTargetKeys_;
  std::map<std::string, Indicator*, std::less<>> indicatorByName_;
  // What changed in the current step (indices), for the journal.
  std::vector<bool> dirtyIndicators_;
  std::vector<bool> dirtySchemes_;
  std::vector<size_t> dirtyIndicatorList_;
  std::vector<size_t> dirtySchemeList_;
  std::vector<std::string> removedIndicators_;
  std::vector<std::string> removedSchemes_;
  std::vector<const PropagationWatcher*> watcherOf_;  // per scheme, may be null
  std::vector<std::unique_ptr<PropagationWatcher>> watchers_;
  bool sitesConfigured_ = false;
  std::string sitesProblem_;  // why the sites cannot run ("" when they can)
  std::unique_ptr<SiteCoordinator> sites_;  // declared last: goes first
};

}  // namespace dnsfailover
