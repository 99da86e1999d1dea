#include "tests/providers/live_transport.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace dnsfailover::test {

// ---- FastClock ----

FastClock::FastClock(TimePoint epoch, int speed)
    : epoch_(epoch), origin_(std::chrono::steady_clock::now()), speed_(speed) {}

TimePoint FastClock::now() const {
  const auto real = std::chrono::steady_clock::now() - origin_;
  return epoch_ + std::chrono::floor<Duration>(real * speed_);
}

std::chrono::milliseconds FastClock::realFor(Duration length) const {
  if (length <= Duration::zero()) return std::chrono::milliseconds{0};
  // Rounded up, so the virtual clock has surely passed the instant.
  return std::chrono::milliseconds{(length.count() + speed_ - 1) / speed_};
}

// ---- FastScheduler ----

FastScheduler::~FastScheduler() { real_.cancel(wakeup_); }

TimePoint FastScheduler::now() const {
  lastNow_ = std::max(lastNow_, clock_.now());
  return lastNow_;
}

TimerId FastScheduler::scheduleAt(TimePoint when, std::function<void()> task) {
  const TimerId id = nextId_++;
  queue_.emplace(std::make_pair(when, id), std::move(task));
  dueById_.emplace(id, when);
  if (when < armedFor_) arm();
  return id;
}

void FastScheduler::cancel(TimerId id) {
  auto it = dueById_.find(id);
  if (it == dueById_.end()) return;
  queue_.erase(std::make_pair(it->second, id));
  dueById_.erase(it);
}

void FastScheduler::arm() {
  real_.cancel(wakeup_);
  wakeup_ = kNoTimer;
  armedFor_ = TimePoint::max();
  if (queue_.empty()) return;
  armedFor_ = queue_.begin()->first.first;
  const Duration left = std::max(Duration::zero(), armedFor_ - now());
  // +1 ms: the real scheduler's clock is whole milliseconds of another
  // clock; fire() re-arms anyway if it finds the head not yet due.
  wakeup_ = real_.scheduleAfter(clock_.realFor(left) + std::chrono::milliseconds{1}, [this] { fire(); });
}

void FastScheduler::fire() {
  wakeup_ = kNoTimer;
  armedFor_ = TimePoint::max();
  const TimePoint t = now();
  // Like AsioScheduler: only tasks that existed when the wakeup came run
  // in this batch, in (instant, scheduling order).
  const TimerId batchEnd = nextId_;
  while (!queue_.empty()) {
    auto it = queue_.begin();
    if (it->first.first > t || it->first.second >= batchEnd) break;
    std::function<void()> task = std::move(it->second);
    dueById_.erase(it->first.second);
    queue_.erase(it);
    task();
  }
  if (wakeup_ == kNoTimer) arm();
}

// ---- FastHttpClient ----

void FastHttpClient::send(HttpRequest request, std::function<void(HttpResult)> done) {
  request.timeout = std::max<Duration>(clock_.realFor(request.timeout), kMinRealTimeout);
  real_.send(std::move(request), std::move(done));
}

// ---- FastDnsClient ----

void FastDnsClient::query(DnsQuery query, std::function<void(DnsResult)> done) {
  query.timeout = std::max<Duration>(clock_.realFor(query.timeout), FastHttpClient::kMinRealTimeout);
  real_.query(std::move(query), std::move(done));
}

void FastDnsClient::exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) {
  exchange.timeout = std::max<Duration>(clock_.realFor(exchange.timeout), FastHttpClient::kMinRealTimeout);
  real_.exchange(std::move(exchange), std::move(done));
}

// ---- LiveTransport ----

class LiveTransport::DnsDoor final : public fakes::DnsDoor {
 public:
  DnsDoor(fakes::DnsDoor& inner, const FastClock& clock) : inner_(inner), clock_(clock) {}
  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override {
    if (now < silentUntil_) return std::nullopt;
    return inner_.handle(query, now);
  }
  std::optional<std::vector<uint8_t>> handleWire(std::span<const uint8_t> message, TimePoint now) override {
    if (now < silentUntil_) return std::nullopt;
    return inner_.handleWire(message, now);
  }
  // Same thread as the server (the transport's loop): no atomics needed.
  void silence(Duration length) { silentUntil_ = clock_.now() + length; }

 private:
  fakes::DnsDoor& inner_;
  const FastClock& clock_;
  TimePoint silentUntil_{};
};

