#include "tests/live/daemon_support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace dnsfailover::live::testing {

// Logs each request after the fake has handled it; the latency is applied
// by the server afterwards, outside the lock, so the log shows a push the
// moment it arrives, while the daemon still waits for the answer.
class FakeHe::Door final : public fakes::TimedDoor {
 public:
  Door(fakes::HeDynApi& he, fakes::ZoneStore& zones, std::string fqdn)
      : he_(he), zones_(zones), fqdn_(std::move(fqdn)) {}

  fakes::DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    std::lock_guard lock(mutex_);
    fakes::DoorReply reply = he_.serve(request, now, peer);
    std::string line = reply.response.body;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    log_.push_back({std::chrono::steady_clock::now(), line, zones_.firstValue(fqdn_, "A").value_or("")});
    return reply;
  }

  std::vector<FakePush> log() const {
    std::lock_guard lock(mutex_);
    return log_;
  }
  size_t count() const {
    std::lock_guard lock(mutex_);
    return log_.size();
  }
  std::optional<std::string> holds() const {
    std::lock_guard lock(mutex_);
    return zones_.firstValue(fqdn_, "A");
  }

 private:
  fakes::HeDynApi& he_;
  fakes::ZoneStore& zones_;
  std::string fqdn_;
  mutable std::mutex mutex_;
  std::vector<FakePush> log_;
};

FakeHe::FakeHe(const std::string& address, const std::string& fqdn, const std::string& key, Duration latency)
    : fqdn_(fqdn), he_(zones_) {
  zones_.addZone(fqdn.substr(fqdn.find('.') + 1));
  he_.enableHost(fqdn, key);
  he_.knobs().extraLatency = latency;
  door_ = std::make_unique<Door>(he_, zones_, fqdn);
  fakes::net::HttpServerOptions options;
  options.address = address;
  const auto realStart = std::chrono::steady_clock::now();
  const TimePoint fakeStart = fakes::net::systemUtcNow();
  options.clock = [realStart, fakeStart] {
    const auto real = std::chrono::steady_clock::now() - realStart;
    return fakeStart + std::chrono::duration_cast<Duration>(real * 1000);
  };
  server_ = std::make_unique<fakes::net::HttpServer>(*door_, options);
  server_->start();
}

FakeHe::~FakeHe() { stop(); }

void FakeHe::stop() { server_->stop(); }

std::string FakeHe::endpoint() const { return server_->baseUrl() + "/nic/update"; }
size_t FakeHe::pushCount() const { return door_->count(); }
std::vector<FakePush> FakeHe::pushes() const { return door_->log(); }
std::optional<std::string> FakeHe::holds() const { return door_->holds(); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> readTraceLines(const std::string& path) {
  const std::string text = slurp(path);
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    std::string line = text.substr(start, nl - start);
    start = nl + 1;
    if (line.empty()) continue;
    const nlohmann::json e = nlohmann::json::parse(line, nullptr, false);
    if (e.is_discarded() || !e.is_object() || !e.contains("t")) continue;
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<nlohmann::json> readTraceEvents(const std::string& path) {
  std::vector<nlohmann::json> events;
  for (const std::string& line : readTraceLines(path)) events.push_back(nlohmann::json::parse(line));
  return events;
}

bool pollUntil(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
  ::setenv(name_.c_str(), value.c_str(), 1);
}
ScopedEnv::~ScopedEnv() { ::unsetenv(name_.c_str()); }

}  // namespace dnsfailover::live::testing
