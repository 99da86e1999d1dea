#include "sim/network.h"

#include "engine/core/url.h"
#include "fakes/fault_knobs.h"
#include "fakes/tcp_door.h"

namespace dnsfailover::sim {

// Stream 3: the HTTP network's own draws.
Network::Network(Kernel& kernel, uint64_t seed) : kernel_(kernel), links_(seed, /*stream=*/3) {}

void Network::attach(const std::string& address, fakes::HttpDoor& door) { doors_[address] = &door; }

void Network::addName(const std::string& hostname, const std::string& address) { names_[hostname] = address; }

void Network::deliver(Duration after, std::function<void(HttpResult)> done, HttpResult result) {
  deliverAfter(kernel_, after, std::move(done), std::move(result));
}

std::string Network::destination(const HttpRequest& request) const {
  std::string address;
  if (request.connectTo) {
    address = *request.connectTo;
  } else if (const auto url = parseUrl(request.url)) {
    address = url->host;
  }
  if (auto name = names_.find(address); name != names_.end()) address = name->second;
  return doors_.count(address) ? address : std::string{};
}

void Network::send(HttpRequest request, std::function<void(HttpResult)> done) {
  sendFrom(kClientAddress, std::move(request), std::move(done));
}

void Network::probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) {
  probeFrom(kClientAddress, std::move(probe), std::move(done));
}

void Network::sendFrom(std::string_view from, HttpRequest request, std::function<void(HttpResult)> done) {
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
    kernel_.scheduleAfter(crossing.there, [this, target, from, request = std::move(request)] { serve(*target, request, from); });
    return;
  }
  kernel_.scheduleAfter(crossing.there, [this, target, from, request = std::move(request), done = std::move(done), total,
                                         timeout, arrival = crossing.there]() mutable {
    fakes::DoorReply reply = serve(*target, request, from);
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

fakes::DoorReply Network::serve(fakes::HttpDoor& target, const HttpRequest& request, std::string_view from) {
  const std::string client(from);
  // A fake that can take its time (or never answer) says so through
  // TimedDoor; any other door answers at once.
  fakes::DoorReply reply;
  if (auto* timed = dynamic_cast<fakes::TimedDoor*>(&target)) {
    reply = timed->serve(request, kernel_.now(), client);
  } else {
    reply.response = target.handle(request, kernel_.now(), client);
  }
  return reply;
}

void Network::probeFrom(std::string_view from, TcpProbe probe, std::function<void(TcpProbeResult)> done) {
  ++requestsSent_;
  const std::string where = probe.address + ":" + std::to_string(probe.port);
  auto finish = [this, done = std::move(done)](Duration after, TcpProbeResult result) mutable {
    deliverAfter(kernel_, after, std::move(done), std::move(result));
  };
  const Duration timeout = probe.timeout;
  TcpProbeResult timedOut;
  timedOut.error = timeoutText(timeout);
  auto door = doors_.find(probe.address);
  if (door == doors_.end()) {
    finish(timeout, timedOut);  // no route: no SYN-ACK ever comes
    return;
  }
  const Crossing crossing = links_.cross(probe.address);
  if (crossing.fate == Crossing::Fate::kLost) {
    finish(timeout, timedOut);
    return;
  }
  const Duration rtt = crossing.there + crossing.back;
  auto* tcp = dynamic_cast<fakes::TcpDoor*>(door->second);
  if (crossing.fate == Crossing::Fate::kRefused || tcp == nullptr) {
    TcpProbeResult refused;
    refused.error = "connection refused by " + where;
    finish(std::min(rtt, timeout), rtt < timeout ? refused : timedOut);
    return;
  }
  // The server sees the connection (and the bytes sent right after it) at
  // its arrival; whether it listens and what it answers is its state then.
  kernel_.scheduleAfter(crossing.there, [this, tcp, from, probe = std::move(probe), finish = std::move(finish), where,
                                         rtt, timeout, crossing]() mutable {
    const Duration arrival = crossing.there;
    const fakes::TcpExchange exchange = tcp->serveTcp(probe.port, probe.send, kernel_.now(), std::string(from));
    TcpProbeResult result;
    if (!exchange.listening) {
      result.error = "connection refused by " + where;
      if (rtt >= timeout) result.error = timeoutText(timeout);
      finish(std::min(rtt, timeout) - arrival, std::move(result));
      return;
    }
    if (rtt >= timeout) {
      result.error = timeoutText(timeout);
      finish(timeout - arrival, std::move(result));
      return;
    }
    result.connected = true;
    if (probe.expect.empty()) {
      finish(rtt - arrival, std::move(result));  // connected (and sent): done
      return;
    }
    // The request goes out once connected; the reply comes one more round
    // trip (over the same link) and the server's delay later.
    const Duration replyAt = rtt + crossing.serverDelay + rtt;
    if (replyAt > timeout || exchange.reply.empty()) {
      result.error = timeoutText(timeout);  // the peer kept the connection silent
      finish(timeout - arrival, std::move(result));
      return;
    }
    result.reply = exchange.reply.substr(0, probe.maxReplyBytes);
    finish(replyAt - arrival, std::move(result));
  });
}

}  // namespace dnsfailover::sim
