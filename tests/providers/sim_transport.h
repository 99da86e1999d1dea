#pragma once
// The conformance transport of the simulation: virtual time and the
// simulated network, exactly what `dnsfailover sim` runs on.

#include "sim/dns_network.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "tests/providers/transport.h"

namespace dnsfailover::test {

class SimTransport final : public Transport {
 public:
  SimTransport();
  static constexpr const char* kName = "sim";
  Scheduler& scheduler() override { return kernel_; }
  HttpClient& http() override { return network_; }
  std::string serve(fakes::TimedDoor& door, const std::string& hostname, const std::string& address) override;
  bool runUntil(const std::function<bool()>& done, Duration limit) override;
  void blackhole(const std::string& address, Duration length) override;
  DnsClient& dns() override { return dns_; }
  std::pair<std::string, uint16_t> serveDns(fakes::DnsDoor& door, const std::string& address) override;

  sim::Network& network() { return network_; }

 private:
  sim::Kernel kernel_;
  sim::Network network_;
  sim::DnsNetwork dns_;
};

}  // namespace dnsfailover::test
