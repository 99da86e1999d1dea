#include "engine/notify/notifier.h"

#include "engine/notify/signature.h"
#include "engine/providers/cloudflare_reply.h"

namespace dnsfailover {
namespace {

std::map<std::string, std::string, std::less<>> fqdnsOf(const EngineConfig& config) {
  std::map<std::string, std::string, std::less<>> out;
  for (const SchemeConfig& s : config.schemes) out[s.name] = s.fqdn;
  return out;
}

bool retryable(int status) { return status == 408 || status == 429 || status >= 500; }

}  // namespace

Notifier::Notifier(const EngineConfig& config, Ports ports) : ports_(ports), deriver_(fqdnsOf(config)) {
  for (const NotifyTarget& t : config.notify) targets_.push_back({t, {}});
  for (const SchemeConfig& s : config.schemes) {
    for (const NotifyTarget& t : s.notify) targets_.push_back({t, s.name});
  }
}

Notifier::~Notifier() { stop(); }

void Notifier::stop() { lifetime_.end(); }

void Notifier::record(const TraceEvent& event) {
  if (targets_.empty()) return;
  if (event.type != EventType::Selection && event.type != EventType::Push) return;
  const std::optional<Notification> n = deriver_.derive(event);
  if (!n) return;
  std::string body;  // built once, for the webhooks
  for (size_t i = 0; i < targets_.size(); ++i) {
    const Target& t = targets_[i];
    if (!t.config.wants(n->event) || (!t.scheme.empty() && t.scheme != n->scheme)) continue;
    if (body.empty()) body = notificationJson(*n);
    auto delivery = std::make_shared<Delivery>(Delivery{i, *n, body, 0});
    send(std::move(delivery));
  }
}

void Notifier::send(std::shared_ptr<Delivery> delivery) {
  ++delivery->attempt;
  if (targets_[delivery->target].config.kind == NotifyTarget::Kind::Webhook) {
    sendWebhook(std::move(delivery));
  } else {
    runCommand(std::move(delivery));
  }
}

void Notifier::sendWebhook(std::shared_ptr<Delivery> delivery) {
  const NotifyTarget& t = targets_[delivery->target].config;
  HttpRequest request;
  request.method = "POST";
  request.url = t.url;
  request.body = delivery->body;
  request.timeout = t.timeout;
  request.maxBodyBytes = 64 * 1024;
  request.maxRedirects = 0;  // a redirected POST would lose its body or go somewhere unchecked
  request.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", kUserAgent},
                     {"X-Dnsfailover-Event", notifyEventName(delivery->notification.event)}};
  if (t.secret) {
    const SecretLookup key = ports_.secrets.resolve(*t.secret);
    if (!key.value) {
      // Never sent unsigned when a signature was asked for.
      const std::string why = "secret " + t.secret->describe() + " cannot be read: " + key.error;
      ports_.scheduler.scheduleAfter(Duration{0}, lifetime_.guard([this, delivery, why] {
        report(*delivery, false, why, std::nullopt);
      }));
      return;
    }
    request.headers.emplace_back(kSignatureHeader, webhookSignature(*key.value, request.body));
  }
  ports_.http.send(std::move(request), lifetime_.guard([this, delivery](HttpResult result) {
    onWebhookResult(delivery, result);
  }));
}

void Notifier::onWebhookResult(std::shared_ptr<Delivery> delivery, const HttpResult& result) {
  const NotifyTarget& t = targets_[delivery->target].config;
  std::string reply = result.ok() ? "HTTP " + std::to_string(result.response->status) : result.error;
  if (result.ok() && result.response->status >= 200 && result.response->status < 300) {
    report(*delivery, true, reply, std::nullopt);
    return;
  }
  const bool again = !result.ok() || retryable(result.response->status);
  const size_t retry = static_cast<size_t>(delivery->attempt - 1);
  if (!again || retry >= t.retrySchedule.size()) {
    report(*delivery, false, reply + (again ? "; given up" : "; refused, not retried"), std::nullopt);
    return;
  }
  Duration delay = t.retrySchedule[retry];
  if (result.ok()) {
    if (const std::string* header = findHeader(result.response->headers, "Retry-After")) {
      if (auto asked = parseRetryAfterSeconds(*header)) delay = std::max(delay, std::min(*asked, Duration{std::chrono::hours{1}}));
    }
  }
  report(*delivery, false, reply, delay);
  ports_.scheduler.scheduleAfter(delay, lifetime_.guard([this, delivery] { send(delivery); }));
}

void Notifier::runCommand(std::shared_ptr<Delivery> delivery) {
  const NotifyTarget& t = targets_[delivery->target].config;
  if (ports_.process == nullptr) {
    ports_.scheduler.scheduleAfter(Duration{0}, lifetime_.guard([this, delivery] {
      report(*delivery, false, "no process runner in this run", std::nullopt);
    }));
    return;
  }
  ProcessRequest request;
  request.argv = t.argv;
  request.env = notificationEnv(delivery->notification);
  request.timeout = t.timeout;
  ports_.process->run(std::move(request), lifetime_.guard([this, delivery](ProcessResult result) {
    report(*delivery, result.ok(), result.describe(), std::nullopt);
  }));
}

void Notifier::report(const Delivery& delivery, bool ok, const std::string& reply, std::optional<Duration> retryIn) {
  TraceEvent event = events::notify(ports_.scheduler.now(), targets_[delivery.target].config.path,
                                    notifyEventName(delivery.notification.event), delivery.notification.scheme, ok,
                                    delivery.attempt, reply);
  if (retryIn) event.with(field::retryInS, static_cast<double>(retryIn->count()) / 1000.0);
  ports_.trace.record(event);
}

}  // namespace dnsfailover
