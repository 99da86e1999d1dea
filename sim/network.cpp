#include "sim/network.h"

#include "engine/core/url.h"
#include "fakes/fault_knobs.h"

namespace dnsfailover::sim {

// Stream 3: the HTTP network's own draws.
Network::Network(Kernel& kernel, uint64_t seed) : kernel_(kernel), links_(seed, /*stream=*/3) {}

void Network::attach(const std::string& address, fakes::HttpDoor& door) { doors_[address] = &door; }

void Network::addName(const std::string& hostname, const std::string& address) { names_[hostname] = address; }

void Network::deliver(Duration after, std::function<void(HttpResult)> done, HttpResult result) {
  deliverAfter(kernel_, after, std::move(done), std::move(result));
}

void Network::send(HttpRequest request, std::function<void(HttpResult)> done) {
  ++requestsSent_;
  const auto url = parseUrl(request.url);
  if (!url) {
    deliver(Duration{0}, std::move(done), HttpResult::failure("invalid URL \"" + request.url + "\""));
    return;
  }
  std::string address = request.connectTo.value_or(url->host);
  if (auto name = names_.find(address); name != names_.end()) address = name->second;
  auto door = doors_.find(address);
  if (door == doors_.end()) {
    const bool isName = !request.connectTo && names_.find(url->host) == names_.end();
    deliver(Duration{1}, std::move(done),
            HttpResult::failure(isName ? "could not resolve host " + url->host
                                       : "connection to " + address + " timed out (no route)"));
    return;
  }
  const Duration timeout = request.timeout;
  const Crossing crossing = links_.cross(address);
  if (crossing.fate == Crossing::Fate::kLost) {
    deliver(timeout, std::move(done), HttpResult::failure(timeoutText(timeout)));
    return;
  }
  if (crossing.fate == Crossing::Fate::kRefused) {
    // The host answers with a TCP reset: a quick, clear failure.
    const Duration rtt = crossing.there + crossing.back;
    deliver(std::min(rtt, timeout), std::move(done),
            HttpResult::failure(rtt < timeout ? "connection refused by " + address : timeoutText(timeout)));
    return;
  }
  const Duration total = crossing.roundTrip();
  // The server sees the request when it arrives, even if the client has
  // given up by the time the answer would return (a timed-out push may
  // still have changed the record, as in real life).
  fakes::HttpDoor* target = door->second;
  if (crossing.there >= timeout) {
    // The client gives up at its timeout, before the request even arrives.
    deliver(timeout, std::move(done), HttpResult::failure(timeoutText(timeout)));
    kernel_.scheduleAfter(crossing.there, [this, target, request = std::move(request)] { serve(*target, request); });
    return;
  }
  kernel_.scheduleAfter(crossing.there, [this, target, request = std::move(request), done = std::move(done), total,
                                         timeout, arrival = crossing.there]() mutable {
    fakes::DoorReply reply = serve(*target, request);
    const Duration roundTrip = total + reply.delay;
    if (!reply.answered || roundTrip > timeout) {
      deliver(timeout - arrival, std::move(done), HttpResult::failure(timeoutText(timeout)));
      return;
    }
    HttpResult result = reply.response.body.size() > request.maxBodyBytes
                            ? HttpResult::failure("response body larger than " +
                                                  std::to_string(request.maxBodyBytes) + " bytes")
                            : HttpResult::success(std::move(reply.response));
    deliver(roundTrip - arrival, std::move(done), std::move(result));
  });
}

fakes::DoorReply Network::serve(fakes::HttpDoor& target, const HttpRequest& request) {
  // A fake that can take its time (or never answer) says so through
  // TimedDoor; any other door answers at once.
  fakes::DoorReply reply;
  if (auto* timed = dynamic_cast<fakes::TimedDoor*>(&target)) {
    reply = timed->serve(request, kernel_.now(), kClientAddress);
  } else {
    reply.response = target.handle(request, kernel_.now(), kClientAddress);
  }
  return reply;
}

}  // namespace dnsfailover::sim
