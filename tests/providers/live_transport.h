#pragma once
// The conformance transport of real life on loopback: the live HTTP client
// (LiveHttpClient on an EventLoop, timers from AsioScheduler) talks over
// real sockets to each fake's network door (fakes::net::HttpServer on
// 127.0.0.x, plain HTTP or HTTPS with a throw-away test CA that the client
// alone trusts).
//
// Time runs kSpeed times faster than the wall clock, the same for the
// engine and for the fakes: the scheduler hands the engine a virtual UTC
// clock that advances kSpeed virtual milliseconds per real one, its timers
// fire on AsioScheduler after the scaled real delay (never early), and the
// fakes' doors read the same clock. A 120 s Retry-After or HE "interval"
// wait therefore costs 120/kSpeed s of real time while every rule is
// checked in the same (virtual) units as in the simulation. Request
// timeouts are scaled the same way, with a floor so that a loaded machine
// does not turn an ordinary loopback request into a timeout.
//
// blackhole() makes the door answer DoorReply::answered = false: the
// request does reach the server over the socket, which then keeps the
// connection silent until the client gives up.

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/live/asio_scheduler.h"
#include "engine/live/dns_client.h"
#include "engine/live/system_random.h"
#include "fakes/dns/net/dns_server.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "fakes/net/http_server.h"
#include "fakes/net/test_cert.h"
#include "tests/providers/transport.h"

namespace dnsfailover::test {

// Virtual UTC that runs `speed` times faster than real time from `epoch`
// on; thread-safe (the fakes' server threads read it too).
class FastClock {
 public:
  FastClock(TimePoint epoch, int speed);
  TimePoint now() const;
  // The real time after which `length` of virtual time has surely passed.
  std::chrono::milliseconds realFor(Duration length) const;
  int speed() const { return speed_; }

 private:
  TimePoint epoch_;
  std::chrono::steady_clock::time_point origin_;
  int speed_;
};

// The Scheduler port on a FastClock: one ordered queue (instant, order),
// woken by one AsioScheduler task for its head.
class FastScheduler final : public Scheduler {
 public:
  FastScheduler(live::AsioScheduler& real, const FastClock& clock) : real_(real), clock_(clock) {}
  FastScheduler(const FastScheduler&) = delete;
  FastScheduler& operator=(const FastScheduler&) = delete;
  ~FastScheduler() override;

  TimePoint now() const override;
  TimerId scheduleAt(TimePoint when, std::function<void()> task) override;
  void cancel(TimerId id) override;

 private:
  void arm();
  void fire();

  live::AsioScheduler& real_;
  const FastClock& clock_;
  std::map<std::pair<TimePoint, TimerId>, std::function<void()>> queue_;
  std::map<TimerId, TimePoint> dueById_;
  TimerId nextId_ = 1;
  TimerId wakeup_ = kNoTimer;
  TimePoint armedFor_ = TimePoint::max();
  mutable TimePoint lastNow_{};
};

// Forwards to the live client with the request timeout scaled to real
// time (at least kMinRealTimeout).
class FastHttpClient final : public HttpClient {
 public:
  FastHttpClient(HttpClient& real, const FastClock& clock) : real_(real), clock_(clock) {}
  void send(HttpRequest request, std::function<void(HttpResult)> done) override;

  static constexpr Duration kMinRealTimeout = std::chrono::seconds{1};

 private:
  HttpClient& real_;
  const FastClock& clock_;
};

// The live DNS client with the exchange timeout scaled like FastHttpClient's.
class FastDnsClient final : public DnsClient {
 public:
  FastDnsClient(DnsClient& real, const FastClock& clock) : real_(real), clock_(clock) {}
  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

 private:
  DnsClient& real_;
  const FastClock& clock_;
};

class LiveTransport : public Transport {
 public:
  static constexpr int kSpeed = 40;

  explicit LiveTransport(bool https);
  ~LiveTransport() override;

  Scheduler& scheduler() override { return scheduler_; }
  HttpClient& http() override { return http_; }
  // Serves `door` on the next free 127.0.0.x (port 0); the URL names that
  // address, and with https the certificate holds both it and `hostname`.
  std::string serve(fakes::TimedDoor& door, const std::string& hostname, const std::string& address) override;
  bool runUntil(const std::function<bool()>& done, Duration limit) override;
  void blackhole(const std::string& address, Duration length) override;
  void shutdown() override;
  DnsClient& dns() override { return dns_; }
  // UDP + TCP on the next free 127.0.0.x, served on the transport's loop.
  std::pair<std::string, uint16_t> serveDns(fakes::DnsDoor& door, const std::string& address) override;

 private:
  // The fake's door, made silent for a while by blackhole().
  class Door;
  class DnsDoor;

  bool https_;
  FastClock clock_;
  live::EventLoop loop_;
  live::AsioScheduler realScheduler_;
  FastScheduler scheduler_;
  fakes::net::PemPair ca_;
  std::string caFile_;
  std::unique_ptr<live::LiveHttpClient> client_;
  FastHttpClient http_;
  std::map<std::string, std::unique_ptr<Door>> doors_;  // by the fake's public address
  std::vector<std::unique_ptr<fakes::net::HttpServer>> servers_;
  live::SystemRandom random_;
  std::unique_ptr<live::AsioDnsClient> dnsClient_;
  FastDnsClient dns_;
  std::map<std::string, std::unique_ptr<DnsDoor>> dnsDoors_;  // by the fake's public address
  std::vector<std::unique_ptr<fakes::DnsNetServer>> dnsServers_;
};

struct LiveHttpsTransport final : LiveTransport {
  LiveHttpsTransport() : LiveTransport(true) {}
  static constexpr const char* kName = "live_https";
};

struct LiveHttpTransport final : LiveTransport {
  LiveHttpTransport() : LiveTransport(false) {}
  static constexpr const char* kName = "live_http";
};

}  // namespace dnsfailover::test
