#pragma once
// Judging one Cloudflare API v4 answer: the HTTP status, the JSON envelope
// (success, errors[] with error_chain, result) and Retry-After, turned into
// a verdict the provider can act on. Pure functions, so every reply shape in
// Cloudflare's API documentation can be unit-tested without a network.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/time.h"
#include "engine/ports/http_client.h"

namespace dnsfailover {

// The few fields of a zone or DNS record object a failover client needs.
// Zones carry only id and name.
struct CloudflareItem {
  std::string id;
  std::string name;
  std::string type;
  std::string content;
  int ttl = 0;
  bool proxied = false;  // served through Cloudflare's proxy (orange cloud)
};

struct CloudflareReply {
  enum class Verdict {
    Ok,           // 2xx and "success": true
    RecordGone,   // 404 / 81044: the cached record id is stale
    ZoneGone,     // 7003 / 7000 / 1001: the cached zone id is stale
    RateLimited,  // 429 (971 / 10100)
    Transient,    // 5xx, 408/409, transport errors, unreadable replies
    AuthFailed,   // 6003, 6102, 6103, 6111, 9103, 9106, 9109, 1000, 10000
    Rejected,     // any other 4xx: the request itself is wrong (9005, 1004, 81058, ...)
  };
  Verdict verdict = Verdict::Transient;
  int status = 0;
  // "HTTP 400: 1004 DNS Validation Error [9005 Content for A record ...]";
  // already redacted.
  std::string detail;
  std::optional<Duration> retryAfter;
  // `result` as a list: an array's objects, or the single object.
  std::vector<CloudflareItem> items;
  int page = 1;
  int totalPages = 1;

  bool ok() const { return verdict == Verdict::Ok; }
};

const char* verdictName(CloudflareReply::Verdict verdict);

// `secret` (token or global key) is removed from every text taken from the
// reply, because servers and proxies sometimes echo request headers.
CloudflareReply parseCloudflareReply(const HttpResult& result, std::string_view secret);

// Retry-After in whole seconds ("120"); an HTTP date or junk gives nullopt.
std::optional<Duration> parseRetryAfterSeconds(std::string_view value);

}  // namespace dnsfailover
