#include "fakes/etcd/keyspace.h"

#include <algorithm>
#include <cassert>
#include <vector>

namespace dnsfailover::fakes::etcd {

namespace {
Failure leaseNotFound() { return {kGrpcNotFound, kEtcdLeaseNotFound}; }
}  // namespace

// Lease ids look like etcd's (large positive numbers) but come from the seed.
Keyspace::Keyspace(uint64_t seed)
    : nextLeaseId_(static_cast<int64_t>((seed * 0x9E3779B97F4A7C15ull) >> 2) | (int64_t{1} << 60)) {}

void Keyspace::advance(TimePoint now) {
  while (true) {
    auto due = leases_.end();
    for (auto it = leases_.begin(); it != leases_.end(); ++it) {
      if (it->second.deadline <= now && (due == leases_.end() || it->second.deadline < due->second.deadline)) due = it;
    }
    if (due == leases_.end()) return;
    revokeNow(due->first);
  }
}

bool Keyspace::inRange(const std::string& key, const std::string& from, const std::string& end) const {
  if (end.empty()) return key == from;
  if (end == std::string(1, '\0')) return key >= from;  // every key from `from` on
  return key >= from && key < end;
}

std::vector<std::string> Keyspace::keysIn(const std::string& key, const std::string& rangeEnd) const {
  std::vector<std::string> out;
  if (rangeEnd.empty()) {
    if (kvs_.count(key)) out.push_back(key);
    return out;
  }
  for (auto it = kvs_.lower_bound(key); it != kvs_.end(); ++it) {
    if (!inRange(it->first, key, rangeEnd)) break;
    out.push_back(it->first);
  }
  return out;
}

bool Keyspace::compare(const EtcdCompare& c) const {
  const std::vector<std::string> keys = keysIn(c.key, c.rangeEnd);
  auto judge = [&c](const EtcdKeyValue& kv) {
    int order = 0;
    if (c.target == EtcdCompare::Target::Value) {
      order = kv.value.compare(c.value);
    } else {
      int64_t have = 0;
      switch (c.target) {
        case EtcdCompare::Target::Version: have = kv.version; break;
        case EtcdCompare::Target::Create: have = kv.createRevision; break;
        case EtcdCompare::Target::Mod: have = kv.modRevision; break;
        case EtcdCompare::Target::Lease: have = kv.lease; break;
        case EtcdCompare::Target::Value: break;
      }
      order = have < c.number ? -1 : (have > c.number ? 1 : 0);
    }
    switch (c.op) {
      case EtcdCompare::Op::Equal: return order == 0;
      case EtcdCompare::Op::NotEqual: return order != 0;
      case EtcdCompare::Op::Less: return order < 0;
      case EtcdCompare::Op::Greater: return order > 0;
    }
    return false;
  };
  if (keys.empty()) {
    if (c.target == EtcdCompare::Target::Value) return false;
    return judge(EtcdKeyValue{});
  }
  return std::all_of(keys.begin(), keys.end(), [&](const std::string& k) { return judge(kvs_.at(k)); });
}

std::optional<Failure> Keyspace::check(const EtcdOp& op) const {
  if (op.key.empty()) return Failure{kGrpcInvalidArgument, kEtcdKeyNotProvided};
  if (op.kind == EtcdOp::Kind::Put && op.lease != 0 && !leases_.count(op.lease)) return leaseNotFound();
  return std::nullopt;
}

void Keyspace::detach(const EtcdKeyValue& kv) {
  if (kv.lease == 0) return;
  if (auto it = leases_.find(kv.lease); it != leases_.end()) it->second.keys.erase(kv.key);
}

EtcdOpResult Keyspace::run(const EtcdOp& op, int64_t writeRevision, bool& wrote) {
  EtcdOpResult result;
  result.kind = op.kind;
  switch (op.kind) {
    case EtcdOp::Kind::Range: {
      const std::vector<std::string> keys = keysIn(op.key, op.rangeEnd);
      result.count = static_cast<int64_t>(keys.size());
      for (const std::string& k : keys) {
        if (op.limit > 0 && static_cast<int64_t>(result.kvs.size()) >= op.limit) break;
        result.kvs.push_back(kvs_.at(k));
      }
      break;
    }
    case EtcdOp::Kind::Put: {
      auto [it, created] = kvs_.try_emplace(op.key);
      EtcdKeyValue& kv = it->second;
      if (created) {
        kv.key = op.key;
        kv.createRevision = writeRevision;
      } else {
        detach(kv);
      }
      kv.value = op.value;
      kv.modRevision = writeRevision;
      ++kv.version;
      kv.lease = op.lease;
      if (op.lease != 0) leases_.at(op.lease).keys.insert(op.key);
      wrote = true;
      break;
    }
    case EtcdOp::Kind::DeleteRange: {
      for (const std::string& k : keysIn(op.key, op.rangeEnd)) {
        detach(kvs_.at(k));
        kvs_.erase(k);
        ++result.deleted;
      }
      if (result.deleted > 0) wrote = true;
      break;
    }
  }
  return result;
}

Outcome<EtcdOpResult> Keyspace::apply(const EtcdOp& op) {
  if (auto failure = check(op)) return *failure;
  bool wrote = false;
  EtcdOpResult result = run(op, revision_ + 1, wrote);
  if (wrote) ++revision_;
  result.revision = revision_;
  return result;
}

Outcome<EtcdTxnResult> Keyspace::txn(const EtcdTxn& txn) {
  EtcdTxnResult out;
  out.succeeded = std::all_of(txn.compares.begin(), txn.compares.end(), [this](const EtcdCompare& c) { return compare(c); });
  const std::vector<EtcdOp>& branch = out.succeeded ? txn.success : txn.failure;
  std::set<std::string> putKeys;
  for (const EtcdOp& op : branch) {
    if (auto failure = check(op)) return *failure;
    if (op.kind == EtcdOp::Kind::Put && !putKeys.insert(op.key).second) {
      return Failure{kGrpcInvalidArgument, kEtcdDuplicateKey};
    }
  }
  for (const EtcdOp& op : branch) {
    if (op.kind != EtcdOp::Kind::DeleteRange) continue;
    for (const std::string& k : putKeys) {
      if (inRange(k, op.key, op.rangeEnd)) return Failure{kGrpcInvalidArgument, kEtcdDuplicateKey};
    }
  }
  bool wrote = false;
  for (const EtcdOp& op : branch) out.results.push_back(run(op, revision_ + 1, wrote));
  if (wrote) ++revision_;
  out.revision = revision_;
  for (EtcdOpResult& r : out.results) r.revision = revision_;
  return out;
}

Outcome<EtcdLease> Keyspace::grant(int64_t ttl, int64_t id, TimePoint now) {
  if (ttl > kMaxTtl) return Failure{kGrpcOutOfRange, kEtcdTooLargeTtl};
  ttl = std::max(ttl, kMinTtl);
  if (id == 0) {
    while (leases_.count(nextLeaseId_)) ++nextLeaseId_;
    id = nextLeaseId_++;
  } else if (leases_.count(id)) {
    return Failure{kGrpcFailedPrecondition, kEtcdLeaseExists};
  }
  leases_[id] = Lease{ttl, now + std::chrono::seconds{ttl}, {}};
  return EtcdLease{id, ttl};
}

int64_t Keyspace::keepAlive(int64_t id, TimePoint now) {
  auto it = leases_.find(id);
  if (it == leases_.end()) return 0;
  it->second.deadline = now + std::chrono::seconds{it->second.ttl};
  return it->second.ttl;
}

int64_t Keyspace::revokeNow(int64_t id) {
  auto it = leases_.find(id);
  assert(it != leases_.end());
  const std::set<std::string> keys = std::move(it->second.keys);
  leases_.erase(it);
  int64_t deleted = 0;
  for (const std::string& k : keys) deleted += static_cast<int64_t>(kvs_.erase(k));
  if (deleted > 0) ++revision_;  // one revision for all the lease's keys
  return deleted;
}

Outcome<EtcdOpResult> Keyspace::revoke(int64_t id) {
  if (!leases_.count(id)) return leaseNotFound();
  EtcdOpResult result;
  result.kind = EtcdOp::Kind::DeleteRange;
  result.deleted = revokeNow(id);
  result.revision = revision_;
  return result;
}

EtcdLeaseTimeToLive Keyspace::timeToLive(int64_t id, bool keys, TimePoint now) const {
  EtcdLeaseTimeToLive out;
  out.id = id;
  auto it = leases_.find(id);
  if (it == leases_.end()) return out;  // ttl -1
  out.grantedTtl = it->second.ttl;
  // Whole seconds left, rounded down, as etcd reports them.
  out.ttl = std::max<int64_t>(0, std::chrono::floor<std::chrono::seconds>(it->second.deadline - now).count());
  if (keys) out.keys.assign(it->second.keys.begin(), it->second.keys.end());
  return out;
}

std::optional<EtcdKeyValue> Keyspace::get(const std::string& key) const {
  auto it = kvs_.find(key);
  if (it == kvs_.end()) return std::nullopt;
  return it->second;
}

std::optional<TimePoint> Keyspace::leaseDeadline(int64_t id) const {
  auto it = leases_.find(id);
  if (it == leases_.end()) return std::nullopt;
  return it->second.deadline;
}

}  // namespace dnsfailover::fakes::etcd
