#include "engine/coordination/etcd_types.h"

namespace dnsfailover {

std::string etcdPrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();  // 0xff cannot be incremented: carry into the byte before
  }
  return std::string(1, '\0');  // every key
}

EtcdOp EtcdOp::range(std::string key, std::string rangeEnd) {
  EtcdOp op;
  op.kind = Kind::Range;
  op.key = std::move(key);
  op.rangeEnd = std::move(rangeEnd);
  return op;
}

EtcdOp EtcdOp::rangePrefix(const std::string& prefix) { return range(prefix, etcdPrefixEnd(prefix)); }

EtcdOp EtcdOp::put(std::string key, std::string value, int64_t lease) {
  EtcdOp op;
  op.kind = Kind::Put;
  op.key = std::move(key);
  op.value = std::move(value);
  op.lease = lease;
  return op;
}

EtcdOp EtcdOp::deleteRange(std::string key, std::string rangeEnd) {
  EtcdOp op;
  op.kind = Kind::DeleteRange;
  op.key = std::move(key);
  op.rangeEnd = std::move(rangeEnd);
  return op;
}

EtcdOp EtcdOp::deletePrefix(const std::string& prefix) { return deleteRange(prefix, etcdPrefixEnd(prefix)); }

namespace {
EtcdCompare numberCompare(std::string key, EtcdCompare::Target target, EtcdCompare::Op op, int64_t number) {
  EtcdCompare c;
  c.key = std::move(key);
  c.target = target;
  c.op = op;
  c.number = number;
  return c;
}
}  // namespace

EtcdCompare EtcdCompare::createRevision(std::string key, Op op, int64_t revision) {
  return numberCompare(std::move(key), Target::Create, op, revision);
}
EtcdCompare EtcdCompare::modRevision(std::string key, Op op, int64_t revision) {
  return numberCompare(std::move(key), Target::Mod, op, revision);
}
EtcdCompare EtcdCompare::version(std::string key, Op op, int64_t version) {
  return numberCompare(std::move(key), Target::Version, op, version);
}
EtcdCompare EtcdCompare::leaseIs(std::string key, Op op, int64_t lease) {
  return numberCompare(std::move(key), Target::Lease, op, lease);
}
EtcdCompare EtcdCompare::valueIs(std::string key, Op op, std::string value) {
  EtcdCompare c;
  c.key = std::move(key);
  c.target = Target::Value;
  c.op = op;
  c.value = std::move(value);
  return c;
}

const char* etcdErrorKindName(EtcdError::Kind kind) {
  switch (kind) {
    case EtcdError::Kind::Unreachable: return "unreachable";
    case EtcdError::Kind::Rejected: return "rejected";
    case EtcdError::Kind::Malformed: return "malformed reply";
  }
  return "?";
}

std::string EtcdError::format() const {
  std::string out = std::string("etcd ") + etcdErrorKindName(kind);
  if (!member.empty()) out += " (" + member + ")";
  if (kind == Kind::Rejected) out += ": gRPC code " + std::to_string(grpcCode);
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace dnsfailover
