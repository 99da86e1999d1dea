// Goal: the fake etcd's state machine applies writes, txns and leases as
// etcd 3.4 does (revisions, versions, expiry order), checked directly,
// without the gateway in between.
#include <gtest/gtest.h>

#include "engine/core/time.h"
#include "fakes/etcd/keyspace.h"

namespace dnsfailover::fakes::etcd {
namespace {

using namespace std::chrono_literals;

template <typename T>
T ok(Outcome<T> outcome) {
  if (auto* f = std::get_if<Failure>(&outcome)) ADD_FAILURE() << f->message;
  return std::holds_alternative<T>(outcome) ? std::get<T>(outcome) : T{};
}

const TimePoint t0 = *parseIsoUtc("2026-11-02T00:00:00Z");

TEST(EtcdKeyspace, StartsAtRevisionOneAndStepsOncePerWrite) {
  Keyspace ks;
  EXPECT_EQ(ks.revision(), 1);
  EXPECT_EQ(ok(ks.apply(EtcdOp::put("a", "1"))).revision, 2);
  EXPECT_EQ(ok(ks.apply(EtcdOp::range("a"))).revision, 2);
  EXPECT_EQ(ok(ks.apply(EtcdOp::deleteRange("nothing"))).revision, 2);  // deleted nothing: no step
  EtcdTxn t;
  t.success = {EtcdOp::put("b", "1"), EtcdOp::put("c", "1"), EtcdOp::deleteRange("a")};
  const EtcdTxnResult r = ok(ks.txn(t));
  EXPECT_EQ(r.revision, 3);  // every write of one txn shares one revision
  EXPECT_EQ(ks.get("b")->createRevision, 3);
  EXPECT_EQ(ks.get("c")->modRevision, 3);
  EXPECT_FALSE(ks.get("a"));
}

TEST(EtcdKeyspace, DuplicateKeysInOneBranchAreRefused) {
  Keyspace ks;
  EtcdTxn t;
  t.success = {EtcdOp::put("a", "1"), EtcdOp::put("a", "2")};
  auto r = ks.txn(t);
  ASSERT_TRUE(std::holds_alternative<Failure>(r));
  EXPECT_EQ(std::get<Failure>(r).message, kEtcdDuplicateKey);
  EXPECT_EQ(ks.revision(), 1);
}

TEST(EtcdKeyspace, LeasesExpireInDeadlineOrderAndTakeTheirKeys) {
  Keyspace ks;
  const EtcdLease shortLease = ok(ks.grant(1, 0, t0));  // raised to the minimum
  EXPECT_EQ(shortLease.ttl, Keyspace::kMinTtl);
  const EtcdLease longLease = ok(ks.grant(5, 0, t0));
  ok(ks.apply(EtcdOp::put("s", "x", shortLease.id)));
  ok(ks.apply(EtcdOp::put("l", "x", longLease.id)));
  EXPECT_EQ(ks.revision(), 3);

  ks.advance(t0 + 1999ms);
  EXPECT_TRUE(ks.get("s"));
  EXPECT_EQ(ks.keepAlive(longLease.id, t0 + 1999ms), 5);  // now due at 6.999 s
  ks.advance(t0 + 6s);
  EXPECT_FALSE(ks.get("s"));
  EXPECT_TRUE(ks.get("l"));
  EXPECT_EQ(ks.revision(), 4);
  EXPECT_EQ(ks.timeToLive(longLease.id, false, t0 + 6s).ttl, 0);  // 0.999 s left, rounded down
  ks.advance(t0 + 7s);
  EXPECT_FALSE(ks.get("l"));
  EXPECT_EQ(ks.revision(), 5);
  EXPECT_EQ(ks.leaseCount(), 0u);
  EXPECT_EQ(ks.keepAlive(longLease.id, t0 + 7s), 0);
}

TEST(EtcdKeyspace, MovingAKeyToAnotherLeaseDetachesItFromTheFirst) {
  Keyspace ks;
  const EtcdLease a = ok(ks.grant(10, 0, t0));
  const EtcdLease b = ok(ks.grant(100, 0, t0));
  ok(ks.apply(EtcdOp::put("k", "1", a.id)));
  ok(ks.apply(EtcdOp::put("k", "2", b.id)));
  ok(ks.revoke(a.id));
  ASSERT_TRUE(ks.get("k"));
  EXPECT_EQ(ks.get("k")->lease, b.id);
  EXPECT_EQ(ks.get("k")->version, 2);
}

TEST(EtcdKeyspace, GrantRefusesTakenIdsAndHugeTtls) {
  Keyspace ks;
  ok(ks.grant(5, 42, t0));
  auto again = ks.grant(5, 42, t0);
  ASSERT_TRUE(std::holds_alternative<Failure>(again));
  EXPECT_EQ(std::get<Failure>(again).grpcCode, kGrpcFailedPrecondition);
  auto huge = ks.grant(Keyspace::kMaxTtl + 1, 0, t0);
  ASSERT_TRUE(std::holds_alternative<Failure>(huge));
  EXPECT_EQ(std::get<Failure>(huge).message, kEtcdTooLargeTtl);
}

}  // namespace
}  // namespace dnsfailover::fakes::etcd
