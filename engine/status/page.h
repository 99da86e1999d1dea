#pragma once
// The status page: one HTML document, one stylesheet and one script, all
// served by the daemon itself (no framework, no external URL, so the page
// works on an isolated host and the Content-Security-Policy can be
// 'self'). The script polls GET /api/v1/status every 2 s and the history
// every 5 s and draws okerr's failover page from them, plus the match mark
// and its age per nameserver/resolver answer, the measured convergence
// times and a filterable history table. Control (maintenance toggle per
// member, "Force set DNS" per scheme) sends the bearer token, which the
// operator types once; it is kept in sessionStorage, never in a URL.

#include <optional>
#include <string_view>

namespace dnsfailover::status {

std::string_view pageHtml();

struct Asset {
  std::string_view contentType;
  std::string_view body;
};

// "app.js", "app.css"; nullopt for anything else.
std::optional<Asset> findAsset(std::string_view name);

}  // namespace dnsfailover::status
