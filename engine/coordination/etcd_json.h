#pragma once
// The client's half of etcd's v3 JSON gateway (etcd 3.4, grpc-gateway v1):
// request bodies out, replies in. Pure functions, so every answer shape real
// etcd gives can be table-tested and fuzzed without a network.
//
// What the gateway speaks (checked against etcd 3.4.23):
// - POST only, JSON bodies, proto field names (snake_case; lease ones are
//   "ID", "TTL", "grantedTTL"). Keys and values are standard padded base64.
//   int64s are decimal strings; enums are their names ("CREATE", "EQUAL").
// - Replies omit every field that holds its zero value: no "kvs" when the
//   range is empty, no "succeeded" when a txn failed, no "TTL" when a
//   keepalive found no lease. Absent means zero here, never an error.
// - Every reply carries "header" with the store's "revision"; a reply
//   without one is malformed (it is not etcd answering).
// - Errors: an HTTP status mapped from the gRPC code (404 NotFound, 400
//   InvalidArgument/OutOfRange, 503 Unavailable, ...) with the body
//   {"error": text, "code": grpc code, "message": text}.
// - /v3/lease/keepalive is a stream: its one answer is wrapped in
//   {"result": {...}}, and a stream error is {"error": {"grpc_code",
//   "message", ...}}.

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>

#include "engine/coordination/etcd_types.h"
#include "engine/ports/http_client.h"

namespace dnsfailover {

// The gateway paths the client uses.
inline constexpr const char* kEtcdRangePath = "/v3/kv/range";
inline constexpr const char* kEtcdPutPath = "/v3/kv/put";
inline constexpr const char* kEtcdDeleteRangePath = "/v3/kv/deleterange";
inline constexpr const char* kEtcdTxnPath = "/v3/kv/txn";
inline constexpr const char* kEtcdLeaseGrantPath = "/v3/lease/grant";
inline constexpr const char* kEtcdLeaseKeepAlivePath = "/v3/lease/keepalive";
inline constexpr const char* kEtcdLeaseRevokePath = "/v3/lease/revoke";
inline constexpr const char* kEtcdLeaseTimeToLivePath = "/v3/lease/timetolive";

// An int64 as the gateway writes it (a decimal string) or as jsonpb also
// reads it (a JSON integer); nullopt for anything else.
std::optional<int64_t> etcdInt64(const nlohmann::json& v);

// Request bodies.
std::string encodeEtcdOp(const EtcdOp& op);  // the body of a lone range / put / deleterange
std::string encodeEtcdTxn(const EtcdTxn& txn);
std::string encodeEtcdLeaseGrant(int64_t ttlSeconds);
std::string encodeEtcdLeaseId(int64_t id);  // keepalive, revoke
std::string encodeEtcdLeaseTimeToLive(int64_t id, bool keys);
// The gateway path of a lone op.
const char* etcdOpPath(EtcdOp::Kind kind);

// A decoded answer: a value, or why there is none.
template <typename T>
struct EtcdReply {
  std::optional<T> value;
  EtcdError error;
  bool ok() const { return value.has_value(); }
};

// Replies. A non-200 status is decoded as etcd's error body (Rejected with
// its gRPC code) or, when the body is not one, Malformed naming the status.
EtcdReply<EtcdOpResult> decodeEtcdOpReply(EtcdOp::Kind kind, const HttpResponse& response);
EtcdReply<EtcdTxnResult> decodeEtcdTxnReply(const HttpResponse& response);
EtcdReply<EtcdLease> decodeEtcdLeaseGrantReply(const HttpResponse& response);
// The TTL left; 0 when etcd no longer knows the lease.
EtcdReply<int64_t> decodeEtcdKeepAliveReply(const HttpResponse& response);
EtcdReply<int64_t> decodeEtcdRevokeReply(const HttpResponse& response);  // the revision
EtcdReply<EtcdLeaseTimeToLive> decodeEtcdTimeToLiveReply(const HttpResponse& response);

// Whether an answer means "this member cannot serve now, ask another one":
// gRPC Unavailable or DeadlineExceeded (no leader, request timed out), or
// an HTTP 5xx that is not etcd's error body (a proxy in front).
bool etcdTryAnotherMember(const EtcdError& error, int httpStatus);

}  // namespace dnsfailover
