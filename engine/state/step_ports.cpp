#include "engine/state/step_ports.h"

namespace dnsfailover {

TimerId StepScheduler::scheduleAt(TimePoint when, std::function<void()> task) {
  return inner_.scheduleAt(when, boundary_.lifetime.guard([this, task = std::move(task)] {
    task();
    boundary_.endStep();
  }));
}

void StepHttpClient::send(HttpRequest request, std::function<void(HttpResult)> done) {
  inner_.send(std::move(request), boundary_.lifetime.guard([this, done = std::move(done)](HttpResult result) {
    done(std::move(result));
    boundary_.endStep();
  }));
}

void StepTcpClient::probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) {
  inner_.probe(std::move(probe), boundary_.lifetime.guard([this, done = std::move(done)](TcpProbeResult result) {
    done(std::move(result));
    boundary_.endStep();
  }));
}

void StepProcessRunner::run(ProcessRequest request, std::function<void(ProcessResult)> done) {
  inner_.run(std::move(request), boundary_.lifetime.guard([this, done = std::move(done)](ProcessResult result) {
    done(std::move(result));
    boundary_.endStep();
  }));
}

void StepDnsClient::query(DnsQuery query, std::function<void(DnsResult)> done) {
  inner_.query(std::move(query), boundary_.lifetime.guard([this, done = std::move(done)](DnsResult result) {
    done(std::move(result));
    boundary_.endStep();
  }));
}

void StepDnsClient::exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) {
  inner_.exchange(std::move(exchange), boundary_.lifetime.guard([this, done = std::move(done)](DnsWireResult result) {
    done(std::move(result));
    boundary_.endStep();
  }));
}

}  // namespace dnsfailover
