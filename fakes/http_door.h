#pragma once
// The in-process door of an HTTP fake: the simulated network hands it a
// request at the virtual instant it arrives and carries the answer back.
// The same state machine sits behind the fake's real network door.

#include <string>

#include "engine/ports/http_client.h"

namespace dnsfailover::fakes {

class HttpDoor {
 public:
  virtual ~HttpDoor() = default;
  // `peer` is the client's address as the server would see it.
  virtual HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) = 0;
};

}  // namespace dnsfailover::fakes
