#pragma once
// A faithful fake of Hurricane Electric's dynamic DNS endpoint
// (dyn.dns.he.net/nic/update) over the ZoneStore.
//
// Like the real one it answers HTTP 200 with one line of dyndns2 text:
//   good IP / nochg IP    the record now holds IP
//   notfqdn               hostname missing or not a name
//   badauth               wrong DDNS key (and, by default, an unknown hostname)
//   nohost                unknown hostname, when unknownHostReply says so
//   interval              more than 10 updates of a record within 120 s
//   badagent              a method other than GET/POST (or forced)
//   abuse / 911 / dnserr  injected (dnserr also for a myip that is no address)
// plus HTTP 5xx from the proxy in front, and HTTP 401 for a wrong key on the
// Basic-auth path when basicAuth401 is set. It takes hostname/password/myip
// from the query or a form body, or the key from Basic auth (username =
// hostname), and uses the peer's address when myip is absent. Generic
// faults (latency, 5xx ratio, silence, outages, interval storms, echoing
// the key) come from FaultKnobs.

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "fakes/fault_knobs.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

struct HeDynFaults {
  bool outage = false;            // answer HTTP 503 from the proxy in front
  bool fail911 = false;           // answer "911"
  bool abuse = false;             // answer "abuse"
  bool dnserr = false;            // answer "dnserr"
  bool badagent = false;          // answer "badagent"
  bool basicAuth401 = false;      // wrong key over Basic auth -> HTTP 401
  std::string unknownHostReply = "badauth";  // or "nohost"
};

class HeDynApi final : public TimedDoor {
 public:
  explicit HeDynApi(ZoneStore& store) : store_(store) {}

  // Makes `fqdn` a DDNS-enabled A/AAAA record with `key` (the panel step).
  void enableHost(const std::string& fqdn, const std::string& key, int ttl = 300);

  DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override;

  HeDynFaults& faults() { return faults_; }
  FaultKnobs& knobs() { return knobs_; }
  uint64_t requestsSeen() const { return requests_; }
  // When each update request arrived (every request here asks for one),
  // answered or not: the provider's own count of pushes, for judging.
  const std::vector<TimePoint>& writesSeen() const { return writes_; }

  static constexpr int kUpdatesPerWindow = 10;
  static constexpr Duration kWindow = std::chrono::seconds{120};

 private:
  struct Host {
    std::string key;
    int ttl = 300;
    std::deque<TimePoint> recentUpdates;
  };

  HttpResponse answer(const HttpRequest& request, TimePoint now, const std::string& peer, bool storm);
  std::string update(const std::string& hostname, const std::string& password, const std::string& myip,
                     TimePoint now);

  ZoneStore& store_;
  std::map<std::string, Host> hosts_;
  HeDynFaults faults_;
  FaultKnobs knobs_;
  FaultDice dice_;
  uint64_t requests_ = 0;
  std::vector<TimePoint> writes_;
};

}  // namespace dnsfailover::fakes
