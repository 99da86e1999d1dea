#pragma once
// An HttpDoor that answers whatever the test sets, counting requests.

#include "fakes/http_door.h"

namespace dnsfailover::testing {

class FixedDoor final : public fakes::HttpDoor {
 public:
  HttpResponse handle(const HttpRequest& request, TimePoint, const std::string&) override {
    ++requests;
    last = request;
    return response;
  }
  HttpResponse response{200, {{"Content-Type", "text/html"}}, "status=OK"};
  int requests = 0;
  HttpRequest last;
};

}  // namespace dnsfailover::testing
