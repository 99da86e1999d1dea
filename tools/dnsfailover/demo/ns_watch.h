#pragma once
// The demo's own stopwatch for the closing figure: a thread asks every
// fake nameserver for the fqdn's A record (plain UDP, RD=0) every 100 ms
// and prints to stderr, once each,
//   demo: first nameserver answers 127.0.0.12 (ns1 127.0.0.15) 14.3 s after start
//   demo: every nameserver answers 127.0.0.12 17.9 s after start
// when the answer first differs from the address the zone started with.
// It watches from outside the daemon, so the figure includes the checks,
// the push and the primary's answer, measured on the steady clock.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace dnsfailover::cli::demo {

class NameserverWatch {
 public:
  NameserverWatch(std::vector<std::string> addresses, uint16_t port, std::string fqdn, std::string initial,
                  std::chrono::steady_clock::time_point start);
  ~NameserverWatch();  // stops the thread
  void start();

 private:
  void loop();

  std::vector<std::string> addresses_;
  uint16_t port_;
  std::string fqdn_, initial_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// The A record values `address`:`port` answers for `fqdn` within `timeout`;
// empty when it does not answer. Also used by the tests' checks.
std::vector<std::string> queryA(const std::string& address, uint16_t port, const std::string& fqdn,
                                std::chrono::milliseconds timeout);

}  // namespace dnsfailover::cli::demo