class LiveTransport::Door final : public fakes::TimedDoor {
 public:
  Door(fakes::TimedDoor& inner, const FastClock& clock) : inner_(inner), clock_(clock) {}

  fakes::DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    // A partition: the request reached the host, nothing comes back.
    if (now.time_since_epoch().count() < silentUntilMs_.load()) return {{}, {}, false};
    return inner_.serve(request, now, peer);
  }
  void silence(Duration length) { silentUntilMs_.store((clock_.now() + length).time_since_epoch().count()); }

 private:
  fakes::TimedDoor& inner_;
  const FastClock& clock_;
  std::atomic<int64_t> silentUntilMs_{0};
};

namespace {

fakes::net::PemPair makeCa() { return fakes::net::makeTestCa("dnsfailover conformance test CA"); }

std::string writeCa(const fakes::net::PemPair& ca) {
  static std::atomic<int> counter{0};
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("dnsfailover-conformance-ca-" + std::to_string(::getpid()) + "-" +
                                      std::to_string(counter.fetch_add(1)) + ".pem");
  fakes::net::writeTextFile(path.string(), ca.certPem);
  return path.string();
}

std::unique_ptr<live::LiveHttpClient> makeClient(live::EventLoop& loop, const std::string& caFile) {
  live::HttpClientOptions options;
  options.caFile = caFile;
  options.useSystemCaStore = false;  // nothing but the test CA
  return std::make_unique<live::LiveHttpClient>(loop, options);
}

}  // namespace

LiveTransport::LiveTransport(bool https)
    : https_(https),
      clock_(*parseIsoUtc("2026-11-02T00:00:00Z"), kSpeed),
      realScheduler_(loop_),
      scheduler_(realScheduler_, clock_),
      ca_(makeCa()),
      caFile_(writeCa(ca_)),
      client_(makeClient(loop_, caFile_)),
      http_(*client_, clock_),
      dnsClient_(std::make_unique<live::AsioDnsClient>(loop_.context(), random_)),
      dns_(*dnsClient_, clock_) {}

std::pair<std::string, uint16_t> LiveTransport::serveDns(fakes::DnsDoor& door, const std::string& address) {
  const std::string loopback = "127.0.0." + std::to_string(61 + servers_.size() + dnsServers_.size());
  auto wrapped = std::make_unique<DnsDoor>(door, clock_);
  auto server = std::make_unique<fakes::DnsNetServer>(loop_.context(), *wrapped, loopback, 0,
                                                      [clock = &clock_] { return clock->now(); });
  const uint16_t port = server->port();
  dnsDoors_[address] = std::move(wrapped);
  dnsServers_.push_back(std::move(server));
  return {loopback, port};
}

LiveTransport::~LiveTransport() {
  shutdown();
  std::remove(caFile_.c_str());
}

std::string LiveTransport::serve(fakes::TimedDoor& door, const std::string& hostname, const std::string& address) {
  // Public addresses stay names here; each door gets its own loopback one.
  const std::string loopback = "127.0.0." + std::to_string(61 + servers_.size() + dnsServers_.size());
  auto wrapped = std::make_unique<Door>(door, clock_);
  fakes::net::HttpServerOptions options;
  options.address = loopback;
  options.https = https_;
  if (https_) options.tlsPem = fakes::net::makeServerCert(ca_, {hostname}, {loopback});
  options.clock = [clock = &clock_] { return clock->now(); };
  options.threads = 4;
  auto server = std::make_unique<fakes::net::HttpServer>(*wrapped, options);
  server->start();
  const std::string url = server->baseUrl();
  doors_[address] = std::move(wrapped);
  servers_.push_back(std::move(server));
  return url;
}

bool LiveTransport::runUntil(const std::function<bool()>& done, Duration limit) {
  return loop_.runUntil(done, clock_.realFor(limit));
}

void LiveTransport::blackhole(const std::string& address, Duration length) {
  auto it = doors_.find(address);
  auto dnsIt = dnsDoors_.find(address);
  if (it == doors_.end() && dnsIt == dnsDoors_.end()) throw std::logic_error("blackhole: nothing served for " + address);
  if (it != doors_.end()) it->second->silence(length);
  if (dnsIt != dnsDoors_.end()) dnsIt->second->silence(length);
}

void LiveTransport::shutdown() {
  // Stops the servers before the fakes behind them go away.
  for (auto& server : servers_) server->stop();
  for (auto& server : dnsServers_) server->stop();
}

}  // namespace dnsfailover::test
