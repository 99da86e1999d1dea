#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/coordination/etcd_json.h"
#include "fakes/etcd/cluster.h"
#include "fakes/etcd/gateway_json.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

constexpr int kStatuses[] = {200, 400, 404, 412, 500, 502, 503, 504};

HttpResponse responseFrom(std::span<const uint8_t> data) {
  HttpResponse r;
  r.status = kStatuses[data.size() > 1 ? data[1] % std::size(kStatuses) : 0];
  if (data.size() > 2) r.body.assign(reinterpret_cast<const char*>(data.data() + 2), data.size() - 2);
  return r;
}

template <typename T>
void judge(const EtcdReply<T>& reply, const HttpResponse& response) {
  if (reply.ok()) {
    if (response.status != 200) std::abort();  // only a 200 carries a value
    return;
  }
  if (reply.error.kind == EtcdError::Kind::Unreachable) std::abort();  // the codec never says that
  if (reply.error.kind == EtcdError::Kind::Malformed && reply.error.message.empty()) std::abort();
  if (reply.error.kind == EtcdError::Kind::Rejected && response.status == 200 &&
      response.body.find("error") == std::string::npos) {
    std::abort();
  }
}

}  // namespace

void etcdReply(std::span<const uint8_t> data) {
  const HttpResponse response = responseFrom(data);
  switch (data.empty() ? 0 : data[0] % 7) {
    case 0: {
      const auto r = decodeEtcdOpReply(EtcdOp::Kind::Range, response);
      judge(r, response);
      if (r.ok()) {
        // The fake writes what the client reads: a range read back through
        // the fake's encoder decodes to the same keys.
        fakes::etcd::Header header;
        header.revision = r.value->revision;
        HttpResponse again{200, {}, fakes::etcd::writeOpReply(header, *r.value)};
        const auto back = decodeEtcdOpReply(EtcdOp::Kind::Range, again);
        if (!back.ok() || back.value->kvs != r.value->kvs || back.value->revision != r.value->revision) std::abort();
      }
      break;
    }
    case 1: judge(decodeEtcdOpReply(EtcdOp::Kind::Put, response), response); break;
    case 2: judge(decodeEtcdOpReply(EtcdOp::Kind::DeleteRange, response), response); break;
    case 3: judge(decodeEtcdTxnReply(response), response); break;
    case 4: judge(decodeEtcdLeaseGrantReply(response), response); break;
    case 5: {
      const auto r = decodeEtcdKeepAliveReply(response);
      judge(r, response);
      if (r.ok() && *r.value < 0) std::abort();  // "gone" is 0, never negative
      break;
    }
    default: judge(decodeEtcdTimeToLiveReply(response), response); break;
  }
}

void etcdGateway(std::span<const uint8_t> data) {
  static const char* kPaths[] = {"/v3/kv/range", "/v3/kv/put", "/v3/kv/deleterange", "/v3/kv/txn",
                                 "/v3/lease/grant", "/v3/lease/keepalive", "/v3/lease/revoke",
                                 "/v3/lease/timetolive", "/v3/nothing"};
  fakes::etcd::Cluster cluster;
  const TimePoint t0 = *parseIsoUtc("2026-11-02T00:00:00Z");
  // Several requests from one input, split at 0x1e, so state builds up.
  size_t at = 0;
  int n = 0;
  while (at <= data.size() && n++ < 16) {
    size_t end = at;
    while (end < data.size() && data[end] != 0x1e) ++end;
    if (end > at) {
      HttpRequest request;
      request.method = "POST";
      request.url = std::string("http://127.0.0.21:2379") + kPaths[data[at] % std::size(kPaths)];
      request.body.assign(reinterpret_cast<const char*>(data.data() + at + 1), end - at - 1);
      const int64_t before = cluster.keyspace().revision();
      const fakes::DoorReply reply = cluster.door(0).serve(request, t0 + std::chrono::seconds{n}, "127.0.0.1");
      const HttpResponse& r = reply.response;
      if (cluster.keyspace().revision() < before) std::abort();  // revisions never go back
      if (r.status != 200 && r.status != 400 && r.status != 404 && r.status != 412) std::abort();
      if (r.status != 404 || r.body != "Not Found\n") {
        const nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
        if (body.is_discarded() || !body.is_object()) std::abort();
        if (r.status != 200 && (!body.contains("code") || !body.contains("message"))) std::abort();
      }
    }
    at = end + 1;
  }
}

}  // namespace dnsfailover::fuzz
