#pragma once
// The conformance transport of the simulation: virtual time and the
// simulated network, exactly what `dnsfailover sim` runs on.

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

  sim::Network& network() { return network_; }

 private:
  sim::Kernel kernel_;
  sim::Network network_;
};

}  // namespace dnsfailover::test
