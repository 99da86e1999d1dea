#pragma once
// Sends notifications (notification.h) to webhooks and command hooks,
// through the ports only: the HttpClient for webhooks, the ProcessRunner
// for commands, the Scheduler for retries.
//
// Rules:
// - it watches the engine's events after they are stored (it is a sink the
//   engine's trace reaches last), so nothing is announced that a crash
//   could take back; a delivery still under way when the process dies is
//   lost (at most once per notification and target);
// - a webhook is one JSON POST (Content-Type application/json). Any 2xx is
//   delivered. A transport error, 408, 429 or 5xx is retried after the
//   target's retry schedule (a 429's or 503's Retry-After, when longer, is
//   honoured); after the last retry it is given up; any other status is
//   refused for good (a wrong URL does not get better by asking again);
// - with a secret, each POST carries X-Dnsfailover-Signature-256 (an
//   HMAC-SHA256 of the body, signature.h); the secret is read through the
//   Secrets port at each delivery and appears nowhere else;
// - a command runs once per notification, argv as configured, no shell,
//   the event in DNSFAILOVER_* variables and nothing else of the daemon's
//   environment (process_runner.h), killed past its timeout;
// - deliveries run in parallel and do not wait for each other; each attempt
//   is a `notify` event, naming the target by its config path, never its
//   URL (a webhook URL often carries a token).

#include <memory>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/notify/notification.h"
#include "engine/ports/http_client.h"
#include "engine/ports/process_runner.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/secrets.h"
#include "engine/ports/trace.h"

namespace dnsfailover {

class Notifier final : public TraceSink {
 public:
  struct Ports {
    Scheduler& scheduler;
    HttpClient& http;
    ProcessRunner* process;  // none: command targets fail with a reason
    Secrets& secrets;
    TraceSink& trace;        // where the notify events go
  };
  Notifier(const EngineConfig& config, Ports ports);
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;
  ~Notifier() override;

  bool empty() const { return targets_.empty(); }
  // A restored scheme's choice (notification.h).
  void seed(const std::string& scheme, int64_t priority, const std::string& address) {
    deriver_.seed(scheme, priority, address);
  }
  // Every event the engine emitted, once stored.
  void record(const TraceEvent& event) override;
  // Drops deliveries under way and their retries.
  void stop();

  static constexpr const char* kUserAgent = "dnsfailover-notify/0.1";

 private:
  struct Target {
    NotifyTarget config;
    std::string scheme;  // empty: every scheme
  };
  struct Delivery {
    size_t target = 0;
    Notification notification;
    std::string body;
    int attempt = 0;
  };
  void send(std::shared_ptr<Delivery> delivery);
  void sendWebhook(std::shared_ptr<Delivery> delivery);
  void runCommand(std::shared_ptr<Delivery> delivery);
  void onWebhookResult(std::shared_ptr<Delivery> delivery, const HttpResult& result);
  void report(const Delivery& delivery, bool ok, const std::string& reply, std::optional<Duration> retryIn);

  Ports ports_;
  std::vector<Target> targets_;
  NotificationDeriver deriver_;
  Lifetime lifetime_;  // guards answers and retries after stop(); last: ends first
};

}  // namespace dnsfailover
