// Goal: the etcd client and the leader-key recipes behave the same against
// the fake etcd on the simulated network and against a real three-member
// etcd 3.4 cluster: revisions, prefixes, txn compares, leases that expire
// and take their keys, the leader key taken, held, fenced and lost, one
// member down (no change) and two down (a typed Unreachable error), and
// etcd's own errors. The sim world always runs; the real one runs when
// real_etcd_test.sh sets DNSFAILOVER_REAL_ETCD=1 (inside a loopback-only
// network namespace). Lease expiry is waited for with a generous bound,
// never timed.
#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/coordination/leader_key.h"
#include "tests/coordination/etcd_world.h"

namespace dnsfailover::test {
namespace {

using namespace std::chrono_literals;
using Op = EtcdCompare::Op;

class EtcdContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
#ifdef DNSFAILOVER_REAL_ETCD_WORLD
    world_ = GetParam() == "sim" ? makeSimEtcdWorld() : makeRealEtcdWorld();
#else
    world_ = makeSimEtcdWorld();
#endif
  }

  EtcdClient& etcd() { return world_->client(); }

  EtcdOpResult put(const std::string& key, const std::string& value, int64_t lease = 0) {
    auto r = await<EtcdOpResult>(*world_, [&](auto done) { etcd().put(key, value, lease, std::move(done)); });
    EXPECT_TRUE(r.ok()) << r.error.format();
    return r.value.value_or(EtcdOpResult{});
  }
  EtcdOpResult range(const std::string& key, const std::string& end = {}) {
    auto r = await<EtcdOpResult>(*world_, [&](auto done) { etcd().range(key, end, std::move(done)); });
    EXPECT_TRUE(r.ok()) << r.error.format();
    return r.value.value_or(EtcdOpResult{});
  }
  EtcdTxnResult txn(const EtcdTxn& t) {
    auto r = await<EtcdTxnResult>(*world_, [&](auto done) { etcd().txn(t, std::move(done)); });
    EXPECT_TRUE(r.ok()) << r.error.format();
    return r.value.value_or(EtcdTxnResult{});
  }
  EtcdLease grant(int64_t ttl) {
    auto r = await<EtcdLease>(*world_, [&](auto done) { etcd().leaseGrant(ttl, std::move(done)); });
    EXPECT_TRUE(r.ok()) << r.error.format();
    return r.value.value_or(EtcdLease{});
  }
  EtcdResult<int64_t> keepAlive(int64_t id) {
    return await<int64_t>(*world_, [&](auto done) { etcd().leaseKeepAlive(id, std::move(done)); });
  }
  EtcdLeaseTimeToLive timeToLive(int64_t id) {
    auto r = await<EtcdLeaseTimeToLive>(*world_, [&](auto done) { etcd().leaseTimeToLive(id, true, std::move(done)); });
    EXPECT_TRUE(r.ok()) << r.error.format();
    return r.value.value_or(EtcdLeaseTimeToLive{});
  }
  // Polls `key` until it is gone (a lease expired), within a generous bound.
  bool eventuallyGone(const std::string& key) {
    for (int i = 0; i < 60; ++i) {
      if (range(key).kvs.empty()) return true;
      world_->sleep(250ms);
    }
    return false;
  }

  std::unique_ptr<EtcdWorld> world_;
};

TEST_P(EtcdContract, PutAndRangeFollowEtcdsRevisions) {
  const int64_t first = put("contract/a", "1").revision;
  const int64_t second = put("contract/a", "2").revision;
  EXPECT_EQ(second, first + 1);
  const EtcdOpResult got = range("contract/a");
  ASSERT_EQ(got.kvs.size(), 1u);
  EXPECT_EQ(got.kvs[0].value, "2");
  EXPECT_EQ(got.kvs[0].createRevision, first);
  EXPECT_EQ(got.kvs[0].modRevision, second);
  EXPECT_EQ(got.kvs[0].version, 2);
  EXPECT_EQ(got.kvs[0].lease, 0);
  EXPECT_EQ(got.revision, second);  // a read does not step the revision

  const EtcdOpResult none = range("contract/missing");
  EXPECT_TRUE(none.kvs.empty());
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.revision, second);

  // Binary keys and values survive base64 both ways.
  const std::string bytes("\0\xff\x01 x", 5);
  put("contract/bin", bytes);
  EXPECT_EQ(range("contract/bin").kvs.at(0).value, bytes);
}

