#pragma once
// The HttpClient port: one asynchronous request, one answer. Live, it is the
// Boost.Beast client in engine/live/; in the harness, the simulated network
// that hands the request to an in-process fake.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup of the first header called `name`.
const std::string* findHeader(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // http:// or https://, with host and optional port
  HttpHeaders headers;
  std::string body;
  // okerr's `addr=`: connect to this address instead of resolving the URL's
  // host; Host header, SNI and certificate name stay the URL's host.
  std::optional<std::string> connectTo;
  bool verifyTls = true;
  // Covers connect, TLS handshake and reading the whole reply.
  Duration timeout = std::chrono::seconds{3};
  // A longer body is a failure, so a hostile page cannot exhaust memory.
  size_t maxBodyBytes = 1 << 20;
  int maxRedirects = 5;
  // May reuse a connection (and a TLS session) of an earlier request to the
  // same place, and leave its own open for the next. Still a new request
  // with a new, whole answer; live, only GET and HEAD use it. Checks set it
  // from their policy's keep_alive; everything else talks on a connection
  // of its own.
  bool keepAlive = false;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

// Either a response (any status) or a transport error ("connection refused",
// "timed out after 3s", "certificate verify failed", ...).
struct HttpResult {
  std::optional<HttpResponse> response;
  std::string error;

  bool ok() const { return response.has_value(); }
  static HttpResult success(HttpResponse r) { return {std::move(r), {}}; }
  static HttpResult failure(std::string e) { return {std::nullopt, std::move(e)}; }
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // Sends `request`; `done` runs exactly once, later (never inside send()),
  // on the engine's thread.
  virtual void send(HttpRequest request, std::function<void(HttpResult)> done) = 0;
};

}  // namespace dnsfailover
