#include "fakes/he_dyn_api.h"
#include "engine/core/coverage.h"

#include <algorithm>

#include "engine/config/config_loader.h"
#include "engine/core/url.h"
#include "engine/dns/record_set.h"
#include "engine/core/base64.h"

namespace dnsfailover::fakes {
namespace {

HttpResponse textReply(int status, std::string body) {
  return {status, {{"Content-Type", "text/html"}}, std::move(body)};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

void HeDynApi::enableHost(const std::string& fqdn, const std::string& key, int ttl) {
  hosts_[lower(fqdn)] = Host{key, ttl, {}};
}

DoorReply HeDynApi::serve(const HttpRequest& request, TimePoint now, const std::string& peer) {
  ++requests_;
  writes_.push_back(now);
  DoorReply out;
  out.delay = knobs_.extraLatency;
  const FaultAction fault = dice_.decide(knobs_, now);
  if (fault == FaultAction::NoAnswer) {
    out.answered = false;
    return out;
  }
  if (fault == FaultAction::ServerError) {
    out.response = textReply(knobs_.errorStatus, "<html><body><h1>" + std::to_string(knobs_.errorStatus) +
                                                     "</h1></body></html>\n");
    return out;
  }
  out.response = answer(request, now, peer, fault == FaultAction::Throttle);
  return out;
}

HttpResponse HeDynApi::answer(const HttpRequest& request, TimePoint now, const std::string& peer, bool storm) {
  if (faults_.outage) return textReply(503, "<html><body><h1>503 Service Unavailable</h1></body></html>\n");
  const auto url = parseUrl(request.url);
  if (!url || url->path() != "/nic/update") return textReply(404, "<html><body>Not Found</body></html>\n");
  // HE answers 200 even for its error words.
  if (request.method != "GET" && request.method != "POST") return textReply(200, "badagent");
  if (faults_.badagent) return textReply(200, "badagent");

  // Parameters come from the query string and, for POST, the form body.
  const std::string query = url->query();
  const std::string form = request.method == "POST" ? request.body : std::string{};
  auto param = [&](std::string_view key) -> std::optional<std::string> {
    if (auto v = formValue(form, key)) return v;
    return formValue(query, key);
  };
  std::string hostname = param("hostname").value_or("");
  std::string password = param("password").value_or("");
  bool basic = false;
  if (password.empty()) {
    if (const std::string* auth = findHeader(request.headers, "Authorization");
        auth != nullptr && auth->rfind("Basic ", 0) == 0) {
      // Credentials that are not clean base64 are no credentials: badauth.
      const std::string decoded = base64DecodeText(auth->substr(6)).value_or("");
      const size_t colon = decoded.find(':');
      if (colon != std::string::npos) {
        if (hostname.empty()) hostname = decoded.substr(0, colon);
        password = decoded.substr(colon + 1);
        basic = true;
      }
    }
  }
  const std::string myip = param("myip").value_or(peer);
  std::string body = storm ? std::string("interval") : update(lower(hostname), password, myip, now);
  if (body == "interval") coverage::hit(coverage::Mark::FakeThrottled);
  if (basic && faults_.basicAuth401 && body == "badauth") {
    return {401, {{"Content-Type", "text/html"}, {"WWW-Authenticate", "Basic realm=\"dyn.dns.he.net\""}},
            "<html><body>401 Unauthorized</body></html>\n"};
  }
  // A leaky front end quoting the request back, for the redaction tests.
  if (knobs_.echoCredential && !password.empty() && !body.starts_with("good") && !body.starts_with("nochg")) {
    body += " (password=" + password + ")";
  }
  return textReply(200, body);
}

std::string HeDynApi::update(const std::string& hostname, const std::string& password,
                             const std::string& myip, TimePoint now) {
  if (hostname.empty() || hostname.find('.') == std::string::npos) return "notfqdn";
  auto it = hosts_.find(hostname);
  if (it == hosts_.end()) return faults_.unknownHostReply;
  if (it->second.key != password || password.empty()) return "badauth";
  if (faults_.abuse) return "abuse";
  if (faults_.fail911) return "911";
  if (faults_.dnserr) return "dnserr";
  Host& host = it->second;
  while (!host.recentUpdates.empty() && now - host.recentUpdates.front() >= kWindow) {
    host.recentUpdates.pop_front();
  }
  if (host.recentUpdates.size() >= kUpdatesPerWindow) return "interval";
  host.recentUpdates.push_back(now);

  // HE picks the record by the address family: IPv6 updates the AAAA.
  const std::optional<RecordType> family = addressRecordType(myip);
  if (!family) return "dnserr";
  const std::string type = recordTypeName(*family);
  if (store_.rrsetValue(hostname, type) == myip) return "nochg " + myip;
  // The record keeps the TTL set for it at HE; dyndns carries none.
  const auto existing = store_.find(hostname, type);
  const int ttl = existing.empty() ? host.ttl : existing.front()->ttl;
  if (!store_.set(now, hostname, type, myip, ttl)) return "nohost";
  return "good " + myip;
}

}  // namespace dnsfailover::fakes
