#include "fakes/he_dyn_api.h"

#include <algorithm>

#include "engine/config/config_loader.h"
#include "engine/core/url.h"
#include "fakes/base64.h"

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

HttpResponse HeDynApi::handle(const HttpRequest& request, TimePoint now, const std::string& peer) {
  ++requests_;
  if (faults_.outage) return textReply(503, "<html><body><h1>503 Service Unavailable</h1></body></html>\n");
  const auto url = parseUrl(request.url);
  if (!url || url->path() != "/nic/update") return textReply(404, "<html><body>Not Found</body></html>\n");
  if (request.method != "GET" && request.method != "POST") return textReply(405, "badagent\n");

  // Parameters come from the query string and, for POST, the form body.
  const std::string query = url->query();
  const std::string form = request.method == "POST" ? request.body : std::string{};
  auto param = [&](std::string_view key) -> std::optional<std::string> {
    if (auto v = formValue(form, key)) return v;
    return formValue(query, key);
  };
  std::string hostname = param("hostname").value_or("");
  std::string password = param("password").value_or("");
  if (password.empty()) {
    if (const std::string* auth = findHeader(request.headers, "Authorization");
        auth != nullptr && auth->rfind("Basic ", 0) == 0) {
      const std::string decoded = base64Decode(auth->substr(6));
      const size_t colon = decoded.find(':');
      if (colon != std::string::npos) {
        if (hostname.empty()) hostname = decoded.substr(0, colon);
        password = decoded.substr(colon + 1);
      }
    }
  }
  const std::string myip = param("myip").value_or(peer);
  return textReply(200, update(lower(hostname), password, myip, now));
}

std::string HeDynApi::update(const std::string& hostname, const std::string& password,
                             const std::string& myip, TimePoint now) {
  if (hostname.empty() || hostname.find('.') == std::string::npos) return "notfqdn";
  auto it = hosts_.find(hostname);
  if (it == hosts_.end() || it->second.key != password || password.empty()) return "badauth";
  if (faults_.abuse) return "abuse";
  if (faults_.fail911) return "911";
  Host& host = it->second;
  while (!host.recentUpdates.empty() && now - host.recentUpdates.front() >= kWindow) {
    host.recentUpdates.pop_front();
  }
  if (host.recentUpdates.size() >= kUpdatesPerWindow) return "interval";
  host.recentUpdates.push_back(now);

  const bool v6 = myip.find(':') != std::string::npos;
  if (!isIpAddress(myip)) return "dnserr";
  const std::string type = v6 ? "AAAA" : "A";
  if (store_.firstValue(hostname, type) == myip) return "nochg " + myip;
  if (!store_.set(now, hostname, type, myip, host.ttl)) return "nohost";
  return "good " + myip;
}

}  // namespace dnsfailover::fakes
