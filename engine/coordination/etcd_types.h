#pragma once
// The values of etcd's v3 KV and lease API as the client and the fake both
// see them: keys and values are raw bytes (std::string), revisions, versions,
// lease ids and TTLs are int64 (the JSON gateway writes them as decimal
// strings; etcd_json.h does that translation). Field meanings are etcd's:
//   createRevision  the revision of the write that created the key (0: absent)
//   modRevision     the revision of the last write to it
//   version         writes since creation (1 after the first put)
//   lease           the lease the key is attached to (0: none)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dnsfailover {

struct EtcdKeyValue {
  std::string key;
  std::string value;
  int64_t createRevision = 0;
  int64_t modRevision = 0;
  int64_t version = 0;
  int64_t lease = 0;

  bool operator==(const EtcdKeyValue&) const = default;
};

// The end of the range that holds every key starting with `prefix` (etcd's
// "prefix" recipe: the last byte below 0xff incremented; "\0" for all keys).
std::string etcdPrefixEnd(const std::string& prefix);

// One operation on the keyspace, alone or inside a txn. rangeEnd empty: the
// key alone; otherwise [key, rangeEnd) ("\0" as rangeEnd: every key >= key).
struct EtcdOp {
  enum class Kind { Range, Put, DeleteRange };
  Kind kind = Kind::Range;
  std::string key;
  std::string rangeEnd;
  std::string value;     // Put
  int64_t lease = 0;     // Put
  int64_t limit = 0;     // Range; 0: no limit

  static EtcdOp range(std::string key, std::string rangeEnd = {});
  static EtcdOp rangePrefix(const std::string& prefix);
  static EtcdOp put(std::string key, std::string value, int64_t lease = 0);
  static EtcdOp deleteRange(std::string key, std::string rangeEnd = {});
  static EtcdOp deletePrefix(const std::string& prefix);
};

// What one operation did, at `revision` (the store's revision after it).
struct EtcdOpResult {
  EtcdOp::Kind kind = EtcdOp::Kind::Range;
  std::vector<EtcdKeyValue> kvs;  // Range
  int64_t count = 0;              // Range: keys in the range (may exceed kvs with a limit)
  int64_t deleted = 0;            // DeleteRange
  int64_t revision = 0;
};

// One guard of a txn: `target` of `key` compared with the operand. A key
// that does not exist compares as version/create/mod/lease 0, and fails
// every Value compare (etcd's rule).
struct EtcdCompare {
  enum class Target { Version, Create, Mod, Value, Lease };
  enum class Op { Equal, NotEqual, Less, Greater };
  std::string key;
  Target target = Target::Version;
  Op op = Op::Equal;
  int64_t number = 0;  // Version, Create, Mod, Lease
  std::string value;   // Value
  std::string rangeEnd;  // every key in [key, rangeEnd) must pass

  static EtcdCompare createRevision(std::string key, Op op, int64_t revision);
  static EtcdCompare modRevision(std::string key, Op op, int64_t revision);
  static EtcdCompare version(std::string key, Op op, int64_t version);
  static EtcdCompare valueIs(std::string key, Op op, std::string value);
  static EtcdCompare leaseIs(std::string key, Op op, int64_t lease);
};

struct EtcdTxn {
  std::vector<EtcdCompare> compares;
  std::vector<EtcdOp> success;
  std::vector<EtcdOp> failure;
};

struct EtcdTxnResult {
  bool succeeded = false;
  int64_t revision = 0;
  std::vector<EtcdOpResult> results;  // of the branch that ran, in order
};

struct EtcdLease {
  int64_t id = 0;
  int64_t ttl = 0;  // seconds granted (etcd raises small TTLs to its minimum)
};

struct EtcdLeaseTimeToLive {
  int64_t id = 0;
  int64_t ttl = -1;  // seconds left; -1: the lease is gone (expired or revoked)
  int64_t grantedTtl = 0;
  std::vector<std::string> keys;
};

// Why a call failed.
struct EtcdError {
  enum class Kind {
    Unreachable,  // every member tried (refused, timed out, unavailable) or the deadline passed
    Rejected,     // etcd answered with an error: grpcCode + message
    Malformed,    // an answer we cannot read: message names the field
  };
  Kind kind = Kind::Unreachable;
  int grpcCode = 0;     // Rejected: the gRPC status code (5 NotFound, 3 InvalidArgument, ...)
  std::string message;  // etcd's text ("etcdserver: requested lease not found") or ours
  std::string member;   // the endpoint that answered (Rejected, Malformed)

  std::string format() const;
};

const char* etcdErrorKindName(EtcdError::Kind kind);

// gRPC codes a client meets from etcd.
inline constexpr int kGrpcInvalidArgument = 3;
inline constexpr int kGrpcDeadlineExceeded = 4;
inline constexpr int kGrpcNotFound = 5;
inline constexpr int kGrpcFailedPrecondition = 9;
inline constexpr int kGrpcOutOfRange = 11;
inline constexpr int kGrpcUnavailable = 14;

// etcd's own texts for the errors the fake reproduces.
inline constexpr const char* kEtcdLeaseNotFound = "etcdserver: requested lease not found";
inline constexpr const char* kEtcdKeyNotProvided = "etcdserver: key is not provided";
inline constexpr const char* kEtcdRequestTimedOut = "etcdserver: request timed out";
inline constexpr const char* kEtcdFutureRevision = "etcdserver: mvcc: required revision is a future revision";
inline constexpr const char* kEtcdTooLargeTtl = "etcdserver: too large lease TTL";
inline constexpr const char* kEtcdDuplicateKey = "etcdserver: duplicate key given in txn request";
inline constexpr const char* kEtcdLeaseExists = "etcdserver: lease already exists";

}  // namespace dnsfailover
