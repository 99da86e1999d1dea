#include "engine/providers/cloudflare_request.h"

#include <nlohmann/json.hpp>

#include "engine/monitor/check.h"

namespace dnsfailover {

HttpRequest buildCloudflareRequest(const std::string& endpoint, const CloudflareAuth& auth,
                                   const std::string& method, const std::string& pathAndQuery,
                                   std::string body) {
  HttpRequest request;
  request.method = method;
  std::string base = endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  request.url = base + pathAndQuery;
  request.headers = {{"User-Agent", kUserAgent}, {"Accept", "application/json"}};
  if (auth.email) {
    request.headers.emplace_back("X-Auth-Email", *auth.email);
    request.headers.emplace_back("X-Auth-Key", auth.secret);
  } else {
    request.headers.emplace_back("Authorization", "Bearer " + auth.secret);
  }
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  request.timeout = std::chrono::seconds{10};
  // A record list page of 100 entries is far below this.
  request.maxBodyBytes = 2 << 20;
  return request;
}

std::string cloudflareCreateBody(const std::string& type, const std::string& fqdn,
                                 const std::string& address, int ttl) {
  nlohmann::ordered_json body;
  body["type"] = type;
  body["name"] = fqdn;
  body["content"] = address;
  body["ttl"] = ttl;
  body["proxied"] = false;
  return body.dump();
}

std::string cloudflarePatchBody(const std::string& address, std::optional<int> ttl) {
  nlohmann::ordered_json body;
  body["content"] = address;
  if (ttl) body["ttl"] = *ttl;
  return body.dump();
}

}  // namespace dnsfailover