TEST_P(EtcdContract, PrefixesRangeAndDeleteInKeyOrder) {
  put("p/2", "b");
  put("p/1", "a");
  put("q", "not in the prefix");
  auto r = await<EtcdOpResult>(*world_, [&](auto done) { etcd().rangePrefix("p/", std::move(done)); });
  ASSERT_TRUE(r.ok()) << r.error.format();
  ASSERT_EQ(r.value->kvs.size(), 2u);
  EXPECT_EQ(r.value->kvs[0].key, "p/1");
  EXPECT_EQ(r.value->kvs[1].key, "p/2");
  EXPECT_EQ(r.value->count, 2);

  auto d = await<EtcdOpResult>(*world_, [&](auto done) { etcd().deletePrefix("p/", std::move(done)); });
  ASSERT_TRUE(d.ok()) << d.error.format();
  EXPECT_EQ(d.value->deleted, 2);
  EXPECT_EQ(d.value->revision, r.value->revision + 1);  // one revision for the whole delete
  EXPECT_TRUE(range("p/", etcdPrefixEnd("p/")).kvs.empty());
  EXPECT_EQ(range("q").kvs.size(), 1u);

  // A deleted key comes back as a new key.
  const int64_t again = put("p/1", "new").revision;
  EXPECT_EQ(range("p/1").kvs.at(0).createRevision, again);
  EXPECT_EQ(range("p/1").kvs.at(0).version, 1);
}

TEST_P(EtcdContract, TxnComparesPickTheBranch) {
  EtcdTxn create;
  create.compares = {EtcdCompare::createRevision("t/k", Op::Equal, 0)};
  create.success = {EtcdOp::put("t/k", "first"), EtcdOp::range("t/k")};
  create.failure = {EtcdOp::range("t/k")};

  const EtcdTxnResult won = txn(create);
  EXPECT_TRUE(won.succeeded);
  ASSERT_EQ(won.results.size(), 2u);
  EXPECT_EQ(won.results[0].kind, EtcdOp::Kind::Put);
  ASSERT_EQ(won.results[1].kvs.size(), 1u);  // the txn's range sees its own put
  EXPECT_EQ(won.results[1].kvs[0].createRevision, won.revision);

  const EtcdTxnResult lost = txn(create);
  EXPECT_FALSE(lost.succeeded);
  EXPECT_EQ(lost.revision, won.revision);  // nothing written
  ASSERT_EQ(lost.results.size(), 1u);
  EXPECT_EQ(lost.results[0].kvs.at(0).value, "first");

  EtcdTxn byValue;
  byValue.compares = {EtcdCompare::valueIs("t/k", Op::Equal, "first"), EtcdCompare::version("t/k", Op::Less, 2)};
  byValue.success = {EtcdOp::put("t/k", "second")};
  EXPECT_TRUE(txn(byValue).succeeded);
  EXPECT_FALSE(txn(byValue).succeeded);  // the value and version moved on

  // A missing key fails every value compare, even "not equal".
  EtcdTxn missing;
  missing.compares = {EtcdCompare::valueIs("t/none", Op::NotEqual, "x")};
  EXPECT_FALSE(txn(missing).succeeded);
  EtcdTxn modGreater;
  modGreater.compares = {EtcdCompare::modRevision("t/k", Op::Greater, won.revision)};
  EXPECT_TRUE(txn(modGreater).succeeded);
}

