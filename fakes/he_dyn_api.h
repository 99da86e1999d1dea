#pragma once
// A faithful fake of Hurricane Electric's dynamic DNS endpoint
// (dyn.dns.he.net/nic/update) over the ZoneStore.
//
// Like the real one it answers HTTP 200 with one line of dyndns2 text:
//   good IP / nochg IP    the record now holds IP
//   notfqdn               hostname missing or not a name
//   badauth               unknown hostname or wrong DDNS key
//   interval              more than 10 updates of a record within 120 s
//   911                   injected provider failure
// It takes hostname/password/myip from the query or a form body, or the key
// from Basic auth (username = hostname), and uses the peer's address when
// myip is absent.

#include <deque>
#include <map>
#include <string>

#include "fakes/http_door.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

struct HeDynFaults {
  bool outage = false;            // answer HTTP 503 from the proxy in front
  bool fail911 = false;           // answer "911"
  bool abuse = false;             // answer "abuse"
};

class HeDynApi final : public HttpDoor {
 public:
  explicit HeDynApi(ZoneStore& store) : store_(store) {}

  // Makes `fqdn` a DDNS-enabled A/AAAA record with `key` (the panel step).
  void enableHost(const std::string& fqdn, const std::string& key, int ttl = 300);

  HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) override;

  HeDynFaults& faults() { return faults_; }
  uint64_t requestsSeen() const { return requests_; }

  static constexpr int kUpdatesPerWindow = 10;
  static constexpr Duration kWindow = std::chrono::seconds{120};

 private:
  struct Host {
    std::string key;
    int ttl = 300;
    std::deque<TimePoint> recentUpdates;
  };

  std::string update(const std::string& hostname, const std::string& password, const std::string& myip,
                     TimePoint now);

  ZoneStore& store_;
  std::map<std::string, Host> hosts_;
  HeDynFaults faults_;
  uint64_t requests_ = 0;
};

}  // namespace dnsfailover::fakes
