#include "fakes/etcd/gateway_json.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <span>

#include "engine/coordination/etcd_json.h"
#include "engine/core/base64.h"

namespace dnsfailover::fakes::etcd {
namespace {

using json = nlohmann::json;

Failure invalid(std::string message) { return {kGrpcInvalidArgument, std::move(message)}; }

// Go's name for the JSON kind of `v`, as encoding/json words its errors.
std::string goKind(const json& v) {
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number()) return "number";
  return "null";
}

// Reads one request object; the first problem wins, as in jsonpb.
class RequestReader {
 public:
  explicit RequestReader(const json& object) : object_(object) {}

  std::optional<Failure> failure;

  // The field under its proto name or its lowerCamelCase JSON name.
  const json* field(const char* snake, const char* camel = nullptr) const {
    for (const char* name : {snake, camel}) {
      if (name == nullptr) continue;
      auto it = object_.find(name);
      if (it != object_.end() && !it->is_null()) return &*it;
    }
    return nullptr;
  }

  int64_t int64(const char* snake, const char* camel = nullptr) {
    const json* v = field(snake, camel);
    if (!v || failure) return 0;
    if (std::optional<int64_t> n = etcdInt64(*v)) return *n;
    if (v->is_string()) {
      const std::string& s = v->get_ref<const std::string&>();
      failure = invalid(s.empty() ? "unexpected end of JSON input"
                                  : "invalid character '" + s.substr(0, 1) + "' looking for beginning of value");
      return 0;
    }
    failure = invalid("json: cannot unmarshal " + goKind(*v) + " " + v->dump() + " into Go value of type int64");
    return 0;
  }

  std::string bytes(const char* snake, const char* camel = nullptr) {
    const json* v = field(snake, camel);
    if (!v || failure) return {};
    return bytesValue(*v);
  }

  std::string bytesValue(const json& v) {
    if (!v.is_string()) {
      failure = invalid("json: cannot unmarshal " + goKind(v) + " into Go value of type []uint8");
      return {};
    }
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty()) return {};
    if (auto decoded = base64DecodeText(s)) return *decoded;
    // Go names the first byte that is not in the alphabet.
    size_t at = 0;
    while (at < s.size() && (std::isalnum(static_cast<unsigned char>(s[at])) || s[at] == '+' || s[at] == '/')) ++at;
    failure = invalid("illegal base64 data at input byte " + std::to_string(at));
    return {};
  }

  bool boolean(const char* snake, const char* camel = nullptr) {
    const json* v = field(snake, camel);
    if (!v || failure) return false;
    if (v->is_boolean()) return v->get<bool>();
    failure = invalid("json: cannot unmarshal " + goKind(*v) + " into Go value of type bool");
    return false;
  }

  // An enum by name or number; `names` in proto order.
  int enumValue(const char* snake, std::initializer_list<const char*> names, const char* typeName) {
    const json* v = field(snake);
    if (!v || failure) return 0;
    if (v->is_number_integer()) return v->get<int>();
    if (v->is_string()) {
      int i = 0;
      for (const char* name : names) {
        if (v->get_ref<const std::string&>() == name) return i;
        ++i;
      }
    }
    failure = invalid("unknown value " + v->dump() + " for enum " + typeName);
    return 0;
  }

 private:
  const json& object_;
};

// The body as an object (an empty body is {}), or jsonpb's complaint.
Outcome<json> parseBody(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  json v;
  try {
    v = json::parse(body);
  } catch (const json::parse_error& e) {
    // encoding/json says "unexpected EOF" for a cut-off document and names
    // the character otherwise.
    if (e.byte >= body.size()) return invalid("unexpected EOF");
    return invalid("invalid character looking for beginning of value");
  }
  if (!v.is_object()) {
    return invalid("json: cannot unmarshal " + goKind(v) + " into Go value of type map[string]json.RawMessage");
  }
  return v;
}

EtcdOp readOp(EtcdOp::Kind kind, RequestReader& r) {
  EtcdOp op;
  op.kind = kind;
  op.key = r.bytes("key");
  op.rangeEnd = r.bytes("range_end", "rangeEnd");
  if (kind == EtcdOp::Kind::Put) {
    op.value = r.bytes("value");
    op.lease = r.int64("lease");
  }
  if (kind == EtcdOp::Kind::Range) op.limit = r.int64("limit");
  return op;
}

