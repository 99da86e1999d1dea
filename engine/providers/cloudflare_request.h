#pragma once
// Building Cloudflare API v4 requests: base URL + path, the authentication
// headers of either scheme, and the JSON bodies for create and update.

#include <optional>
#include <string>

#include "engine/ports/http_client.h"

namespace dnsfailover {

inline constexpr const char* kCloudflareEndpoint = "https://api.cloudflare.com/client/v4";

struct CloudflareAuth {
  std::string secret;                // API token, or the global API key
  std::optional<std::string> email;  // set = legacy e-mail + global key scheme
};

// `pathAndQuery` starts with '/'; `body` empty = no body and no Content-Type.
HttpRequest buildCloudflareRequest(const std::string& endpoint, const CloudflareAuth& auth,
                                   const std::string& method, const std::string& pathAndQuery,
                                   std::string body = {});

// POST body: type, name, content, ttl and proxied (false: failover must
// publish the server's own address, not Cloudflare's proxy).
std::string cloudflareCreateBody(const std::string& type, const std::string& fqdn,
                                 const std::string& address, int ttl);

// PATCH body: only content, and ttl when given, so that a comment, tags,
// the proxied flag (and the TTL, when the scheme names none) set by a human
// in the dashboard survive a failover.
std::string cloudflarePatchBody(const std::string& address, std::optional<int> ttl);

}  // namespace dnsfailover
