#pragma once
// The state machine of the fake etcd: one linearizable, revisioned keyspace
// and its leases, as etcd 3.4 applies them (checked against etcd 3.4.23):
// - The store starts at revision 1. Every request that changes something
//   (a put, a delete that deletes, a txn whose branch writes, a lease whose
//   revoke or expiry deletes keys) steps the revision by exactly one; all
//   writes of one txn share it. Reads and writes that change nothing leave
//   it alone.
// - A created key gets createRevision = modRevision = the new revision and
//   version 1; each later put raises modRevision and version; a deleted key
//   is gone (a later put creates it afresh).
// - Compares of a txn see the store before the txn; its ops run in order
//   and a range inside sees the txn's earlier puts. A missing key compares
//   as version/create/mod/lease 0 and fails every value compare. Only the
//   branch that runs is checked (unknown lease, empty key, duplicate key).
// - Leases: TTLs below the minimum (2 s, etcd's default for a 1 s election
//   timeout) are raised to it; a lease expires ttl seconds after its grant or
//   last keepalive, on the clock passed in (the Scheduler's: sim time in
//   the simulation), and takes its keys with it. Expiry is applied, in
//   deadline order, before any request that arrives after the deadline, so
//   what a client observes is what an eager expiry would have shown.
// Not modelled: watch, compaction, auth, historical reads (range at a
// revision), sorting, the lease extension a leader change grants.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>

#include "engine/coordination/etcd_types.h"
#include "engine/core/time.h"

namespace dnsfailover::fakes::etcd {

// An error etcd answers with: its gRPC code and text.
struct Failure {
  int grpcCode = 0;
  std::string message;
};

template <typename T>
using Outcome = std::variant<T, Failure>;

class Keyspace {
 public:
  explicit Keyspace(uint64_t seed = 0x5eed);

  static constexpr int64_t kMinTtl = 2;
  static constexpr int64_t kMaxTtl = 9'000'000'000;

  int64_t revision() const { return revision_; }

  // Applies every lease expiry due at `now` (call before each request).
  void advance(TimePoint now);

  Outcome<EtcdOpResult> apply(const EtcdOp& op);
  Outcome<EtcdTxnResult> txn(const EtcdTxn& txn);

  // id 0: the store picks one.
  Outcome<EtcdLease> grant(int64_t ttl, int64_t id, TimePoint now);
  // The TTL the lease restarted with; 0 when there is no such lease.
  int64_t keepAlive(int64_t id, TimePoint now);
  Outcome<EtcdOpResult> revoke(int64_t id);
  EtcdLeaseTimeToLive timeToLive(int64_t id, bool keys, TimePoint now) const;

  // For tests and judges: the key's current value, if any.
  std::optional<EtcdKeyValue> get(const std::string& key) const;
  // For judges: when the lease expires unless kept alive again; none when
  // the store no longer has it (expired, revoked or never granted).
  std::optional<TimePoint> leaseDeadline(int64_t id) const;
  size_t leaseCount() const { return leases_.size(); }

 private:
  struct Lease {
    int64_t ttl = 0;
    TimePoint deadline;
    std::set<std::string> keys;
  };

  bool inRange(const std::string& key, const std::string& from, const std::string& end) const;
  std::vector<std::string> keysIn(const std::string& key, const std::string& rangeEnd) const;
  bool compare(const EtcdCompare& c) const;
  std::optional<Failure> check(const EtcdOp& op) const;
  // Runs `op` as part of the write at revision `writeRevision`.
  EtcdOpResult run(const EtcdOp& op, int64_t writeRevision, bool& wrote);
  void detach(const EtcdKeyValue& kv);
  int64_t revokeNow(int64_t id);  // deletes the lease's keys; returns how many

  int64_t revision_ = 1;
  std::map<std::string, EtcdKeyValue> kvs_;
  std::map<int64_t, Lease> leases_;
  int64_t nextLeaseId_;
};

}  // namespace dnsfailover::fakes::etcd
