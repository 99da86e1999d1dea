#include "sim/coordination_world.h"

#include <algorithm>

#include "sim/seeded_random.h"

namespace dnsfailover::sim {

class CoordinationWorld::WatchedMember final : public fakes::TimedDoor {
 public:
  WatchedMember(CoordinationWorld& world, size_t index, fakes::TimedDoor& member)
      : world_(world), index_(index), member_(member) {}
  fakes::DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& client) override {
    fakes::DoorReply reply = member_.serve(request, now, client);
    world_.observe(index_, now, client);
    return reply;
  }

 private:
  CoordinationWorld& world_;
  size_t index_;
  fakes::TimedDoor& member_;
};

namespace {
// The fake's lease and member ids come from the run's seed.
constexpr uint64_t kEtcdStream = 0xE7CD'0000;
}  // namespace

CoordinationWorld::CoordinationWorld(Kernel& kernel, Network& network, const std::vector<std::string>& members,
                                     const std::string& prefix, uint64_t seed)
    : kernel_(kernel), network_(network), members_(members), prefix_(prefix) {
  fakes::etcd::ClusterOptions options;
  options.members = members.size();
  options.seed = SeededRandom(seed, kEtcdStream).next();
  cluster_ = std::make_unique<fakes::etcd::Cluster>(options);
  served_.assign(members.size(), 0);
  for (size_t i = 0; i < members.size(); ++i) {
    doors_.push_back(std::make_unique<WatchedMember>(*this, i, cluster_->door(i)));
    network_.attach(members[i], *doors_.back());
  }
}

CoordinationWorld::~CoordinationWorld() = default;

int CoordinationWorld::memberIndex(const std::string& member) const {
  for (size_t i = 0; i < members_.size(); ++i) {
    if (members_[i] == member || std::to_string(i) == member) return static_cast<int>(i);
  }
  return -1;
}

void CoordinationWorld::setMemberDown(size_t member, bool down) {
  if (down) {
    cluster_->stop(member, kernel_.now());
  } else {
    cluster_->start(member);
  }
  network_.link(members_.at(member)).down = down;
}

void CoordinationWorld::observe(size_t member, TimePoint now, const std::string& client) {
  ++served_[member];
  contacts_[client].push_back(now);
  LeaderState state;
  state.seen = now;
  if (const auto kv = cluster_->keyspace().get(leaderKey())) {
    state.holder = kv->value;
    state.lease = kv->lease;
    state.createRevision = kv->createRevision;
    if (const auto deadline = cluster_->keyspace().leaseDeadline(kv->lease)) state.deadline = *deadline;
  }
  if (!history_.empty()) {
    const LeaderState& last = history_.back();
    if (last.holder == state.holder && last.lease == state.lease && last.createRevision == state.createRevision &&
        last.deadline == state.deadline) {
      return;
    }
  }
  history_.push_back(state);
}

std::string CoordinationWorld::leaderAt(TimePoint t) const {
  auto after = std::upper_bound(history_.begin(), history_.end(), t,
                                [](TimePoint value, const LeaderState& s) { return value < s.seen; });
  if (after == history_.begin()) return {};
  const LeaderState& state = *std::prev(after);
  // A key without a lease never expires; one with a lease lives until its
  // deadline (the fake expires it at the deadline itself).
  if (state.holder.empty() || (state.lease != 0 && t >= state.deadline)) return {};
  return state.holder;
}

const std::vector<TimePoint>& CoordinationWorld::contacts(const std::string& client) const {
  static const std::vector<TimePoint> none;
  auto it = contacts_.find(client);
  return it == contacts_.end() ? none : it->second;
}

}  // namespace dnsfailover::sim
