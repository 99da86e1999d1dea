// A real three-member etcd cluster (Debian's etcd-server 3.4) started for
// one test: members on 127.0.0.21-23 (client port 2379, peer port 2380),
// data in a temporary directory, a new cluster every time. The live HTTP
// client and the Asio scheduler run on one event loop, in real time.
// real_etcd_test.sh runs this inside a loopback-only network namespace.
#include <stdexcept>

#include "engine/live/asio_scheduler.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "tests/coordination/etcd_world.h"
#include "tests/support/etcd_processes.h"

namespace dnsfailover::test {
namespace {

class RealEtcdWorld final : public EtcdWorld {
 public:
  RealEtcdWorld() : scheduler_(loop_), http_(loop_) {
    EtcdClientOptions options;
    options.endpoints = etcd_.endpoints();
    options.callTimeout = std::chrono::seconds{3};
    options.attemptTimeout = std::chrono::seconds{1};
    client_ = std::make_unique<EtcdClient>(http_, scheduler_, options);
    if (!waitUntilServing()) throw std::runtime_error("etcd cluster did not start (see " + etcd_.logFile(0) + ")");
  }

  ~RealEtcdWorld() override { client_.reset(); }

  EtcdClient& client() override { return *client_; }
  Scheduler& scheduler() override { return scheduler_; }
  size_t members() const override { return etcd_.members(); }

  bool runUntil(const std::function<bool()>& done, Duration limit) override {
    return loop_.runUntil(done, std::chrono::duration_cast<std::chrono::milliseconds>(limit));
  }

  void stopMember(size_t i) override { etcd_.stopMember(i); }

 private:
  // A new cluster elects its leader within a few seconds.
  bool waitUntilServing() {
    for (int attempt = 0; attempt < 40; ++attempt) {
      auto r = await<EtcdOpResult>(*this, [this](auto done) { client_->range("ready?", "", std::move(done)); });
      if (r.ok()) return true;
      sleep(std::chrono::milliseconds{250});
    }
    return false;
  }

  EtcdProcesses etcd_;
  live::EventLoop loop_;
  live::AsioScheduler scheduler_;
  live::LiveHttpClient http_;
  std::unique_ptr<EtcdClient> client_;
};

}  // namespace

std::unique_ptr<EtcdWorld> makeRealEtcdWorld() { return std::make_unique<RealEtcdWorld>(); }

}  // namespace dnsfailover::test