std::optional<Failure> readOps(const json& list, std::vector<EtcdOp>& out) {
  if (!list.is_array()) return invalid("json: cannot unmarshal " + goKind(list) + " into Go value of type []json.RawMessage");
  for (const json& one : list) {
    if (!one.is_object()) return invalid("json: cannot unmarshal " + goKind(one) + " into Go value of type map[string]json.RawMessage");
    bool found = false;
    struct Choice { const char* snake; const char* camel; EtcdOp::Kind kind; };
    for (const Choice& c : {Choice{"request_range", "requestRange", EtcdOp::Kind::Range},
                            Choice{"request_put", "requestPut", EtcdOp::Kind::Put},
                            Choice{"request_delete_range", "requestDeleteRange", EtcdOp::Kind::DeleteRange}}) {
      RequestReader outer(one);
      const json* inner = outer.field(c.snake, c.camel);
      if (!inner) continue;
      if (!inner->is_object()) return invalid("json: cannot unmarshal " + goKind(*inner) + " into Go value of type map[string]json.RawMessage");
      RequestReader r(*inner);
      out.push_back(readOp(c.kind, r));
      if (r.failure) return r.failure;
      found = true;
      break;
    }
    // etcd answers an op with no request inside as a key it cannot find.
    if (!found) return invalid("etcdserver: key not found");
  }
  return std::nullopt;
}

json header(const Header& h) {
  return {{"cluster_id", std::to_string(h.clusterId)},
          {"member_id", std::to_string(h.memberId)},
          {"revision", std::to_string(h.revision)},
          {"raft_term", std::to_string(h.raftTerm)}};
}

std::string b64(const std::string& bytes) { return base64EncodeText(bytes); }

// jsonpb leaves zero values out.
void putInt(json& j, const char* key, int64_t v) {
  if (v != 0) j[key] = std::to_string(v);
}

json keyValue(const EtcdKeyValue& kv) {
  json j = {{"key", b64(kv.key)}};
  putInt(j, "create_revision", kv.createRevision);
  putInt(j, "mod_revision", kv.modRevision);
  putInt(j, "version", kv.version);
  if (!kv.value.empty()) j["value"] = b64(kv.value);
  putInt(j, "lease", kv.lease);
  return j;
}

void opFields(json& j, const EtcdOpResult& r) {
  if (r.kind == EtcdOp::Kind::Range) {
    if (!r.kvs.empty()) {
      json kvs = json::array();
      for (const EtcdKeyValue& kv : r.kvs) kvs.push_back(keyValue(kv));
      j["kvs"] = std::move(kvs);
    }
    putInt(j, "count", r.count);
  } else if (r.kind == EtcdOp::Kind::DeleteRange) {
    putInt(j, "deleted", r.deleted);
  }
}

}  // namespace

Outcome<EtcdOp> readOpRequest(EtcdOp::Kind kind, const std::string& body) {
  Outcome<json> parsed = parseBody(body);
  if (auto* f = std::get_if<Failure>(&parsed)) return *f;
  RequestReader r(std::get<json>(parsed));
  EtcdOp op = readOp(kind, r);
  if (r.failure) return *r.failure;
  return op;
}

Outcome<EtcdTxn> readTxnRequest(const std::string& body) {
  Outcome<json> parsed = parseBody(body);
  if (auto* f = std::get_if<Failure>(&parsed)) return *f;
  const json& object = std::get<json>(parsed);
  RequestReader top(object);
  EtcdTxn txn;
  if (const json* compares = top.field("compare")) {
    if (!compares->is_array()) return invalid("json: cannot unmarshal " + goKind(*compares) + " into Go value of type []json.RawMessage");
    for (const json& one : *compares) {
      if (!one.is_object()) return invalid("json: cannot unmarshal " + goKind(one) + " into Go value of type map[string]json.RawMessage");
      RequestReader r(one);
      EtcdCompare c;
      c.op = static_cast<EtcdCompare::Op>(0);
      const int result = r.enumValue("result", {"EQUAL", "GREATER", "LESS", "NOT_EQUAL"}, "etcdserverpb.Compare_CompareResult");
      const int target = r.enumValue("target", {"VERSION", "CREATE", "MOD", "VALUE", "LEASE"}, "etcdserverpb.Compare_CompareTarget");
      // The proto's order (EQUAL, GREATER, LESS, NOT_EQUAL) to ours.
      static constexpr EtcdCompare::Op kOps[] = {EtcdCompare::Op::Equal, EtcdCompare::Op::Greater,
                                                 EtcdCompare::Op::Less, EtcdCompare::Op::NotEqual};
      c.op = result >= 0 && result < 4 ? kOps[result] : EtcdCompare::Op::Equal;
      c.target = target >= 0 && target < 5 ? static_cast<EtcdCompare::Target>(target) : EtcdCompare::Target::Version;
      c.key = r.bytes("key");
      c.rangeEnd = r.bytes("range_end", "rangeEnd");
      switch (c.target) {
        case EtcdCompare::Target::Version: c.number = r.int64("version"); break;
        case EtcdCompare::Target::Create: c.number = r.int64("create_revision", "createRevision"); break;
        case EtcdCompare::Target::Mod: c.number = r.int64("mod_revision", "modRevision"); break;
        case EtcdCompare::Target::Lease: c.number = r.int64("lease"); break;
        case EtcdCompare::Target::Value: c.value = r.bytes("value"); break;
      }
      if (r.failure) return *r.failure;
      txn.compares.push_back(std::move(c));
    }
  }
  if (const json* success = top.field("success")) {
    if (auto f = readOps(*success, txn.success)) return *f;
  }
  if (const json* failure = top.field("failure")) {
    if (auto f = readOps(*failure, txn.failure)) return *f;
  }
  return txn;
}

