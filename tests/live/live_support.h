#pragma once
// Helpers shared by the live tests: a door made of a lambda, and a
// blocking fetch that drives the event loop until the answer arrives (or
// fails the test instead of hanging).

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "fakes/http_door.h"

namespace dnsfailover::live::testing {

class FnDoor final : public fakes::HttpDoor {
 public:
  using Fn = std::function<HttpResponse(const HttpRequest&, TimePoint, const std::string&)>;
  explicit FnDoor(Fn fn) : fn_(std::move(fn)) {}
  HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    return fn_(request, now, peer);
  }

 private:
  Fn fn_;
};

inline HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

// Sends one request and runs the loop until it completes. The 30 s limit is
// a hang guard, not a timing assertion.
inline HttpResult fetch(EventLoop& loop, HttpClient& client, HttpRequest request) {
  std::optional<HttpResult> result;
  client.send(std::move(request), [&](HttpResult r) { result = std::move(r); });
  loop.runUntil([&] { return result.has_value(); }, std::chrono::seconds{30});
  if (!result) {
    ADD_FAILURE() << "no answer within 30 s";
    return HttpResult::failure("test: no answer");
  }
  return *result;
}

// A unique temporary file name under the build tree.
std::string tempPath(const std::string& stem);

}  // namespace dnsfailover::live::testing
