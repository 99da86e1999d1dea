#pragma once
// The whole failover engine for one config: indicators, schemes, syncers.
// It owns no loop, no thread and no clock; everything arrives through the
// ports, so the same object runs live and inside the simulation.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/monitor/indicator.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/secrets.h"
#include "engine/ports/trace.h"
#include "engine/propagation/propagation.h"
#include "engine/scheme/scheme.h"

namespace dnsfailover {

struct EnginePorts {
  Scheduler& scheduler;
  HttpClient& http;
  Random& random;
  TraceSink& trace;
  Secrets& secrets;
  // Propagation watching runs only with a DNS client and a "propagation" config.
  DnsClient* dns = nullptr;
};

class Engine {
 public:
  Engine(const EngineConfig& config, EnginePorts ports);
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  void start();
  void stop();

  // Returns false when there is no such indicator or scheme.
  bool setMaintenance(const std::string& indicator, bool on);
  bool forcePush(const std::string& scheme);

  Indicator* findIndicator(const std::string& name);
  Scheme* findScheme(const std::string& name);
  const std::vector<std::unique_ptr<Indicator>>& indicators() const { return indicators_; }
  const std::vector<std::unique_ptr<Scheme>>& schemes() const { return schemes_; }

 private:
  EnginePorts ports_;
  std::vector<std::unique_ptr<Indicator>> indicators_;
  std::vector<std::unique_ptr<Scheme>> schemes_;
  std::map<std::string, Indicator*, std::less<>> indicatorByName_;
  std::vector<std::unique_ptr<PropagationWatcher>> watchers_;  // declared last: goes first
};

}  // namespace dnsfailover
