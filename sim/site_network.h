#pragma once
// One site's place on the simulated network: the shared network
// (sim/network.h, THE link model) seen from the site's own address, plus
// what only this site suffers: links it has lost (site_partition: to the
// servers, the providers, the coordination service or one address), over
// which every message is lost and the client times out, as with the
// monitor's `partition`. Answers reach the engine through the site's clock,
// so a paused site gets them when it resumes (sim/site_clock.h).
//
// It also keeps the world's own record of the requests the site sent to the
// providers (when, to where, which method), so judges can hold pushes
// against leases without trusting the engine's account.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/tcp_client.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/site_clock.h"

namespace dnsfailover::sim {

// A request that left a site for a provider.
struct ProviderRequest {
  size_t site = 0;  // index into the scenario's sites
  TimePoint sent{};
  std::string to;   // the provider's address
  std::string method;
};

class SiteNetwork final : public HttpClient, public TcpClient {
 public:
  // `address` and `providers` must outlive the run; `log` collects every
  // request to one of `providers`.
  SiteNetwork(Kernel& kernel, Network& network, SiteClock& clock, size_t site, const std::string& address,
              const std::set<std::string>& providers, std::vector<ProviderRequest>& log)
      : kernel_(kernel),
        network_(network),
        clock_(clock),
        site_(site),
        address_(address),
        providers_(providers),
        log_(log) {}

  void send(HttpRequest request, std::function<void(HttpResult)> done) override;
  void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) override;

  // Cuts (`on`) or restores this site's link to `address`.
  void cut(const std::string& address, bool on);
  bool isCut(const std::string& address) const { return cut_.count(address) > 0; }

 private:
  Kernel& kernel_;
  Network& network_;
  SiteClock& clock_;
  size_t site_;
  const std::string& address_;
  const std::set<std::string>& providers_;
  std::vector<ProviderRequest>& log_;
  std::set<std::string> cut_;
};

// The site's DNS client: the shared DNS network, with answers held while
// the site is paused (site partitions do not cut DNS).
class SiteDnsClient final : public DnsClient {
 public:
  SiteDnsClient(DnsClient& dns, SiteClock& clock) : dns_(dns), clock_(clock) {}
  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

 private:
  DnsClient& dns_;
  SiteClock& clock_;
};

}  // namespace dnsfailover::sim
