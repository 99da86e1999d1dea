#include "sim/site_network.h"

#include "sim/link_model.h"

namespace dnsfailover::sim {

void SiteNetwork::send(HttpRequest request, std::function<void(HttpResult)> done) {
  const std::string to = network_.destination(request);
  if (!to.empty() && providers_.count(to)) log_.push_back({site_, kernel_.now(), to, request.method});
  // The answer waits for the site if it is paused when it comes.
  auto arrive = [this, done = std::move(done)](HttpResult result) mutable {
    clock_.deliver([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  };
  if (!to.empty() && cut_.count(to)) {
    const Duration timeout = request.timeout;
    kernel_.scheduleAfter(timeout, [arrive = std::move(arrive), timeout]() mutable {
      arrive(HttpResult::failure(timeoutText(timeout)));
    });
    return;
  }
  network_.sendFrom(address_, std::move(request), std::move(arrive));
}

void SiteNetwork::probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) {
  auto arrive = [this, done = std::move(done)](TcpProbeResult result) mutable {
    clock_.deliver([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  };
  if (cut_.count(probe.address)) {
    const Duration timeout = probe.timeout;
    kernel_.scheduleAfter(timeout, [arrive = std::move(arrive), timeout]() mutable {
      TcpProbeResult lost;
      lost.error = timeoutText(timeout);
      arrive(std::move(lost));
    });
    return;
  }
  network_.probeFrom(address_, std::move(probe), std::move(arrive));
}

void SiteNetwork::cut(const std::string& address, bool on) {
  if (on) {
    cut_.insert(address);
  } else {
    cut_.erase(address);
  }
}

void SiteDnsClient::query(DnsQuery query, std::function<void(DnsResult)> done) {
  dns_.query(std::move(query), [this, done = std::move(done)](DnsResult result) mutable {
    clock_.deliver([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  });
}

void SiteDnsClient::exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) {
  dns_.exchange(std::move(exchange), [this, done = std::move(done)](DnsWireResult result) mutable {
    clock_.deliver([done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  });
}

}  // namespace dnsfailover::sim
