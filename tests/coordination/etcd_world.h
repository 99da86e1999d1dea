#pragma once
// Where the etcd contract suite runs: the fake cluster on the simulated
// network (virtual time, deterministic) or a real three-member etcd cluster
// on loopback (real time). Both give an EtcdClient over all members, a way
// to let time pass, and a way to stop a member.

#include <functional>
#include <memory>
#include <string>

#include "engine/coordination/etcd_client.h"

namespace dnsfailover::test {

class EtcdWorld {
 public:
  virtual ~EtcdWorld() = default;
  virtual EtcdClient& client() = 0;
  virtual Scheduler& scheduler() = 0;
  // Lets time pass until `done()` holds or `limit` has passed; returns done().
  virtual bool runUntil(const std::function<bool()>& done, Duration limit) = 0;
  // Takes member `i` down: its address refuses connections from now on.
  virtual void stopMember(size_t i) = 0;
  virtual size_t members() const = 0;

  void sleep(Duration length) {
    bool woke = false;
    scheduler().scheduleAfter(length, [&woke] { woke = true; });
    runUntil([&woke] { return woke; }, length + std::chrono::seconds{5});
  }
};

// "sim" or "real_etcd" (the real one needs etcd on PATH and 127.0.0.21-23).
std::unique_ptr<EtcdWorld> makeSimEtcdWorld();
std::unique_ptr<EtcdWorld> makeRealEtcdWorld();

// Runs one call to its end: its result, or a failed test when it never ends.
template <typename T, typename Start>
EtcdResult<T> await(EtcdWorld& world, Start start, Duration limit = std::chrono::seconds{30}) {
  std::optional<EtcdResult<T>> out;
  start([&out](EtcdResult<T> r) { out = std::move(r); });
  world.runUntil([&out] { return out.has_value(); }, limit);
  if (!out) {
    EtcdResult<T> none;
    none.error.message = "the call never finished";
    return none;
  }
  return std::move(*out);
}

}  // namespace dnsfailover::test
