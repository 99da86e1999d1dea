#pragma once
// The fake's half of etcd's v3 JSON gateway: request bodies in, as etcd
// 3.4's grpc-gateway reads them, and replies out, as it writes them (the
// client's half, and the facts both halves follow, are in
// engine/coordination/etcd_json.h).
//
// Reading is as lenient as jsonpb: snake_case or lowerCamelCase names,
// int64s as strings or numbers, enums as names or numbers, unknown fields
// ignored, an empty body as {}. What jsonpb refuses (a body that is not a
// JSON object, bad base64, a fraction where an int64 goes, an unknown enum
// name) is a Failure with gRPC code 3 and Go's wording where we know it.

#include <string>

#include "engine/coordination/etcd_types.h"
#include "fakes/etcd/keyspace.h"

namespace dnsfailover::fakes::etcd {

Outcome<EtcdOp> readOpRequest(EtcdOp::Kind kind, const std::string& body);
Outcome<EtcdTxn> readTxnRequest(const std::string& body);
struct LeaseRequest {
  int64_t id = 0;
  int64_t ttl = 0;
  bool keys = false;
};
Outcome<LeaseRequest> readLeaseRequest(const std::string& body);

// What every reply's "header" says.
struct Header {
  uint64_t clusterId = 0;
  uint64_t memberId = 0;
  int64_t revision = 0;
  uint64_t raftTerm = 2;
};

std::string writeOpReply(const Header& header, const EtcdOpResult& result);
std::string writeTxnReply(const Header& header, const EtcdTxnResult& result);
std::string writeLeaseGrantReply(const Header& header, const EtcdLease& lease);
// The stream's one message, {"result": ...}; ttl 0 is left out as etcd does.
std::string writeKeepAliveReply(const Header& header, int64_t id, int64_t ttl);
std::string writeHeaderOnlyReply(const Header& header);
std::string writeTimeToLiveReply(const Header& header, const EtcdLeaseTimeToLive& ttl);
// {"error": message, "message": message, "code": grpcCode}
std::string writeErrorBody(const Failure& failure);
// The HTTP status grpc-gateway v1 gives a gRPC code.
int httpStatusForGrpc(int grpcCode);

}  // namespace dnsfailover::fakes::etcd
