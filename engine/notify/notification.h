#pragma once
// What a notification says, as pure values: derived from the engine's own
// trace events, written as the webhook's JSON body and as the command
// hook's environment. No I/O here; the Notifier sends them.
//
// The events (docs/notifications.md):
//   failover     the selection moved to a lower-priority member
//   recovery     the selection moved back up to a higher-priority member
//   push_failed  a push failed (each failure; `failures` counts the streak)
//   synced       the provider confirmed the latest selected address
// A scheme's first choice after start is no failover; the Notifier learns
// the restored choice of a restarted engine first (seed), so a restart is
// not news either.
//
// Never a credential: the body and the environment carry the scheme, its
// fqdn, addresses, the indicator and the provider's reply text, which the
// engine already keeps out of credentials (trace rules); the signature key
// only ever signs.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/config/config.h"
#include "engine/ports/trace.h"

namespace dnsfailover {

struct Notification {
  NotifyEvent event = NotifyEvent::Failover;
  TimePoint at{};
  std::string scheme;
  std::string fqdn;
  std::string address;           // the newly selected, pushed or failed address
  std::string previousAddress;   // failover, recovery: the one before
  std::string indicator;         // failover, recovery: the member now selected
  int64_t priority = 0;          // failover, recovery
  int64_t previousPriority = 0;  // failover, recovery
  std::string detail;            // push_failed, synced: the provider's reply or the error
  int64_t failures = 0;          // push_failed: failures in a row
};

// Turns trace events into notifications, remembering each scheme's last
// selection (priority and address) to tell a failover from a recovery.
class NotificationDeriver {
 public:
  // `fqdns`: scheme name -> fqdn, for the message.
  explicit NotificationDeriver(std::map<std::string, std::string, std::less<>> fqdns) : fqdns_(std::move(fqdns)) {}

  // A restored scheme's choice: its next selection event is compared to it.
  void seed(const std::string& scheme, int64_t priority, const std::string& address);
  std::optional<Notification> derive(const TraceEvent& event);

 private:
  struct Last {
    int64_t priority = 0;
    std::string address;
  };
  std::map<std::string, std::string, std::less<>> fqdns_;
  std::map<std::string, Last, std::less<>> last_;
};

// The webhook's body: one JSON object (docs/notifications.md).
std::string notificationJson(const Notification& n);
// The command hook's environment: DNSFAILOVER_EVENT, _SCHEME, _FQDN,
// _ADDRESS, _PREVIOUS_ADDRESS, _INDICATOR, _PRIORITY, _DETAIL,
// _FAILURES, _AT, in that order (those without a value left out).
std::vector<std::pair<std::string, std::string>> notificationEnv(const Notification& n);

}  // namespace dnsfailover
