#include "fakes/cloudflare_api.h"
#include "engine/core/coverage.h"

#include <algorithm>
#include <cctype>

#include "engine/core/url.h"
#include "fakes/cloudflare_api_envelope.h"

namespace dnsfailover::fakes {
namespace {

constexpr std::string_view kPrefix = "/client/v4";

bool tokenShaped(std::string_view token) {
  // Real tokens are 40 characters of [A-Za-z0-9_-]; accept any length so
  // test tokens stay readable, but not spaces or other punctuation.
  if (token.empty() || token.size() > 200) return false;
  return std::all_of(token.begin(), token.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool globalKeyShaped(std::string_view key) {
  if (key.starts_with("cfk_")) return key.size() > 4 && tokenShaped(key);
  return key.size() == 37 && std::all_of(key.begin(), key.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool emailShaped(std::string_view email) {
  const size_t at = email.find('@');
  return at != std::string_view::npos && at > 0 && email.find('.', at) != std::string_view::npos &&
         email.find(' ') == std::string_view::npos;
}

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string::npos ? path.size() : slash;
    if (end > start) parts.push_back(path.substr(start, end - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return parts;
}

int64_t ceilSeconds(Duration d) { return (d.count() + 999) / 1000; }

}  // namespace

CloudflareApi::CloudflareApi(ZoneStore& store, uint64_t idSeed) : store_(store), idState_(idSeed) {}

std::string CloudflareApi::newId() {
  // Two splitmix64 outputs = 32 hex characters; deterministic per fake.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (int half = 0; half < 2; ++half) {
    uint64_t z = (idState_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    for (int i = 15; i >= 0; --i) id += kHex[(z >> (i * 4)) & 15];
  }
  return id;
}

std::string CloudflareApi::addZone(const std::string& name, TimePoint created) {
  if (auto it = zoneNames_.find(name); it != zoneNames_.end()) return it->second;
  if (store_.findZone(name) == nullptr) store_.addZone(name);
  const std::string id = newId();
  zoneCreated_[name] = created;
  zoneIds_[id] = name;
  zoneNames_[name] = id;
  return id;
}

std::string CloudflareApi::reissueZoneId(const std::string& name) {
  if (auto it = zoneNames_.find(name); it != zoneNames_.end()) {
    zoneIds_.erase(it->second);
    zoneNames_.erase(it);
  }
  return addZone(name, zoneCreated_[name]);
}

std::string CloudflareApi::zoneId(const std::string& name) const {
  auto it = zoneNames_.find(name);
  return it == zoneNames_.end() ? std::string{} : it->second;
}

void CloudflareApi::addToken(const std::string& token, std::vector<std::string> zones) {
  if (zones.empty()) {
    tokens_[token] = std::nullopt;
  } else {
    tokens_[token] = std::set<std::string>(zones.begin(), zones.end());
  }
}

void CloudflareApi::revokeToken(const std::string& token) { tokens_.erase(token); }

void CloudflareApi::addAccount(const std::string& email, const std::string& globalKey) {
  accounts_[email] = globalKey;
}

std::optional<CloudflareApi::Reply> CloudflareApi::authenticate(const HttpRequest& request, Caller& caller) const {
  const std::string* authorization = findHeader(request.headers, "Authorization");
  const std::string* email = findHeader(request.headers, "X-Auth-Email");
  const std::string* key = findHeader(request.headers, "X-Auth-Key");
  if (authorization != nullptr) {
    const std::string& value = *authorization;
    caller.secret = value;
    const bool bearer = value.size() > 7 && value.compare(0, 7, "Bearer ") == 0;
    if (!bearer || !tokenShaped(std::string_view(value).substr(7))) {
      return cf::failure(400, {{6003, "Invalid request headers", {{6111, "Invalid format for Authorization header", {}}}}});
    }
    const std::string token = value.substr(7);
    caller.secret = token;
    auto it = tokens_.find(token);
    if (it == tokens_.end()) return cf::failure(403, {{10000, "Authentication error", {}}});
    caller.principal = "token:" + token;
    caller.zones = it->second;
    return std::nullopt;
  }
  if (email == nullptr || key == nullptr) {
    return cf::failure(400, {{9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers", {}}});
  }
  caller.secret = *key;
  if (!emailShaped(*email)) {
    return cf::failure(400, {{6003, "Invalid request headers", {{6102, "Invalid format for X-Auth-Email header", {}}}}});
  }
  if (!globalKeyShaped(*key)) {
    return cf::failure(400, {{6003, "Invalid request headers", {{6103, "Invalid format for X-Auth-Key header", {}}}}});
  }
  auto it = accounts_.find(*email);
  if (it == accounts_.end() || it->second != *key) {
    return cf::failure(403, {{9103, "Unknown X-Auth-Key or X-Auth-Email", {}}});
  }
  caller.principal = "account:" + *email;
  return std::nullopt;
}

std::optional<CloudflareApi::Reply> CloudflareApi::throttle(const Caller& caller, const std::string& peer,
                                                            TimePoint now, std::string& retryAfter) {
  const auto limited = [&](Duration wait) {
    coverage::hit(coverage::Mark::FakeThrottled);
    retryAfter = std::to_string(std::max<int64_t>(1, ceilSeconds(wait)));
    return cf::failure(429, {{971, "Please wait and consider throttling your request speed", {}}});
  };
  for (const TimeWindow& storm : faults_.throttled) {
    if (storm.contains(now)) return limited(storm.to - now);
  }
  // 200 requests per second per client IP.
  const int64_t second = now.time_since_epoch().count() / 1000;
  auto& [currentSecond, count] = perIpSecond_[peer];
  if (currentSecond != second) {
    currentSecond = second;
    count = 0;
  }
  if (++count > kRequestsPerSecondPerIp) return limited(std::chrono::seconds{second + 1} - now.time_since_epoch());

  // 1200 per 300 s per token or account; above it every call is blocked
  // for the next 5 minutes.
  Budget& budget = budgets_[caller.principal];
  if (now < budget.blockedUntil) return limited(budget.blockedUntil - now);
  while (!budget.recent.empty() && now - budget.recent.front() >= kRateWindow) budget.recent.pop_front();
  if (static_cast<int>(budget.recent.size()) >= kRequestsPerWindow) {
    budget.blockedUntil = now + kRateWindow;
    return limited(kRateWindow);
  }
  budget.recent.push_back(now);
  return std::nullopt;
}

DoorReply CloudflareApi::serve(const HttpRequest& request, TimePoint now, const std::string& peer) {
  ++requests_;
  if (request.method != "GET" && request.method != "HEAD") writes_.push_back(now);
  DoorReply out;
  out.delay = faults_.extraLatency;
  const auto url = parseUrl(request.url);
  const std::string path = url ? url->path() : std::string{};
  const std::string shortPath = path.starts_with(kPrefix) ? path.substr(kPrefix.size()) : path;

  switch (dice_.decide(faults_, now)) {
    case FaultAction::NoAnswer:
      out.answered = false;
      log_.push_back(request.method + " " + shortPath + " (no answer)");
      return out;
    case FaultAction::ServerError:
      if (faults_.htmlErrors) {
        out.response = edgeErrorPage(faults_.errorStatus);
      } else {
        const Reply r = cf::failure(faults_.errorStatus, {{10001, "Internal server error", {}}});
        out.response = {r.status, {{"Content-Type", "application/json"}}, r.body};
      }
      log_.push_back(request.method + " " + shortPath + " " + std::to_string(out.response.status));
      return out;
    case FaultAction::Throttle:
    case FaultAction::None:
      break;  // throttling is per caller: decided after authentication
  }

  Caller caller;
  std::string retryAfter;
  std::optional<Reply> reply = authenticate(request, caller);
  if (!reply) reply = throttle(caller, peer, now, retryAfter);
  if (!reply) {
    if (!url || !path.starts_with(kPrefix)) {
      reply = cf::failure(400, {{7000, "No route for that URI", {}}});
    } else {
      reply = route(request, caller, now);
    }
  }
  if (faults_.echoCredential && reply->status >= 400 && !caller.secret.empty()) {
    reply->body = cf::echoInto(reply->body, caller.secret);
  }
  out.response.status = reply->status;
  out.response.body = std::move(reply->body);
  out.response.headers = {{"Content-Type", "application/json"}};
  if (!retryAfter.empty()) out.response.headers.emplace_back("Retry-After", retryAfter);
  if (!caller.principal.empty()) {
    const Budget& budget = budgets_[caller.principal];
    const int left = std::max(0, kRequestsPerWindow - static_cast<int>(budget.recent.size()));
    out.response.headers.emplace_back("Ratelimit", "\"default\";r=" + std::to_string(left) + ";t=" +
                                                       std::to_string(ceilSeconds(kRateWindow)));
    out.response.headers.emplace_back("Ratelimit-Policy", "\"default\";q=" + std::to_string(kRequestsPerWindow) +
                                                              ";w=" + std::to_string(ceilSeconds(kRateWindow)));
  }
  log_.push_back(request.method + " " + shortPath + " " + std::to_string(out.response.status));
  return out;
}

CloudflareApi::Reply CloudflareApi::route(const HttpRequest& request, const Caller& caller, TimePoint now) {
  const auto url = parseUrl(request.url);
  const std::string path = url->path().substr(kPrefix.size());
  const std::vector<std::string> parts = split(path);
  const std::string& method = request.method;
  const auto notAllowed = [&] {
    return cf::failure(405, {{10405, "Method " + method + " not allowed for this endpoint", {}}});
  };
  if (parts.empty() || parts[0] != "zones") return cf::failure(400, {{7000, "No route for that URI", {}}});
  if (parts.size() == 1) return method == "GET" ? listZones(url->query(), caller) : notAllowed();

  auto zoneIt = zoneIds_.find(parts[1]);
  if (!cf::isId(parts[1]) || zoneIt == zoneIds_.end() || zone(zoneIt->second) == nullptr) {
    return cf::failure(400, cf::noRoute("/zones/" + parts[1]));
  }
  const std::string& zoneName = zoneIt->second;
  if (caller.zones && !caller.zones->count(zoneName)) return cf::failure(403, {{10000, "Authentication error", {}}});
  if (parts.size() == 2) return method == "GET" ? getZone(zoneName) : notAllowed();
  if (parts[2] != "dns_records" || parts.size() > 4) return cf::failure(400, {{7000, "No route for that URI", {}}});
  if (parts.size() == 3) {
    if (method == "GET") return listRecords(zoneName, url->query(), now);
    if (method == "POST") return createRecord(zoneName, request.body, now);
    return notAllowed();
  }
  const std::string& id = parts[3];
  if (!cf::isId(id)) return cf::failure(400, cf::noRoute("/zones/" + parts[1] + "/dns_records/" + id));
  if (method == "GET") return getRecord(zoneName, id, now);
  if (method == "PUT") return writeRecord(zoneName, id, request.body, /*partial=*/false, now);
  if (method == "PATCH") return writeRecord(zoneName, id, request.body, /*partial=*/true, now);
  if (method == "DELETE") return deleteRecord(zoneName, id, now);
  return notAllowed();
}

}  // namespace dnsfailover::fakes
