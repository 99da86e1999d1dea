#include "engine/coordination/leader_key.h"

namespace dnsfailover {

EtcdTxn leaderTakeTxn(const std::string& key, const std::string& site, int64_t lease) {
  EtcdTxn txn;
  txn.compares.push_back(EtcdCompare::createRevision(key, EtcdCompare::Op::Equal, 0));
  txn.success.push_back(EtcdOp::put(key, site, lease));
  // Reading it back in the same txn gives the create revision we took it at.
  txn.success.push_back(EtcdOp::range(key));
  txn.failure.push_back(EtcdOp::range(key));
  return txn;
}

LeaderClaim judgeLeaderTake(const EtcdTxnResult& result, const std::string& site, int64_t lease) {
  LeaderClaim claim;
  claim.tookNow = result.succeeded;
  for (const EtcdOpResult& op : result.results) {
    if (op.kind != EtcdOp::Kind::Range || op.kvs.empty()) continue;
    const EtcdKeyValue& kv = op.kvs.front();
    claim.holder = kv.value;
    claim.holderLease = kv.lease;
    claim.createRevision = kv.createRevision;
  }
  claim.leads = !claim.holder.empty() && claim.holder == site && claim.holderLease == lease && lease != 0;
  return claim;
}

EtcdCompare leaderFence(const std::string& key, int64_t createRevision) {
  return EtcdCompare::createRevision(key, EtcdCompare::Op::Equal, createRevision);
}

EtcdTxn fencedTxn(const std::string& key, int64_t createRevision, std::vector<EtcdOp> writes) {
  EtcdTxn txn;
  txn.compares.push_back(leaderFence(key, createRevision));
  txn.success = std::move(writes);
  txn.failure.push_back(EtcdOp::range(key));
  return txn;
}

}  // namespace dnsfailover
