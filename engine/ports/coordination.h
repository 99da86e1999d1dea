#pragma once
// The Coordination port: how the sites of one deployment share what they
// see, elect the one leader that pushes, and keep the shared engine state
// (issue 10). The engine knows this interface only; etcd lives behind it
// (engine/coordination/etcd_coordination.h), over the HttpClient port.
//
// Contract:
// - Asynchronous like every port: each callback runs exactly once, later
//   (never inside the call), on the engine's thread. Once the object is
//   stopped or destroyed, callbacks still to come do not run.
// - The session: start() takes a lease (the TTL of the config), keeps it
//   alive and campaigns for leadership on its own; `onChange` runs (later)
//   whenever leader() or reachable() changes; calling start() again (a
//   reloaded engine) keeps the session and only replaces `onChange`.
//   stop() resigns: it gives up
//   the lease, so this site's reports and its leadership vanish at once.
// - A site's published reports live under its lease: a site that dies or
//   stops renewing loses them after the TTL, with no one deleting them.
// - leadsNow() is the guard in front of every push: true only while this
//   site holds the leader key AND, by its own clock, its lease cannot have
//   expired yet (the last successful keepalive was sent recently enough).
//   A process that was paused past its lease therefore finds itself not
//   leading the moment it runs again, before any timer of its own acts.
// - Shared-state reads and writes are fenced: they succeed only while the
//   leader key still has the create revision this site took it at. A
//   fence that fails ends the leadership at once (onChange runs).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

// One site's raw view of one indicator, as published.
struct SiteObservation {
  std::string indicator;
  std::string site;
  std::string status;  // "OK" | "ERR" | "UNKNOWN" (statusName)
  std::string reason;
  TimePoint at{};       // when the reporting site checked, by its own clock (shown, not trusted)
  bool sane = true;     // the site passes its own sanity check
  // Changes with every report (etcd's mod revision): how a reader tells a
  // new report from the same one read again, by the reader's own clock.
  int64_t revision = 0;
};

struct LeaderView {
  bool leads = false;       // this site is the leader
  std::string leader;       // the site that holds the leader key; "" when nobody (or unknown)
  int64_t lease = 0;        // this site's lease id (0: none)
  int64_t ttlSeconds = 0;   // its granted TTL
  TimePoint since{};        // when this site last started or stopped leading
  int64_t revision = 0;     // the fence: create revision of the leader key when we took it
  bool operator==(const LeaderView&) const = default;
};

struct CoordinationStatus {
  bool ok = false;
  std::string error;  // why not, naming the member or field (never a credential)
};

class Coordination {
 public:
  virtual ~Coordination() = default;

  virtual void start(std::function<void()> onChange) = 0;
  virtual void stop() = 0;

  virtual LeaderView leader() const = 0;
  virtual bool leadsNow() const = 0;
  // The last call reached the service (and the session holds a lease).
  virtual bool reachable() const = 0;
  virtual const std::string& lastError() const = 0;

  // Replaces this site's reports (one per indicator) under its lease.
  virtual void publish(std::vector<SiteObservation> mine, std::function<void(CoordinationStatus)> done) = 0;
  // Every site's reports, in key order (indicator, then site).
  virtual void readObservations(
      std::function<void(CoordinationStatus, std::vector<SiteObservation>)> done) = 0;

  // Fenced: the shared engine state, by name (one entry per scheme). Fails
  // when this site does not lead (any more).
  virtual void readSharedState(
      std::function<void(CoordinationStatus, std::map<std::string, std::string>)> done) = 0;
  // Fenced: puts `entries` (name -> text) in one transaction.
  virtual void writeSharedState(std::map<std::string, std::string> entries,
                                std::function<void(CoordinationStatus)> done) = 0;
};

}  // namespace dnsfailover
