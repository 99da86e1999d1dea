#include "engine/notify/notification.h"

#include <nlohmann/json.hpp>

namespace dnsfailover {

void NotificationDeriver::seed(const std::string& scheme, int64_t priority, const std::string& address) {
  last_[scheme] = Last{priority, address};
}

std::optional<Notification> NotificationDeriver::derive(const TraceEvent& event) {
  Notification n;
  n.at = event.t;
  n.scheme = event.text(field::scheme);
  if (auto it = fqdns_.find(n.scheme); it != fqdns_.end()) n.fqdn = it->second;
  n.address = event.text(field::address);
  switch (event.type) {
    case EventType::Selection: {
      const int64_t priority = event.integer(field::priority).value_or(0);
      auto [it, first] = last_.try_emplace(n.scheme, Last{priority, n.address});
      if (first) return std::nullopt;  // the first choice is no news
      n.previousPriority = it->second.priority;
      n.previousAddress = it->second.address;
      n.priority = priority;
      n.indicator = event.text(field::indicator);
      it->second = Last{priority, n.address};
      n.event = priority > n.previousPriority ? NotifyEvent::Recovery : NotifyEvent::Failover;
      return n;
    }
    case EventType::Push: {
      n.detail = event.text(field::reply);
      if (!event.flag(field::ok)) {
        n.event = NotifyEvent::PushFailed;
        n.failures = event.integer(field::failures).value_or(1);
        return n;
      }
      // A push the selection overtook is not "synced": the newer one follows.
      if (event.field(field::supersededBy) != nullptr) return std::nullopt;
      // Nor one an unanswered older push may still overwrite: its recheck follows.
      if (event.field(field::recheckInS) != nullptr) return std::nullopt;
      n.event = NotifyEvent::Synced;
      return n;
    }
    default:
      return std::nullopt;
  }
}

std::string notificationJson(const Notification& n) {
  nlohmann::json body = {{"event", notifyEventName(n.event)},
                         {"at", formatIsoUtc(n.at)},
                         {"scheme", n.scheme},
                         {"fqdn", n.fqdn},
                         {"address", n.address}};
  if (n.event == NotifyEvent::Failover || n.event == NotifyEvent::Recovery) {
    body["previous_address"] = n.previousAddress;
    body["indicator"] = n.indicator;
    body["priority"] = n.priority;
    body["previous_priority"] = n.previousPriority;
  } else {
    body["detail"] = n.detail;
  }
  if (n.event == NotifyEvent::PushFailed) body["failures"] = n.failures;
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::pair<std::string, std::string>> notificationEnv(const Notification& n) {
  std::vector<std::pair<std::string, std::string>> env = {{"DNSFAILOVER_EVENT", notifyEventName(n.event)},
                                                          {"DNSFAILOVER_SCHEME", n.scheme},
                                                          {"DNSFAILOVER_FQDN", n.fqdn},
                                                          {"DNSFAILOVER_ADDRESS", n.address}};
  if (n.event == NotifyEvent::Failover || n.event == NotifyEvent::Recovery) {
    env.emplace_back("DNSFAILOVER_PREVIOUS_ADDRESS", n.previousAddress);
    env.emplace_back("DNSFAILOVER_INDICATOR", n.indicator);
    env.emplace_back("DNSFAILOVER_PRIORITY", std::to_string(n.priority));
  } else {
    env.emplace_back("DNSFAILOVER_DETAIL", n.detail);
  }
  if (n.event == NotifyEvent::PushFailed) env.emplace_back("DNSFAILOVER_FAILURES", std::to_string(n.failures));
  env.emplace_back("DNSFAILOVER_AT", formatIsoUtc(n.at));
  return env;
}

}  // namespace dnsfailover
