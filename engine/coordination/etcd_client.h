#pragma once
// An etcd v3 client over the JSON gateway (etcd_json.h), through the
// HttpClient port: the engine stays pure, and the same client talks to a
// real cluster live and to fakes/etcd in the simulation.
//
// Contract:
// - Every call is asynchronous: its callback runs exactly once, later
//   (never inside the call), with a value or a typed EtcdError. Once the
//   client is destroyed, callbacks of calls still in flight do not run.
// - Several members: a call goes to the member that answered last, and on a
//   transport error (refused, timed out) or an "unavailable" answer (no
//   leader, request timed out, a 5xx proxy page) moves on to the next one.
//   When every member has been tried, or the call's deadline (a Scheduler
//   timer, callTimeout after the call) passes first, it fails Unreachable.
// - An answer etcd gives (lease not found, key not provided, ...) is final:
//   Rejected with the gRPC code and etcd's text, never retried elsewhere,
//   because another member would say the same.
// - An answer we cannot read is Malformed, naming the field.
// - A write that timed out may still have been applied (as with any etcd
//   client): callers guard their writes with txn compares, not retries.
// No authentication, no TLS client certificates, no watch: not needed yet.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/coordination/etcd_types.h"
#include "engine/core/lifetime.h"
#include "engine/ports/http_client.h"
#include "engine/ports/scheduler.h"

namespace dnsfailover {

struct EtcdClientOptions {
  // Client URLs of the members, e.g. "http://127.0.0.21:2379".
  std::vector<std::string> endpoints;
  // The whole call, every member tried included.
  Duration callTimeout = std::chrono::seconds{5};
  // One attempt at one member (connect + answer); never beyond the deadline.
  Duration attemptTimeout = std::chrono::seconds{2};
};

template <typename T>
struct EtcdResult {
  std::optional<T> value;
  EtcdError error;
  bool ok() const { return value.has_value(); }
};

template <typename T>
using EtcdCallback = std::function<void(EtcdResult<T>)>;

class EtcdClient {
 public:
  // Throws std::invalid_argument when `options` names no endpoint.
  EtcdClient(HttpClient& http, Scheduler& scheduler, EtcdClientOptions options);
  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;
  ~EtcdClient();

  // The key alone, or [key, rangeEnd) (etcdPrefixEnd for a prefix).
  void range(std::string key, std::string rangeEnd, EtcdCallback<EtcdOpResult> done);
  void rangePrefix(const std::string& prefix, EtcdCallback<EtcdOpResult> done);
  void put(std::string key, std::string value, int64_t lease, EtcdCallback<EtcdOpResult> done);
  void deleteRange(std::string key, std::string rangeEnd, EtcdCallback<EtcdOpResult> done);
  void deletePrefix(const std::string& prefix, EtcdCallback<EtcdOpResult> done);
  // Any lone op (range / put / deleterange).
  void op(EtcdOp op, EtcdCallback<EtcdOpResult> done);
  void txn(EtcdTxn txn, EtcdCallback<EtcdTxnResult> done);

  void leaseGrant(int64_t ttlSeconds, EtcdCallback<EtcdLease> done);
  // The TTL etcd restarted the lease with; 0 means etcd no longer has it.
  void leaseKeepAlive(int64_t id, EtcdCallback<int64_t> done);
  // The store's revision after the revoke (its keys are deleted at it).
  void leaseRevoke(int64_t id, EtcdCallback<int64_t> done);
  // ttl -1 when the lease is gone.
  void leaseTimeToLive(int64_t id, bool keys, EtcdCallback<EtcdLeaseTimeToLive> done);

  const std::vector<std::string>& endpoints() const;

  struct Shared;  // options + the member to try first, shared with calls in flight

 private:
  std::shared_ptr<Shared> shared_;
  Lifetime lifetime_;
};

}  // namespace dnsfailover
