#pragma once
// fake-world serves HTTP from cpp-httplib's threads and DNS from one Asio
// thread, all over one ZoneStore (and the secondaries' store listeners).
// These wrappers put every door call under one mutex, so the state
// machines, which are single-threaded by contract, see one caller at a time.
// The resolvers reach the authoritative servers in-process, inside their
// own locked call: they hold the raw servers, never these wrappers.

#include <mutex>

#include "fakes/dns/door.h"
#include "fakes/fault_knobs.h"

namespace dnsfailover::fakeworld {

class LockedHttpDoor final : public fakes::TimedDoor {
 public:
  LockedHttpDoor(fakes::TimedDoor& inner, std::mutex& mutex) : inner_(inner), mutex_(mutex) {}
  // Only the decision is locked; the HTTP server waits out DoorReply::delay
  // outside any lock.
  fakes::DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    std::lock_guard lock(mutex_);
    return inner_.serve(request, now, peer);
  }

 private:
  fakes::TimedDoor& inner_;
  std::mutex& mutex_;
};

class LockedDnsDoor final : public fakes::DnsDoor {
 public:
  LockedDnsDoor(fakes::DnsDoor& inner, std::mutex& mutex) : inner_(inner), mutex_(mutex) {}
  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override {
    std::lock_guard lock(mutex_);
    return inner_.handle(query, now);
  }

 private:
  fakes::DnsDoor& inner_;
  std::mutex& mutex_;
};

}  // namespace dnsfailover::fakeworld
