#pragma once
// A fake webhook receiver: the endpoint an operator points dnsfailover's
// notifications at (a chat bridge, a paging service). It accepts what a
// careful receiver accepts and nothing else:
//   POST to its path, Content-Type application/json, a JSON object body
//   with a string "event";
//   when it has a secret: X-Dnsfailover-Signature-256 must be the body's
//   HMAC-SHA256 (engine/notify/signature.h), else 401;
//   then 204, and the delivery is kept.
// Every request is kept too (accepted or not) so a test can judge what
// reached it. Fault knobs: `errorStatus` answers every POST with that
// status (5xx), `delay` answers late; "down" (connection refused) belongs
// to the host: the simulated network's link, or a network door not running.
// The same state machine sits behind its network door (fake-apis).

#include <optional>
#include <string>
#include <vector>

#include "fakes/fault_knobs.h"

namespace dnsfailover::fakes {

struct WebhookReceiverConfig {
  std::string path = "/hook";
  std::optional<std::string> secret;  // the signing key shared with the sender
};

struct WebhookRequest {
  TimePoint at{};
  int status = 0;  // what the receiver answered
  std::string event;
  std::string body;
  bool signatureValid = false;  // false also when there is no secret
};

class WebhookReceiver final : public TimedDoor {
 public:
  explicit WebhookReceiver(WebhookReceiverConfig config) : config_(std::move(config)) {}

  DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override;

  // Fault knobs.
  int errorStatus = 0;  // 0: answer normally
  Duration delay{};

  const std::vector<WebhookRequest>& requests() const { return requests_; }
  // The deliveries it accepted (answered 2xx), in arrival order.
  std::vector<WebhookRequest> accepted() const;
  const WebhookReceiverConfig& config() const { return config_; }

 private:
  WebhookReceiverConfig config_;
  std::vector<WebhookRequest> requests_;
};

}  // namespace dnsfailover::fakes
