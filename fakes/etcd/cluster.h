#pragma once
// A fake etcd cluster behind the v3 JSON gateway: N members, one shared
// keyspace (fakes/etcd/keyspace.h; the fake is linearizable by being one
// state machine), each member with its own door (an HTTP door of its own
// address, for the sim network or a loopback HttpServer).
//
// Members: a running member answers with its own member_id in the header.
// stop(i) takes a member down; its host should then refuse connections (the
// sim network's link(address).down, or stopping its HttpServer); a door
// reached anyway keeps silent. Member 0 starts as the leader. Stopping the
// leader starts an election that the next running member wins after
// electionTime; until then requests wait (they are answered when it ends,
// as etcd holds proposals across a leader change), so a client with a
// short attempt timeout sees timeouts, as against a real cluster. While a majority of members is stopped the
// cluster has no quorum, and a running member answers as etcd does then:
// after its request timeout (7 s, etcd's 5 s + two election timeouts) with
// 503 "etcdserver: request timed out" (gRPC Unavailable). A client with a
// shorter deadline just sees no answer.
//
// The gateway: POST only (405 otherwise), unknown paths 404, request bodies
// as fakes/etcd/gateway_json.h reads them, errors as etcd writes them.

#include <memory>
#include <string>
#include <vector>

#include "fakes/etcd/keyspace.h"
#include "fakes/fault_knobs.h"

namespace dnsfailover::fakes::etcd {

struct ClusterOptions {
  size_t members = 3;
  uint64_t seed = 0x5eed;  // lease ids and member ids
  Duration requestTimeout = std::chrono::seconds{7};
  // A 1 s election timeout plus etcd's randomised wait and the vote.
  Duration electionTime = std::chrono::milliseconds{1500};
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options = {});
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;
  ~Cluster();

  size_t size() const { return members_.size(); }
  TimedDoor& door(size_t member);
  // `now`: when it stops (an election starts then if it led).
  void stop(size_t member, TimePoint now);
  void start(size_t member);
  bool running(size_t member) const;
  bool hasQuorum() const;
  uint64_t memberId(size_t member) const;
  size_t leader() const { return leader_; }

  Keyspace& keyspace() { return keyspace_; }
  uint64_t requestsServed() const { return requests_; }

  class Member;

 private:
  friend class Member;
  DoorReply serve(size_t member, const HttpRequest& request, TimePoint now);

  ClusterOptions options_;
  Keyspace keyspace_;
  std::vector<std::unique_ptr<Member>> members_;
  uint64_t clusterId_;
  size_t leader_ = 0;
  TimePoint electedAt_{};  // requests before it wait for the election
  uint64_t raftTerm_ = 2;
  uint64_t requests_ = 0;
};

}  // namespace dnsfailover::fakes::etcd
