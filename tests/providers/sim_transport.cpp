#include "tests/providers/sim_transport.h"

namespace dnsfailover::test {

SimTransport::SimTransport()
    : kernel_(*parseIsoUtc("2026-11-02T00:00:00Z")), network_(kernel_, /*seed=*/7), dns_(kernel_, /*seed=*/7) {
  network_.defaults().latency = std::chrono::milliseconds{15};
  network_.defaults().jitter = std::chrono::milliseconds{10};
  dns_.defaults() = network_.defaults();
}

std::pair<std::string, uint16_t> SimTransport::serveDns(fakes::DnsDoor& door, const std::string& address) {
  dns_.attach(address, door);
  return {address, 53};
}

std::string SimTransport::serve(fakes::TimedDoor& door, const std::string& hostname, const std::string& address) {
  network_.attach(address, door);
  network_.addName(hostname, address);
  return "https://" + hostname;
}

bool SimTransport::runUntil(const std::function<bool()>& done, Duration limit) {
  const TimePoint end = kernel_.now() + limit;
  while (!done() && kernel_.now() <= end && kernel_.pending() > 0) {
    if (!kernel_.step()) break;
  }
  return done();
}

void SimTransport::blackhole(const std::string& address, Duration length) {
  network_.link(address).partitioned = true;
  dns_.link(address).partitioned = true;
  kernel_.scheduleAfter(length, [this, address] {
    network_.link(address).partitioned = false;
    dns_.link(address).partitioned = false;
  });
}

}  // namespace dnsfailover::test
