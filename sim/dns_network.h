#pragma once
// The simulated DNS network, as the engine's DnsClient port: a query travels
// to the in-process door of a fake server (authoritative or resolver) over
// the shared link model (sim/link_model.h), and the reply comes back as a
// kernel event. Lost queries, refused (down) links and silent servers all
// look like UDP does: the client times out.

#include <map>
#include <string>

#include "engine/ports/dns_client.h"
#include "fakes/dns/door.h"
#include "sim/kernel.h"
#include "sim/link_model.h"

namespace dnsfailover::sim {

class DnsNetwork final : public DnsClient {
 public:
  DnsNetwork(Kernel& kernel, uint64_t seed);

  void attach(const std::string& address, fakes::DnsDoor& door) { doors_[address] = &door; }
  LinkConditions& link(const std::string& address) { return links_.link(address); }
  LinkConditions& defaults() { return links_.defaults(); }
  // Late replies drawn from the seed (sim/link_model.h).
  void perturb(const LinkModel::Perturbation& perturbation) { links_.perturb(perturbation); }
  uint64_t lateReplies() const { return links_.lateReplies(); }

  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  // Same links and timing as query(); the door answers in wire form.
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

  uint64_t queriesSent() const { return queriesSent_; }

 private:
  template <typename Result>
  void deliver(Duration after, std::function<void(Result)> done, Result result) {
    deliverAfter(kernel_, after, std::move(done), std::move(result));
  }

  Kernel& kernel_;
  LinkModel links_;
  std::map<std::string, fakes::DnsDoor*> doors_;
  uint64_t queriesSent_ = 0;
  uint16_t nextId_ = 1;
};

}  // namespace dnsfailover::sim
