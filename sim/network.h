#pragma once
// The simulated network, as the engine's HttpClient and TcpClient ports:
// requests travel to in-process fake doors with per-host latency, jitter,
// loss and outages, and answers come back as kernel events. A TCP probe
// reaches a door that is also a fakes::TcpDoor; any other host refuses it. Names resolve through a static table
// (the world's view of DNS for HTTP clients).

#include <map>
#include <string>

#include "engine/ports/http_client.h"
#include "engine/ports/tcp_client.h"
#include "fakes/http_door.h"
#include "sim/kernel.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {

struct LinkConditions {
  Duration latency = std::chrono::milliseconds{20};  // one way
  Duration jitter{};          // extra one-way delay, uniform in [0, jitter]
  double loss = 0.0;          // chance that a request is lost (the client times out)
  bool down = false;          // host unreachable: connection refused
  bool partitioned = false;   // the monitor cannot reach it: requests time out
  Duration serverDelay{};     // time the server takes to answer
};

class Network final : public HttpClient, public TcpClient {
 public:
  Network(Kernel& kernel, uint64_t seed);

  // Serves `address` (an IP) with `door`.
  void attach(const std::string& address, fakes::HttpDoor& door);
  // Makes `hostname` resolve to `address` for requests without connectTo.
  void addName(const std::string& hostname, const std::string& address);
  LinkConditions& link(const std::string& address) { return links_[address]; }
  LinkConditions& defaults() { return defaults_; }
  const LinkConditions& conditionsFor(const std::string& address) const { return conditions(address); }

  void send(HttpRequest request, std::function<void(HttpResult)> done) override;
  void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) override;

  uint64_t requestsSent() const { return requestsSent_; }
  // The address the engine's requests appear to come from.
  static constexpr const char* kClientAddress = "192.0.2.53";

 private:
  const LinkConditions& conditions(const std::string& address) const;
  Duration oneWay(const LinkConditions& link);
  void deliver(Duration after, std::function<void(HttpResult)> done, HttpResult result);

  Kernel& kernel_;
  SeededRandom random_;
  std::map<std::string, fakes::HttpDoor*> doors_;
  std::map<std::string, std::string> names_;
  std::map<std::string, LinkConditions> links_;
  LinkConditions defaults_;
  uint64_t requestsSent_ = 0;
};

}  // namespace dnsfailover::sim