Outcome<LeaseRequest> readLeaseRequest(const std::string& body) {
  Outcome<json> parsed = parseBody(body);
  if (auto* f = std::get_if<Failure>(&parsed)) return *f;
  RequestReader r(std::get<json>(parsed));
  LeaseRequest out;
  out.id = r.int64("ID");
  out.ttl = r.int64("TTL");
  out.keys = r.boolean("keys");
  if (r.failure) return *r.failure;
  return out;
}

std::string writeOpReply(const Header& h, const EtcdOpResult& result) {
  json j = {{"header", header(h)}};
  opFields(j, result);
  return j.dump();
}

std::string writeTxnReply(const Header& h, const EtcdTxnResult& result) {
  json j = {{"header", header(h)}};
  if (result.succeeded) j["succeeded"] = true;
  if (!result.results.empty()) {
    json responses = json::array();
    for (const EtcdOpResult& r : result.results) {
      json inner = {{"header", {{"revision", std::to_string(r.revision)}}}};
      opFields(inner, r);
      const char* name = r.kind == EtcdOp::Kind::Range   ? "response_range"
                         : r.kind == EtcdOp::Kind::Put ? "response_put"
                                                       : "response_delete_range";
      responses.push_back({{name, std::move(inner)}});
    }
    j["responses"] = std::move(responses);
  }
  return j.dump();
}

std::string writeLeaseGrantReply(const Header& h, const EtcdLease& lease) {
  json j = {{"header", header(h)}};
  putInt(j, "ID", lease.id);
  putInt(j, "TTL", lease.ttl);
  return j.dump();
}

std::string writeKeepAliveReply(const Header& h, int64_t id, int64_t ttl) {
  json result = {{"header", header(h)}};
  putInt(result, "ID", id);
  putInt(result, "TTL", ttl);
  return json{{"result", std::move(result)}}.dump();
}

std::string writeHeaderOnlyReply(const Header& h) { return json{{"header", header(h)}}.dump(); }

std::string writeTimeToLiveReply(const Header& h, const EtcdLeaseTimeToLive& ttl) {
  json j = {{"header", header(h)}};
  putInt(j, "ID", ttl.id);
  putInt(j, "TTL", ttl.ttl);
  putInt(j, "grantedTTL", ttl.grantedTtl);
  if (!ttl.keys.empty()) {
    json keys = json::array();
    for (const std::string& k : ttl.keys) keys.push_back(b64(k));
    j["keys"] = std::move(keys);
  }
  return j.dump();
}

std::string writeErrorBody(const Failure& failure) {
  // Field order as the gateway writes it.
  json j = json::object();
  j["error"] = failure.message;
  j["message"] = failure.message;
  j["code"] = failure.grpcCode;
  return j.dump();
}

int httpStatusForGrpc(int grpcCode) {
  switch (grpcCode) {
    case 0: return 200;
    case 1: return 408;   // Canceled
    case 3: return 400;   // InvalidArgument
    case 4: return 504;   // DeadlineExceeded
    case 5: return 404;   // NotFound
    case 6: return 409;   // AlreadyExists
    case 7: return 403;   // PermissionDenied
    case 8: return 429;   // ResourceExhausted
    case 9: return 412;   // FailedPrecondition (as etcd 3.4.23 answers it)
    case 10: return 409;  // Aborted
    case 11: return 400;  // OutOfRange
    case 12: return 501;  // Unimplemented
    case 14: return 503;  // Unavailable
    case 16: return 401;  // Unauthenticated
    default: return 500;
  }
}

}  // namespace dnsfailover::fakes::etcd
