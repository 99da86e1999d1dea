#include "engine/coordination/etcd_json.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <span>

#include "engine/config/json_reader.h"
#include "engine/core/base64.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

std::string b64(const std::string& bytes) { return base64EncodeText(bytes); }

std::string decimal(int64_t v) { return std::to_string(v); }

json opBody(const EtcdOp& op) {
  json body = json::object();
  body["key"] = b64(op.key);
  if (!op.rangeEnd.empty()) body["range_end"] = b64(op.rangeEnd);
  switch (op.kind) {
    case EtcdOp::Kind::Range:
      if (op.limit > 0) body["limit"] = decimal(op.limit);
      break;
    case EtcdOp::Kind::Put:
      body["value"] = b64(op.value);
      if (op.lease != 0) body["lease"] = decimal(op.lease);
      break;
    case EtcdOp::Kind::DeleteRange:
      break;
  }
  return body;
}

const char* targetName(EtcdCompare::Target t) {
  switch (t) {
    case EtcdCompare::Target::Version: return "VERSION";
    case EtcdCompare::Target::Create: return "CREATE";
    case EtcdCompare::Target::Mod: return "MOD";
    case EtcdCompare::Target::Value: return "VALUE";
    case EtcdCompare::Target::Lease: return "LEASE";
  }
  return "VERSION";
}

const char* resultName(EtcdCompare::Op op) {
  switch (op) {
    case EtcdCompare::Op::Equal: return "EQUAL";
    case EtcdCompare::Op::NotEqual: return "NOT_EQUAL";
    case EtcdCompare::Op::Less: return "LESS";
    case EtcdCompare::Op::Greater: return "GREATER";
  }
  return "EQUAL";
}

// The operand field of a compare, named after its target (a proto oneof).
const char* operandField(EtcdCompare::Target t) {
  switch (t) {
    case EtcdCompare::Target::Version: return "version";
    case EtcdCompare::Target::Create: return "create_revision";
    case EtcdCompare::Target::Mod: return "mod_revision";
    case EtcdCompare::Target::Value: return "value";
    case EtcdCompare::Target::Lease: return "lease";
  }
  return "version";
}

const char* requestField(EtcdOp::Kind kind) {
  switch (kind) {
    case EtcdOp::Kind::Range: return "request_range";
    case EtcdOp::Kind::Put: return "request_put";
    case EtcdOp::Kind::DeleteRange: return "request_delete_range";
  }
  return "request_range";
}

const char* responseField(EtcdOp::Kind kind) {
  switch (kind) {
    case EtcdOp::Kind::Range: return "response_range";
    case EtcdOp::Kind::Put: return "response_put";
    case EtcdOp::Kind::DeleteRange: return "response_delete_range";
  }
  return "response_range";
}

// ---- reading ----

// Reads fields as etcd writes them, collecting errors by path.
class ReplyReader {
 public:
  ReplyReader() : reader_(errors_) {}

  bool failed() const { return !errors_.empty(); }
  std::string firstError() const { return errors_.empty() ? std::string{} : errors_.front().format(); }
  void fail(const std::string& path, std::string message) { reader_.fail(path, std::move(message)); }

  // An int64 field: a decimal string (etcd) or a JSON integer; absent is 0.
  int64_t int64(const json& object, const std::string& path, const char* key) {
    const json* v = reader_.member(object, path, key, false);
    if (!v) return 0;
    if (std::optional<int64_t> n = etcdInt64(*v)) return *n;
    fail(Reader::join(path, key), "expected an int64 as a decimal string, got " + Reader::shown(*v));
    return 0;
  }

  // A bytes field (base64); absent is empty.
  std::string bytes(const json& object, const std::string& path, const char* key) {
    const json* v = reader_.member(object, path, key, false);
    if (!v) return {};
    return bytesValue(*v, Reader::join(path, key));
  }

