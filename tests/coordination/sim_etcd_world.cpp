// The fake etcd cluster (fakes/etcd) on the simulated network: three
// members on their own addresses, the client over all of them, virtual time.
#include "fakes/etcd/cluster.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "tests/coordination/etcd_world.h"

namespace dnsfailover::test {
namespace {

class SimEtcdWorld final : public EtcdWorld {
 public:
  SimEtcdWorld()
      : kernel_(*parseIsoUtc("2026-11-02T00:00:00Z")), network_(kernel_, /*seed=*/11), cluster_({3, 11, std::chrono::seconds{7}}) {
    network_.defaults().latency = std::chrono::milliseconds{2};
    network_.defaults().jitter = std::chrono::milliseconds{1};
    EtcdClientOptions options;
    for (size_t i = 0; i < cluster_.size(); ++i) {
      network_.attach(address(i), cluster_.door(i));
      options.endpoints.push_back("http://" + address(i) + ":2379");
    }
    options.callTimeout = std::chrono::seconds{3};
    options.attemptTimeout = std::chrono::seconds{1};
    client_ = std::make_unique<EtcdClient>(network_, kernel_, options);
  }

  EtcdClient& client() override { return *client_; }
  Scheduler& scheduler() override { return kernel_; }
  size_t members() const override { return cluster_.size(); }

  bool runUntil(const std::function<bool()>& done, Duration limit) override {
    const TimePoint end = kernel_.now() + limit;
    while (!done() && kernel_.now() <= end && kernel_.pending() > 0) {
      if (!kernel_.step()) break;
    }
    return done();
  }

  void stopMember(size_t i) override {
    cluster_.stop(i, kernel_.now());
    network_.link(address(i)).down = true;  // the host refuses connections
  }

 private:
  static std::string address(size_t i) { return "127.0.0." + std::to_string(21 + i); }

  sim::Kernel kernel_;
  sim::Network network_;
  fakes::etcd::Cluster cluster_;
  std::unique_ptr<EtcdClient> client_;
};

}  // namespace

std::unique_ptr<EtcdWorld> makeSimEtcdWorld() { return std::make_unique<SimEtcdWorld>(); }

}  // namespace dnsfailover::test
