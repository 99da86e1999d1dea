#pragma once
// Short-hand for building requests in tests.

#include "engine/ports/http_client.h"

namespace dnsfailover::testing {

inline HttpRequest request(std::string method, std::string url, std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

}  // namespace dnsfailover::testing