  std::string bytesValue(const json& v, const std::string& at) {
    if (v.is_string()) {
      if (v.get_ref<const std::string&>().empty()) return {};
      if (auto decoded = base64DecodeText(v.get_ref<const std::string&>())) return *decoded;
    }
    fail(at, "expected base64 bytes, got " + Reader::shown(v));
    return {};
  }

  bool boolean(const json& object, const std::string& path, const char* key) {
    return reader_.boolean(object, path, key).value_or(false);
  }

  // An optional array field: absent is empty.
  const json* array(const json& object, const std::string& path, const char* key) {
    const json* v = reader_.member(object, path, key, false);
    if (!v) return nullptr;
    if (!v->is_array()) {
      fail(Reader::join(path, key), "expected an array, got " + Reader::shown(*v));
      return nullptr;
    }
    return v;
  }

  // An optional object field: absent is an empty object.
  const json& object(const json& parent, const std::string& path, const char* key, bool required = false) {
    static const json kEmpty = json::object();
    const json* v = reader_.member(parent, path, key, required);
    if (!v) return kEmpty;
    if (!v->is_object()) {
      fail(Reader::join(path, key), "expected an object, got " + Reader::shown(*v));
      return kEmpty;
    }
    return *v;
  }

  // header.revision, which every etcd answer carries.
  int64_t revision(const json& reply, const std::string& path) {
    const json& header = object(reply, path, "header", /*required=*/true);
    if (failed()) return 0;
    const std::string at = Reader::join(path, "header");
    if (!header.contains("revision")) fail(Reader::join(at, "revision"), "is required");
    return int64(header, at, "revision");
  }

  EtcdKeyValue keyValue(const json& v, const std::string& at) {
    EtcdKeyValue kv;
    if (!v.is_object()) {
      fail(at, "expected an object, got " + Reader::shown(v));
      return kv;
    }
    if (!v.contains("key")) fail(Reader::join(at, "key"), "is required");
    kv.key = bytes(v, at, "key");
    kv.value = bytes(v, at, "value");
    kv.createRevision = int64(v, at, "create_revision");
    kv.modRevision = int64(v, at, "mod_revision");
    kv.version = int64(v, at, "version");
    kv.lease = int64(v, at, "lease");
    return kv;
  }

  // The fields of a range / put / deleterange response.
  EtcdOpResult opResult(EtcdOp::Kind kind, const json& v, const std::string& path) {
    EtcdOpResult r;
    r.kind = kind;
    r.revision = revision(v, path);
    if (kind == EtcdOp::Kind::Range) {
      if (const json* kvs = array(v, path, "kvs")) {
        const std::string at = Reader::join(path, "kvs");
        for (size_t i = 0; i < kvs->size(); ++i) r.kvs.push_back(keyValue((*kvs)[i], Reader::index(at, i)));
      }
      r.count = int64(v, path, "count");
    } else if (kind == EtcdOp::Kind::DeleteRange) {
      r.deleted = int64(v, path, "deleted");
    }
    return r;
  }

 private:
  std::vector<ConfigError> errors_;
  Reader reader_;
};

template <typename T>
EtcdReply<T> malformed(std::string message) {
  EtcdReply<T> out;
  out.error.kind = EtcdError::Kind::Malformed;
  out.error.message = std::move(message);
  return out;
}

// A short, single-line taste of a body that is not what we expected.
std::string taste(const std::string& body) {
  std::string out;
  for (char c : body.substr(0, 60)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return body.size() > 60 ? out + "..." : out;
}

// The body of a 200 answer as a JSON object, or the error that explains
// why there is none (etcd's error body for any other status).
template <typename T>
std::optional<json> openReply(const HttpResponse& response, EtcdReply<T>& out) {
  json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  const bool isObject = !body.is_discarded() && body.is_object();
  if (response.status == 200) {
    if (isObject) return body;
    out = malformed<T>("expected a JSON object, got \"" + taste(response.body) + "\"");
    return std::nullopt;
  }
  const std::string status = "HTTP " + std::to_string(response.status);
  if (isObject) {
    auto code = body.find("code");
    auto message = body.find("message");
    if (code != body.end() && code->is_number_integer() && message != body.end() && message->is_string()) {
      out.error.kind = EtcdError::Kind::Rejected;
      out.error.grpcCode = code->get<int>();
      out.error.message = message->get<std::string>();
      return std::nullopt;
    }
  }
  out = malformed<T>(status + " without etcd's error body (code, message): \"" + taste(response.body) + "\"");
  return std::nullopt;
}

template <typename T, typename Read>
EtcdReply<T> decodeWith(const HttpResponse& response, Read read) {
  EtcdReply<T> out;
  const std::optional<json> body = openReply(response, out);
  if (!body) return out;
  ReplyReader reader;
  T value = read(reader, *body);
  if (reader.failed()) return malformed<T>(reader.firstError());
  out.value = std::move(value);
  return out;
}

}  // namespace