TEST_P(EtcdContract, LeasesKeepAliveAndExpireWithTheirKeys) {
  const EtcdLease lease = grant(2);
  ASSERT_NE(lease.id, 0);
  EXPECT_GE(lease.ttl, 2);
  put("l/held", "x", lease.id);
  EXPECT_EQ(range("l/held").kvs.at(0).lease, lease.id);

  auto renewed = keepAlive(lease.id);
  ASSERT_TRUE(renewed.ok()) << renewed.error.format();
  EXPECT_EQ(*renewed.value, lease.ttl);
  const EtcdLeaseTimeToLive alive = timeToLive(lease.id);
  EXPECT_EQ(alive.grantedTtl, lease.ttl);
  EXPECT_GE(alive.ttl, 0);
  EXPECT_LE(alive.ttl, lease.ttl);
  EXPECT_EQ(alive.keys, std::vector<std::string>{"l/held"});

  // No more keepalives: the lease runs out and takes the key with it.
  ASSERT_TRUE(eventuallyGone("l/held"));
  auto gone = keepAlive(lease.id);
  ASSERT_TRUE(gone.ok()) << gone.error.format();
  EXPECT_EQ(*gone.value, 0);
  EXPECT_EQ(timeToLive(lease.id).ttl, -1);
}

TEST_P(EtcdContract, RevokeDeletesTheLeasesKeysAtOnce) {
  const EtcdLease lease = grant(60);
  put("r/a", "1", lease.id);
  const int64_t before = put("r/b", "2", lease.id).revision;
  auto revoked = await<int64_t>(*world_, [&](auto done) { etcd().leaseRevoke(lease.id, std::move(done)); });
  ASSERT_TRUE(revoked.ok()) << revoked.error.format();
  EXPECT_EQ(*revoked.value, before + 1);
  EXPECT_TRUE(range("r/", etcdPrefixEnd("r/")).kvs.empty());
}

TEST_P(EtcdContract, UnknownLeasesAreEtcdsNotFound) {
  auto putOn = await<EtcdOpResult>(*world_, [&](auto done) { etcd().put("u/k", "v", 424242, std::move(done)); });
  ASSERT_FALSE(putOn.ok());
  EXPECT_EQ(putOn.error.kind, EtcdError::Kind::Rejected);
  EXPECT_EQ(putOn.error.grpcCode, kGrpcNotFound);
  EXPECT_EQ(putOn.error.message, kEtcdLeaseNotFound);
  EXPECT_FALSE(putOn.error.member.empty());

  auto revoke = await<int64_t>(*world_, [&](auto done) { etcd().leaseRevoke(424242, std::move(done)); });
  ASSERT_FALSE(revoke.ok());
  EXPECT_EQ(revoke.error.kind, EtcdError::Kind::Rejected);
  EXPECT_EQ(revoke.error.message, kEtcdLeaseNotFound);

  auto keep = keepAlive(424242);
  ASSERT_TRUE(keep.ok()) << keep.error.format();
  EXPECT_EQ(*keep.value, 0);
  EXPECT_EQ(timeToLive(424242).ttl, -1);

  // The same inside a txn's chosen branch.
  EtcdTxn t;
  t.success = {EtcdOp::put("u/k", "v", 424242)};
  auto inTxn = await<EtcdTxnResult>(*world_, [&](auto done) { etcd().txn(t, std::move(done)); });
  ASSERT_FALSE(inTxn.ok());
  EXPECT_EQ(inTxn.error.grpcCode, kGrpcNotFound);

  auto empty = await<EtcdOpResult>(*world_, [&](auto done) { etcd().put("", "v", 0, std::move(done)); });
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error.grpcCode, kGrpcInvalidArgument);
  EXPECT_EQ(empty.error.message, kEtcdKeyNotProvided);
}

TEST_P(EtcdContract, LeaderKeyIsTakenHeldAndFenced) {
  const std::string key = "dnsfailover/leader";
  const EtcdLease a = grant(30);
  const EtcdLease b = grant(30);

  const LeaderClaim took = judgeLeaderTake(txn(leaderTakeTxn(key, "site-a", a.id)), "site-a", a.id);
  EXPECT_TRUE(took.leads);
  EXPECT_TRUE(took.tookNow);
  EXPECT_GT(took.createRevision, 0);

  const LeaderClaim other = judgeLeaderTake(txn(leaderTakeTxn(key, "site-b", b.id)), "site-b", b.id);
  EXPECT_FALSE(other.leads);
  EXPECT_EQ(other.holder, "site-a");
  EXPECT_EQ(other.holderLease, a.id);
  EXPECT_EQ(other.createRevision, took.createRevision);

  // Campaigning again while holding: still ours, same fence revision.
  const LeaderClaim held = judgeLeaderTake(txn(leaderTakeTxn(key, "site-a", a.id)), "site-a", a.id);
  EXPECT_TRUE(held.leads);
  EXPECT_FALSE(held.tookNow);
  EXPECT_EQ(held.createRevision, took.createRevision);

  // The holder's fenced write lands; one with a wrong fence does not.
  EXPECT_TRUE(txn(fencedTxn(key, took.createRevision, {EtcdOp::put("dnsfailover/state", "from a")})).succeeded);
  const EtcdTxnResult stale = txn(fencedTxn(key, took.createRevision + 1000, {EtcdOp::put("dnsfailover/state", "x")}));
  EXPECT_FALSE(stale.succeeded);
  EXPECT_EQ(range("dnsfailover/state").kvs.at(0).value, "from a");
}

