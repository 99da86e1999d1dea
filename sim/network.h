#pragma once
// The simulated network, as the engine's HttpClient and TcpClient ports:
// requests travel to in-process fake doors over the shared link model
// (sim/link_model.h: latency, jitter, loss, partitions, down hosts), and
// answers come back as kernel events. A down host answers with a TCP reset.
// A TCP probe reaches a door that is also a fakes::TcpDoor; any other host
// refuses it. Names resolve through a static table (the world's view of DNS
// for HTTP clients).

#include <map>
#include <string>
#include <string_view>

#include "engine/ports/http_client.h"
#include "engine/ports/tcp_client.h"
#include "fakes/fault_knobs.h"  // DoorReply, TimedDoor
#include "fakes/http_door.h"
#include "sim/kernel.h"
#include "sim/link_model.h"

namespace dnsfailover::sim {

class Network final : public HttpClient, public TcpClient {
 public:
  Network(Kernel& kernel, uint64_t seed);

  // Serves `address` (an IP) with `door`.
  void attach(const std::string& address, fakes::HttpDoor& door);
  // Makes `hostname` resolve to `address` for requests without connectTo.
  void addName(const std::string& hostname, const std::string& address);
  LinkConditions& link(const std::string& address) { return links_.link(address); }
  LinkConditions& defaults() { return links_.defaults(); }
  // Late replies drawn from the seed (sim/link_model.h).
  void perturb(const LinkModel::Perturbation& perturbation) { links_.perturb(perturbation); }
  uint64_t lateReplies() const { return links_.lateReplies(); }
  const LinkConditions& conditionsFor(const std::string& address) const { return links_.conditionsFor(address); }

  void send(HttpRequest request, std::function<void(HttpResult)> done) override;
  void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) override;
  // The same, from another client address (a site's; sim/site_network.h).
  // `from` must outlive the run (it is kept by reference in flight).
  void sendFrom(std::string_view from, HttpRequest request, std::function<void(HttpResult)> done);
  void probeFrom(std::string_view from, TcpProbe probe, std::function<void(TcpProbeResult)> done);
  // The address a request would be delivered to ("" when it names no
  // known host): its connectTo or URL host, through the name table.
  std::string destination(const HttpRequest& request) const;

  uint64_t requestsSent() const { return requestsSent_; }
  // The address the engine's requests appear to come from.
  static constexpr const char* kClientAddress = "192.0.2.53";

 private:
  void deliver(Duration after, std::function<void(HttpResult)> done, HttpResult result);
  // `request` reaches `target` now.
  fakes::DoorReply serve(fakes::HttpDoor& target, const HttpRequest& request, std::string_view from);

  Kernel& kernel_;
  LinkModel links_;
  std::map<std::string, fakes::HttpDoor*> doors_;
  std::map<std::string, std::string> names_;
  uint64_t requestsSent_ = 0;
};

}  // namespace dnsfailover::sim