std::optional<int64_t> etcdInt64(const json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return v.get<int64_t>();
  }
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  int64_t out = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return out;
}

const char* etcdOpPath(EtcdOp::Kind kind) {
  switch (kind) {
    case EtcdOp::Kind::Range: return kEtcdRangePath;
    case EtcdOp::Kind::Put: return kEtcdPutPath;
    case EtcdOp::Kind::DeleteRange: return kEtcdDeleteRangePath;
  }
  return kEtcdRangePath;
}

std::string encodeEtcdOp(const EtcdOp& op) { return opBody(op).dump(); }

std::string encodeEtcdTxn(const EtcdTxn& txn) {
  json body = json::object();
  json compares = json::array();
  for (const EtcdCompare& c : txn.compares) {
    json one = {{"key", b64(c.key)}, {"target", targetName(c.target)}, {"result", resultName(c.op)}};
    if (!c.rangeEnd.empty()) one["range_end"] = b64(c.rangeEnd);
    if (c.target == EtcdCompare::Target::Value) {
      one["value"] = b64(c.value);
    } else {
      one[operandField(c.target)] = decimal(c.number);
    }
    compares.push_back(std::move(one));
  }
  auto ops = [](const std::vector<EtcdOp>& list) {
    json out = json::array();
    for (const EtcdOp& op : list) out.push_back({{requestField(op.kind), opBody(op)}});
    return out;
  };
  body["compare"] = std::move(compares);
  body["success"] = ops(txn.success);
  body["failure"] = ops(txn.failure);
  return body.dump();
}

std::string encodeEtcdLeaseGrant(int64_t ttlSeconds) { return json{{"TTL", decimal(ttlSeconds)}}.dump(); }

std::string encodeEtcdLeaseId(int64_t id) { return json{{"ID", decimal(id)}}.dump(); }

std::string encodeEtcdLeaseTimeToLive(int64_t id, bool keys) {
  json body = {{"ID", decimal(id)}};
  if (keys) body["keys"] = true;
  return body.dump();
}

EtcdReply<EtcdOpResult> decodeEtcdOpReply(EtcdOp::Kind kind, const HttpResponse& response) {
  return decodeWith<EtcdOpResult>(response,
                                  [kind](ReplyReader& r, const json& body) { return r.opResult(kind, body, ""); });
}