TEST_P(EtcdContract, LeaderLosesTheKeyWhenItsLeaseExpires) {
  const std::string key = "dnsfailover/leader";
  const EtcdLease a = grant(2);
  const LeaderClaim took = judgeLeaderTake(txn(leaderTakeTxn(key, "site-a", a.id)), "site-a", a.id);
  ASSERT_TRUE(took.leads);

  // Site a stops renewing (paused, partitioned): the key vanishes with the lease.
  ASSERT_TRUE(eventuallyGone(key));
  const EtcdLease b = grant(30);
  const LeaderClaim next = judgeLeaderTake(txn(leaderTakeTxn(key, "site-b", b.id)), "site-b", b.id);
  EXPECT_TRUE(next.leads);
  EXPECT_GT(next.createRevision, took.createRevision);

  // The stale leader's fenced write bounces and tells it who leads now.
  const EtcdTxnResult stale = txn(fencedTxn(key, took.createRevision, {EtcdOp::put("dnsfailover/state", "stale")}));
  EXPECT_FALSE(stale.succeeded);
  ASSERT_EQ(stale.results.size(), 1u);
  EXPECT_EQ(stale.results[0].kvs.at(0).value, "site-b");
  EXPECT_TRUE(range("dnsfailover/state").kvs.empty());
}

TEST_P(EtcdContract, OneMemberDownChangesNothing) {
  put("m/k", "before");
  // Member 0 answered first, so it may be the leader: then the others elect
  // a new one, and calls time out until they have (a second or two).
  world_->stopMember(0);
  std::optional<EtcdOpResult> after;
  for (int i = 0; i < 40 && !after; ++i) {
    auto r = await<EtcdOpResult>(*world_, [&](auto done) { etcd().put("m/k", "after", 0, std::move(done)); });
    if (r.ok()) {
      after = r.value;
    } else {
      EXPECT_EQ(r.error.kind, EtcdError::Kind::Unreachable) << r.error.format();
      world_->sleep(250ms);
    }
  }
  ASSERT_TRUE(after) << "no put landed with two of three members up";
  EXPECT_EQ(range("m/k").kvs.at(0).value, "after");
  EXPECT_EQ(range("m/k").kvs.at(0).modRevision, after->revision);
  EXPECT_NE(grant(10).id, 0);
}

TEST_P(EtcdContract, NoQuorumIsATypedUnreachableError) {
  put("n/k", "v");
  world_->stopMember(0);
  world_->stopMember(1);
  auto r = await<EtcdOpResult>(*world_, [&](auto done) { etcd().put("n/k", "w", 0, std::move(done)); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.kind, EtcdError::Kind::Unreachable) << r.error.format();
  auto read = await<EtcdOpResult>(*world_, [&](auto done) { etcd().range("n/k", "", std::move(done)); });
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error.kind, EtcdError::Kind::Unreachable) << read.error.format();
}

std::vector<std::string> worlds() {
  std::vector<std::string> out = {"sim"};
  const char* real = std::getenv("DNSFAILOVER_REAL_ETCD");
  if (real && std::string(real) == "1") out.push_back("real_etcd");
  return out;
}

INSTANTIATE_TEST_SUITE_P(Worlds, EtcdContract, ::testing::ValuesIn(worlds()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace dnsfailover::test
