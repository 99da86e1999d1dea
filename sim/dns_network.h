#pragma once
// The simulated DNS network, as the engine's DnsClient port: a query travels
// to the in-process door of a fake server (authoritative or resolver) with
// per-address latency, jitter, loss and outages, and the reply comes back
// as a kernel event. Lost queries, down links and silent servers all look
// like UDP does: the client times out.

#include <map>
#include <string>

#include "engine/ports/dns_client.h"
#include "fakes/dns/door.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {

class DnsNetwork final : public DnsClient {
 public:
  DnsNetwork(Kernel& kernel, uint64_t seed);

  void attach(const std::string& address, fakes::DnsDoor& door) { doors_[address] = &door; }
  LinkConditions& link(const std::string& address) { return links_[address]; }
  LinkConditions& defaults() { return defaults_; }

  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  // Same links and timing as query(); the door answers in wire form.
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

  uint64_t queriesSent() const { return queriesSent_; }

 private:
  const LinkConditions& conditions(const std::string& address) const;
  Duration oneWay(const LinkConditions& link);
  template <typename Result>
  void deliver(Duration after, std::function<void(Result)> done, Result result);

  Kernel& kernel_;
  SeededRandom random_;
  std::map<std::string, fakes::DnsDoor*> doors_;
  std::map<std::string, LinkConditions> links_;
  LinkConditions defaults_;
  uint64_t queriesSent_ = 0;
  uint16_t nextId_ = 1;
};

}  // namespace dnsfailover::sim