EtcdReply<EtcdTxnResult> decodeEtcdTxnReply(const HttpResponse& response) {
  return decodeWith<EtcdTxnResult>(response, [](ReplyReader& r, const json& body) {
    EtcdTxnResult txn;
    txn.revision = r.revision(body, "");
    txn.succeeded = r.boolean(body, "", "succeeded");
    if (const json* responses = r.array(body, "", "responses")) {
      for (size_t i = 0; i < responses->size(); ++i) {
        const std::string at = Reader::index("responses", i);
        const json& one = (*responses)[i];
        bool found = false;
        for (EtcdOp::Kind kind : {EtcdOp::Kind::Range, EtcdOp::Kind::Put, EtcdOp::Kind::DeleteRange}) {
          if (!one.is_object() || !one.contains(responseField(kind))) continue;
          const std::string inner = Reader::join(at, responseField(kind));
          const json& v = r.object(one, at, responseField(kind));
          // Inner headers hold only the revision; a missing one is the txn's.
          EtcdOpResult result;
          result.kind = kind;
          if (kind == EtcdOp::Kind::Range) {
            if (const json* kvs = r.array(v, inner, "kvs")) {
              for (size_t k = 0; k < kvs->size(); ++k) {
                result.kvs.push_back(r.keyValue((*kvs)[k], Reader::index(Reader::join(inner, "kvs"), k)));
              }
            }
            result.count = r.int64(v, inner, "count");
          } else if (kind == EtcdOp::Kind::DeleteRange) {
            result.deleted = r.int64(v, inner, "deleted");
          }
          const json& header = r.object(v, inner, "header");
          result.revision = header.contains("revision") ? r.int64(header, Reader::join(inner, "header"), "revision")
                                                        : txn.revision;
          txn.results.push_back(std::move(result));
          found = true;
          break;
        }
        if (!found) r.fail(at, "expected one of response_range, response_put, response_delete_range");
      }
    }
    return txn;
  });
}

EtcdReply<EtcdLease> decodeEtcdLeaseGrantReply(const HttpResponse& response) {
  return decodeWith<EtcdLease>(response, [](ReplyReader& r, const json& body) {
    EtcdLease lease;
    r.revision(body, "");
    lease.id = r.int64(body, "", "ID");
    lease.ttl = r.int64(body, "", "TTL");
    if (lease.id == 0 && !r.failed()) r.fail("ID", "is required (a granted lease has an id)");
    return lease;
  });
}

EtcdReply<int64_t> decodeEtcdKeepAliveReply(const HttpResponse& response) {
  // The stream's one message; a stream may add more lines after it.
  HttpResponse first = response;
  if (const size_t eol = first.body.find('\n'); eol != std::string::npos) first.body.resize(eol);
  EtcdReply<int64_t> out;
  const std::optional<json> body = openReply(first, out);
  if (!body) return out;
  if (auto error = body->find("error"); error != body->end() && error->is_object()) {
    out.error.kind = EtcdError::Kind::Rejected;
    out.error.grpcCode = error->value("grpc_code", 0);
    out.error.message = error->value("message", std::string{});
    return out;
  }
  ReplyReader r;
  const json& result = r.object(*body, "", "result", /*required=*/true);
  int64_t ttl = 0;
  if (!r.failed()) {
    r.revision(result, "result");
    ttl = r.int64(result, "result", "TTL");
  }
  if (r.failed()) return malformed<int64_t>(r.firstError());
  out.value = ttl < 0 ? 0 : ttl;
  return out;
}

EtcdReply<int64_t> decodeEtcdRevokeReply(const HttpResponse& response) {
  return decodeWith<int64_t>(response, [](ReplyReader& r, const json& body) { return r.revision(body, ""); });
}

EtcdReply<EtcdLeaseTimeToLive> decodeEtcdTimeToLiveReply(const HttpResponse& response) {
  return decodeWith<EtcdLeaseTimeToLive>(response, [](ReplyReader& r, const json& body) {
    EtcdLeaseTimeToLive ttl;
    r.revision(body, "");
    ttl.id = r.int64(body, "", "ID");
    ttl.ttl = body.contains("TTL") ? r.int64(body, "", "TTL") : 0;
    ttl.grantedTtl = r.int64(body, "", "grantedTTL");
    if (const json* keys = r.array(body, "", "keys")) {
      for (size_t i = 0; i < keys->size(); ++i) ttl.keys.push_back(r.bytesValue((*keys)[i], Reader::index("keys", i)));
    }
    return ttl;
  });
}

bool etcdTryAnotherMember(const EtcdError& error, int httpStatus) {
  if (error.kind == EtcdError::Kind::Rejected) {
    return error.grpcCode == kGrpcUnavailable || error.grpcCode == kGrpcDeadlineExceeded;
  }
  return error.kind == EtcdError::Kind::Unreachable || httpStatus >= 500;
}

}  // namespace dnsfailover
