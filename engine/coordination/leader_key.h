#pragma once
// The two etcd recipes a leader stands on, as pure values (no policy: who
// campaigns when, and what a leader does, belong to the leader logic).
//
// Taking the leader key: one txn
//     if create_revision(key) == 0      (nobody holds it)
//     then put key = site, with lease   (we take it)
//     else range key                    (who holds it, since when)
// A key under a lease vanishes when the lease expires or is revoked, so a
// leader that stops renewing loses the key without doing anything.
//
// The fence: every shared-state write of a leader is a txn guarded by
//     create_revision(key) == the createRevision we took it at
// which fails once the key was lost, even if a new leader took it again
// (its create revision is a later one). This is what makes a stale leader's
// writes bounce; it does not stop what the stale leader does outside etcd.

#include <cstdint>
#include <string>

#include "engine/coordination/etcd_types.h"

namespace dnsfailover {

// The campaign txn for `site` under `lease` (see the header comment).
EtcdTxn leaderTakeTxn(const std::string& key, const std::string& site, int64_t lease);

struct LeaderClaim {
  bool leads = false;          // the key holds our site under our lease
  bool tookNow = false;        // this txn created the key
  std::string holder;          // the site that holds the key ("" when nobody: it vanished meanwhile)
  int64_t holderLease = 0;
  int64_t createRevision = 0;  // the fence revision of the holder
};

// What the campaign txn's answer says. Re-running it while we hold the key
// (same site, same lease) reports leads = true with the original revision.
LeaderClaim judgeLeaderTake(const EtcdTxnResult& result, const std::string& site, int64_t lease);

// The compare a leader puts in front of every write: the key still has the
// create revision it was taken at.
EtcdCompare leaderFence(const std::string& key, int64_t createRevision);

// `writes` guarded by the fence; on failure the txn reads the key, so the
// caller learns who holds it now.
EtcdTxn fencedTxn(const std::string& key, int64_t createRevision, std::vector<EtcdOp> writes);

}  // namespace dnsfailover
