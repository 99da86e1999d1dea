#pragma once
// The coordination service of a multi-site world: the fake etcd cluster
// (fakes/etcd/cluster.h, one member per address of the scenario's
// world.etcd) on the simulated network, each member behind the sim
// network's HTTP doors like the provider fakes, so a site's engine reaches
// it through its own HttpClient and losing it is a link fault.
//
// It is also the judges' witness of leadership, from the fake's own state,
// never the engines' word: after every request a member serves, it notes
// who holds the leader key (`<prefix>leader`), under which lease, at which
// create revision, and when that lease runs out by the fake's clock; and
// which site each request came from (by the site's address), so a site's
// first contact after its lease ran out can be found.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/etcd/cluster.h"
#include "sim/kernel.h"
#include "sim/network.h"

namespace dnsfailover::sim {

// One state of the leader key, from `seen` until the next entry.
struct LeaderState {
  TimePoint seen{};
  std::string holder;          // "" = nobody holds the key
  int64_t lease = 0;
  int64_t createRevision = 0;  // the fence
  TimePoint deadline{};        // the lease runs out then unless kept alive
};

class CoordinationWorld {
 public:
  CoordinationWorld(Kernel& kernel, Network& network, const std::vector<std::string>& members,
                    const std::string& prefix, uint64_t seed);
  CoordinationWorld(const CoordinationWorld&) = delete;
  CoordinationWorld& operator=(const CoordinationWorld&) = delete;
  ~CoordinationWorld();

  fakes::etcd::Cluster& cluster() { return *cluster_; }
  const std::vector<std::string>& members() const { return members_; }
  // -1 when `member` is neither an address of a member nor its index.
  int memberIndex(const std::string& member) const;
  // Takes the member down (its host refuses connections) or back up.
  void setMemberDown(size_t member, bool down);

  std::string leaderKey() const { return prefix_ + "leader"; }
  const std::vector<LeaderState>& leaderHistory() const { return history_; }
  // Who holds a live leader key at `t` by the fake's clock ("" = nobody).
  std::string leaderAt(TimePoint t) const;
  // The arrival times of requests from `client` (a site's address).
  const std::vector<TimePoint>& contacts(const std::string& client) const;
  // Requests each member's door served (a down member's host refuses them first).
  const std::vector<uint64_t>& servedByMember() const { return served_; }

  class WatchedMember;

 private:
  void observe(size_t member, TimePoint now, const std::string& client);

  Kernel& kernel_;
  Network& network_;
  std::vector<std::string> members_;
  std::string prefix_;
  std::unique_ptr<fakes::etcd::Cluster> cluster_;
  std::vector<std::unique_ptr<WatchedMember>> doors_;
  std::vector<LeaderState> history_;
  std::map<std::string, std::vector<TimePoint>> contacts_;
  std::vector<uint64_t> served_;
};

}  // namespace dnsfailover::sim
