#pragma once
// A fake served on several real sockets at once (fake-world: HTTP from
// cpp-httplib's threads and DNS from one Asio thread over one ZoneStore;
// fake-etcd: one cluster behind every member's server) gets calls from many
// threads. These wrappers put every door call under one mutex, so the state
// machines, which are single-threaded by contract, see one caller at a time.
// fake-world's resolvers reach the authoritative servers in-process, inside
// their own locked call: they hold the raw servers, never these wrappers.

#include <mutex>

#include "fakes/dns/door.h"
#include "fakes/fault_knobs.h"

namespace dnsfailover::fakes {

class LockedHttpDoor final : public TimedDoor {
 public:
  LockedHttpDoor(TimedDoor& inner, std::mutex& mutex) : inner_(inner), mutex_(mutex) {}
  // Only the decision is locked; the HTTP server waits out DoorReply::delay
  // outside any lock.
  DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    std::lock_guard lock(mutex_);
    return inner_.serve(request, now, peer);
  }

 private:
  TimedDoor& inner_;
  std::mutex& mutex_;
};

class LockedDnsDoor final : public DnsDoor {
 public:
  LockedDnsDoor(DnsDoor& inner, std::mutex& mutex) : inner_(inner), mutex_(mutex) {}
  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override {
    std::lock_guard lock(mutex_);
    return inner_.handle(query, now);
  }

 private:
  DnsDoor& inner_;
  std::mutex& mutex_;
};

}  // namespace dnsfailover::fakes
