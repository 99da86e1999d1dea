// Goal: the client's own rules, on the simulated network with the fake
// cluster: callbacks run later, never inside the call; a refused or silent
// member is skipped and the one that answered is asked first next time;
// etcd's own errors are final (not asked elsewhere); the deadline holds
// even when every member is silent; a destroyed client never calls back.
#include <gtest/gtest.h>

#include "engine/coordination/etcd_client.h"
#include "fakes/etcd/cluster.h"
#include "sim/kernel.h"
#include "sim/network.h"

namespace dnsfailover {
namespace {

using namespace std::chrono_literals;

class EtcdClientTest : public ::testing::Test {
 protected:
  EtcdClientTest() : kernel_(*parseIsoUtc("2026-11-02T00:00:00Z")), network_(kernel_, 3) {
    EtcdClientOptions options;
    for (size_t i = 0; i < cluster_.size(); ++i) {
      network_.attach(address(i), cluster_.door(i));
      options.endpoints.push_back("http://" + address(i) + ":2379");
    }
    options.callTimeout = 3s;
    options.attemptTimeout = 1s;
    client_ = std::make_unique<EtcdClient>(network_, kernel_, options);
  }

  static std::string address(size_t i) { return "127.0.0." + std::to_string(21 + i); }

  template <typename T>
  void runUntilSet(const std::optional<T>& v) {
    while (!v && kernel_.pending() > 0) kernel_.step();
  }

  sim::Kernel kernel_;
  sim::Network network_;
  fakes::etcd::Cluster cluster_;
  std::unique_ptr<EtcdClient> client_;
};

TEST_F(EtcdClientTest, CallbackRunsLaterAndOnce) {
  int calls = 0;
  client_->put("k", "v", 0, [&](EtcdResult<EtcdOpResult> r) {
    EXPECT_TRUE(r.ok());
    ++calls;
  });
  EXPECT_EQ(calls, 0);  // not inside the call
  while (kernel_.pending() > 0) kernel_.step();
  EXPECT_EQ(calls, 1);
}

TEST_F(EtcdClientTest, SkipsAMemberThatRefusesAndRemembersTheOneThatAnswered) {
  network_.link(address(0)).down = true;
  std::optional<EtcdResult<EtcdOpResult>> first;
  client_->range("k", "", [&](auto r) { first = std::move(r); });
  runUntilSet(first);
  ASSERT_TRUE(first->ok()) << first->error.format();
  const uint64_t before = network_.requestsSent();
  std::optional<EtcdResult<EtcdOpResult>> second;
  client_->range("k", "", [&](auto r) { second = std::move(r); });
  runUntilSet(second);
  ASSERT_TRUE(second->ok());
  EXPECT_EQ(network_.requestsSent(), before + 1);  // straight to the member that answered
}

TEST_F(EtcdClientTest, EtcdsOwnErrorIsNotAskedElsewhere) {
  std::optional<EtcdResult<int64_t>> r;
  client_->leaseRevoke(99, [&](auto v) { r = std::move(v); });
  runUntilSet(r);
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error.kind, EtcdError::Kind::Rejected);
  EXPECT_EQ(r->error.member, "http://127.0.0.21:2379");
  EXPECT_EQ(network_.requestsSent(), 1u);
  EXPECT_NE(r->error.format().find("gRPC code 5"), std::string::npos);
}

TEST_F(EtcdClientTest, TheDeadlineHoldsWhenEveryMemberIsSilent) {
  for (size_t i = 0; i < cluster_.size(); ++i) network_.link(address(i)).partitioned = true;
  const TimePoint start = kernel_.now();
  std::optional<EtcdResult<EtcdOpResult>> r;
  std::optional<TimePoint> at;
  client_->put("k", "v", 0, [&](auto v) {
    r = std::move(v);
    at = kernel_.now();
  });
  runUntilSet(r);
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->error.kind, EtcdError::Kind::Unreachable);
  EXPECT_LE(*at - start, 3s);  // virtual time: the deadline, not a measurement
  EXPECT_NE(r->error.message.find("timed out"), std::string::npos) << r->error.message;
}

TEST_F(EtcdClientTest, ADestroyedClientNeverCallsBack) {
  bool called = false;
  client_->put("k", "v", 0, [&](auto) { called = true; });
  client_.reset();
  while (kernel_.pending() > 0) kernel_.step();
  EXPECT_FALSE(called);
}

TEST_F(EtcdClientTest, NoEndpointsIsAConfigurationError) {
  EXPECT_THROW(EtcdClient(network_, kernel_, EtcdClientOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace dnsfailover
