#include "fakes/etcd/cluster.h"

#include <cassert>
#include <string_view>

#include "engine/coordination/etcd_json.h"
#include "engine/core/url.h"
#include "fakes/etcd/gateway_json.h"

namespace dnsfailover::fakes::etcd {

class Cluster::Member final : public TimedDoor {
 public:
  Member(Cluster& cluster, size_t index, uint64_t id) : cluster_(cluster), index_(index), id_(id) {}
  DoorReply serve(const HttpRequest& request, TimePoint now, const std::string&) override {
    return cluster_.serve(index_, request, now);
  }
  uint64_t id() const { return id_; }
  bool running = true;

 private:
  Cluster& cluster_;
  size_t index_;
  uint64_t id_;
};

namespace {

uint64_t mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

HttpResponse jsonAnswer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

HttpResponse failureAnswer(const Failure& failure) {
  return jsonAnswer(httpStatusForGrpc(failure.grpcCode), writeErrorBody(failure));
}

HttpResponse plainAnswer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"X-Content-Type-Options", "nosniff"}};
  r.body = std::move(body);
  return r;
}

enum class Route { None, Range, Put, DeleteRange, Txn, Grant, KeepAlive, Revoke, TimeToLive };

Route routeOf(std::string_view path) {
  if (path == kEtcdRangePath) return Route::Range;
  if (path == kEtcdPutPath) return Route::Put;
  if (path == kEtcdDeleteRangePath) return Route::DeleteRange;
  if (path == kEtcdTxnPath) return Route::Txn;
  if (path == kEtcdLeaseGrantPath) return Route::Grant;
  if (path == kEtcdLeaseKeepAlivePath) return Route::KeepAlive;
  // etcd 3.4 serves revoke and timetolive under both prefixes.
  if (path == kEtcdLeaseRevokePath || path == "/v3/kv/lease/revoke") return Route::Revoke;
  if (path == kEtcdLeaseTimeToLivePath || path == "/v3/kv/lease/timetolive") return Route::TimeToLive;
  return Route::None;
}

}  // namespace

Cluster::Cluster(ClusterOptions options)
    : options_(options), keyspace_(options.seed), clusterId_(mix(options.seed ^ 0xc1057e4)) {
  assert(options_.members >= 1);
  for (size_t i = 0; i < options_.members; ++i) {
    members_.push_back(std::make_unique<Member>(*this, i, mix(options.seed + 1 + i)));
  }
}

Cluster::~Cluster() = default;

TimedDoor& Cluster::door(size_t member) { return *members_.at(member); }
void Cluster::stop(size_t member, TimePoint now) {
  members_.at(member)->running = false;
  if (member != leader_) return;
  // The next running member wins the election after electionTime.
  for (size_t k = 1; k < members_.size(); ++k) {
    const size_t next = (member + k) % members_.size();
    if (members_[next]->running) {
      leader_ = next;
      electedAt_ = now + options_.electionTime;
      ++raftTerm_;
      return;
    }
  }
}
void Cluster::start(size_t member) { members_.at(member)->running = true; }
bool Cluster::running(size_t member) const { return members_.at(member)->running; }
uint64_t Cluster::memberId(size_t member) const { return members_.at(member)->id(); }

bool Cluster::hasQuorum() const {
  size_t up = 0;
  for (const auto& m : members_) up += m->running ? 1 : 0;
  return up * 2 > members_.size();
}

DoorReply Cluster::serve(size_t member, const HttpRequest& request, TimePoint now) {
  ++requests_;
  DoorReply reply;
  if (!members_.at(member)->running) {
    reply.answered = false;
    return reply;
  }
  const Route route = routeOf(urlPath(request.url));
  if (route == Route::None) {
    reply.response = plainAnswer(404, "Not Found\n");
    return reply;
  }
  if (request.method != "POST") {
    reply.response = plainAnswer(405, "Method Not Allowed\n");
    return reply;
  }
  if (!hasQuorum()) {
    // No leader can be elected: the member waits for its request timeout.
    reply.response = failureAnswer({kGrpcUnavailable, kEtcdRequestTimedOut});
    reply.delay = options_.requestTimeout;
    return reply;
  }
  if (now < electedAt_) reply.delay = electedAt_ - now;  // waits for the new leader
  keyspace_.advance(now);
  Header header{clusterId_, members_[member]->id(), 0, raftTerm_};
  auto answer = [&](auto outcome, auto write) {
    if (auto* f = std::get_if<Failure>(&outcome)) {
      reply.response = failureAnswer(*f);
    } else {
      header.revision = keyspace_.revision();
      reply.response = jsonAnswer(200, write(std::get<0>(outcome)));
    }
  };
  switch (route) {
    case Route::Range:
    case Route::Put:
    case Route::DeleteRange: {
      const EtcdOp::Kind kind = route == Route::Range ? EtcdOp::Kind::Range
                                : route == Route::Put ? EtcdOp::Kind::Put
                                                      : EtcdOp::Kind::DeleteRange;
      Outcome<EtcdOp> op = readOpRequest(kind, request.body);
      if (auto* f = std::get_if<Failure>(&op)) {
        reply.response = failureAnswer(*f);
        break;
      }
      answer(keyspace_.apply(std::get<EtcdOp>(op)), [&](const EtcdOpResult& r) { return writeOpReply(header, r); });
      break;
    }
    case Route::Txn: {
      Outcome<EtcdTxn> txn = readTxnRequest(request.body);
      if (auto* f = std::get_if<Failure>(&txn)) {
        reply.response = failureAnswer(*f);
        break;
      }
      answer(keyspace_.txn(std::get<EtcdTxn>(txn)), [&](const EtcdTxnResult& r) { return writeTxnReply(header, r); });
      break;
    }
    default: {
      Outcome<LeaseRequest> lease = readLeaseRequest(request.body);
      if (auto* f = std::get_if<Failure>(&lease)) {
        reply.response = failureAnswer(*f);
        break;
      }
      const LeaseRequest& l = std::get<LeaseRequest>(lease);
      if (route == Route::Grant) {
        answer(keyspace_.grant(l.ttl, l.id, now), [&](const EtcdLease& g) { return writeLeaseGrantReply(header, g); });
      } else if (route == Route::KeepAlive) {
        const int64_t ttl = keyspace_.keepAlive(l.id, now);
        header.revision = keyspace_.revision();
        reply.response = jsonAnswer(200, writeKeepAliveReply(header, l.id, ttl));
      } else if (route == Route::Revoke) {
        answer(keyspace_.revoke(l.id), [&](const EtcdOpResult&) { return writeHeaderOnlyReply(header); });
      } else {
        header.revision = keyspace_.revision();
        reply.response = jsonAnswer(200, writeTimeToLiveReply(header, keyspace_.timeToLive(l.id, l.keys, now)));
      }
      break;
    }
  }
  return reply;
}

}  // namespace dnsfailover::fakes::etcd
