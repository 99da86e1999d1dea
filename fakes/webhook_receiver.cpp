#include "fakes/webhook_receiver.h"

#include <nlohmann/json.hpp>

#include "engine/core/url.h"
#include "engine/notify/signature.h"

namespace dnsfailover::fakes {
namespace {

HttpResponse text(int status, std::string body) {
  return {status, {{"Content-Type", "text/plain"}}, std::move(body) + "\n"};
}

// Compares without stopping at the first difference, as a receiver should.
bool sameSecretText(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = static_cast<unsigned char>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

}  // namespace

DoorReply WebhookReceiver::serve(const HttpRequest& request, TimePoint now, const std::string&) {
  WebhookRequest seen;
  seen.at = now;
  seen.body = request.body;
  auto answer = [&](HttpResponse response) {
    seen.status = response.status;
    requests_.push_back(seen);
    DoorReply reply;
    reply.response = std::move(response);
    reply.delay = delay;
    return reply;
  };
  if (urlPath(request.url) != config_.path) return answer(text(404, "no such hook"));
  if (request.method != "POST") return answer({405, {{"Allow", "POST"}}, "POST only\n"});
  if (errorStatus != 0) return answer(text(errorStatus, "receiver failing"));
  const std::string* type = findHeader(request.headers, "Content-Type");
  if (type == nullptr || type->rfind("application/json", 0) != 0) return answer(text(415, "expected application/json"));
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("event") || !body["event"].is_string()) {
    return answer(text(400, "expected a JSON object with a string \"event\""));
  }
  seen.event = body["event"].get<std::string>();
  if (config_.secret) {
    const std::string* signature = findHeader(request.headers, kSignatureHeader);
    seen.signatureValid = signature != nullptr && sameSecretText(*signature, webhookSignature(*config_.secret, request.body));
    if (!seen.signatureValid) return answer(text(401, "bad or missing signature"));
  }
  return answer({204, {}, {}});
}

std::vector<WebhookRequest> WebhookReceiver::accepted() const {
  std::vector<WebhookRequest> out;
  for (const WebhookRequest& r : requests_) {
    if (r.status >= 200 && r.status < 300) out.push_back(r);
  }
  return out;
}

}  // namespace dnsfailover::fakes
