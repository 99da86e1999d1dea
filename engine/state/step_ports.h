#pragma once
// Ports that mark the end of an engine step. They wrap the real ports and
// run `endStep` right after every callback they deliver (a timer task, an
// HTTP, TCP or DNS answer), so the engine can commit what the step changed
// before control returns to the loop. Used only when the engine has a
// store; without one the engine talks to its ports directly.
//
// The wrapped callbacks hold the owner's Lifetime guard: once the engine is
// gone (a crash in the simulation), its late answers do nothing at all.

#include <functional>

#include "engine/core/lifetime.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/process_runner.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/tcp_client.h"

namespace dnsfailover {

struct StepBoundary {
  const Lifetime& lifetime;
  std::function<void()> endStep;
};

class StepScheduler final : public Scheduler {
 public:
  StepScheduler(Scheduler& inner, StepBoundary boundary) : inner_(inner), boundary_(std::move(boundary)) {}
  TimePoint now() const override { return inner_.now(); }
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override;
  void cancel(TimerId id) override { inner_.cancel(id); }

 private:
  Scheduler& inner_;
  StepBoundary boundary_;
};

class StepHttpClient final : public HttpClient {
 public:
  StepHttpClient(HttpClient& inner, StepBoundary boundary) : inner_(inner), boundary_(std::move(boundary)) {}
  void send(HttpRequest request, std::function<void(HttpResult)> done) override;

 private:
  HttpClient& inner_;
  StepBoundary boundary_;
};

class StepTcpClient final : public TcpClient {
 public:
  StepTcpClient(TcpClient& inner, StepBoundary boundary) : inner_(inner), boundary_(std::move(boundary)) {}
  void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) override;

 private:
  TcpClient& inner_;
  StepBoundary boundary_;
};

class StepProcessRunner final : public ProcessRunner {
 public:
  StepProcessRunner(ProcessRunner& inner, StepBoundary boundary) : inner_(inner), boundary_(std::move(boundary)) {}
  void run(ProcessRequest request, std::function<void(ProcessResult)> done) override;

 private:
  ProcessRunner& inner_;
  StepBoundary boundary_;
};

class StepDnsClient final : public DnsClient {
 public:
  StepDnsClient(DnsClient& inner, StepBoundary boundary) : inner_(inner), boundary_(std::move(boundary)) {}
  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

 private:
  DnsClient& inner_;
  StepBoundary boundary_;
};

}  // namespace dnsfailover
