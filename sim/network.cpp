#include "sim/network.h"

#include "engine/core/url.h"
#include "fakes/fault_knobs.h"
#include "fakes/tcp_door.h"

namespace dnsfailover::sim {
namespace {

std::string timeoutText(Duration timeout) { return "timed out after " + formatDuration(timeout); }

}  // namespace

Network::Network(Kernel& kernel, uint64_t seed) : kernel_(kernel), random_(seed, /*stream=*/3) {}

void Network::attach(const std::string& address, fakes::HttpDoor& door) { doors_[address] = &door; }

void Network::addName(const std::string& hostname, const std::string& address) { names_[hostname] = address; }

const LinkConditions& Network::conditions(const std::string& address) const {
  auto it = links_.find(address);
  return it == links_.end() ? defaults_ : it->second;
}

Duration Network::oneWay(const LinkConditions& link) {
  Duration d = link.latency;
  if (link.jitter.count() > 0) d += Duration{static_cast<int64_t>(random_.below(static_cast<uint64_t>(link.jitter.count()) + 1))};
  return d;
}

void Network::deliver(Duration after, std::function<void(HttpResult)> done, HttpResult result) {
  kernel_.scheduleAfter(after, [done = std::move(done), result = std::move(result)]() mutable {
    done(std::move(result));
  });
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
  const LinkConditions& link = conditions(address);
  const Duration timeout = request.timeout;
  const bool lost = link.partitioned || (link.loss > 0 && random_.unit() < link.loss);
  if (lost) {
    deliver(timeout, std::move(done), HttpResult::failure(timeoutText(timeout)));
    return;
  }
  const Duration there = oneWay(link);
  if (link.down) {
    // The host answers with a TCP reset: a quick, clear failure.
    const Duration rtt = there + oneWay(link);
    deliver(std::min(rtt, timeout), std::move(done),
            HttpResult::failure(rtt < timeout ? "connection refused by " + address : timeoutText(timeout)));
    return;
  }
  const Duration back = oneWay(link);
  const Duration total = there + link.serverDelay + back;
  // The server sees the request when it arrives, even if the client has
  // given up by the time the answer would return (a timed-out push may
  // still have changed the record, as in real life).
  fakes::HttpDoor* target = door->second;
  kernel_.scheduleAfter(there, [this, target, request = std::move(request), done = std::move(done), total,
                                timeout, arrival = there]() mutable {
    // A fake that can take its time (or never answer) says so through
    // TimedDoor; any other door answers at once.
    fakes::DoorReply reply;
    if (auto* timed = dynamic_cast<fakes::TimedDoor*>(target)) {
      reply = timed->serve(request, kernel_.now(), kClientAddress);
    } else {
      reply.response = target->handle(request, kernel_.now(), kClientAddress);
    }
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

void Network::probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) {
  ++requestsSent_;
  const std::string where = probe.address + ":" + std::to_string(probe.port);
  auto finish = [this, done = std::move(done)](Duration after, TcpProbeResult result) mutable {
    kernel_.scheduleAfter(after, [done = std::move(done), result = std::move(result)]() mutable {
      done(std::move(result));
    });
  };
  const Duration timeout = probe.timeout;
  TcpProbeResult timedOut;
  timedOut.error = timeoutText(timeout);
  auto door = doors_.find(probe.address);
  const LinkConditions& link = conditions(probe.address);
  if (door == doors_.end() || link.partitioned || (link.loss > 0 && random_.unit() < link.loss)) {
    finish(timeout, timedOut);  // no SYN-ACK ever comes
    return;
  }
  const Duration there = oneWay(link);
  const Duration rtt = there + oneWay(link);
  auto* tcp = dynamic_cast<fakes::TcpDoor*>(door->second);
  if (link.down || tcp == nullptr) {
    TcpProbeResult refused;
    refused.error = "connection refused by " + where;
    finish(std::min(rtt, timeout), rtt < timeout ? refused : timedOut);
    return;
  }
  // The server sees the connection (and the bytes sent right after it) at
  // its arrival; whether it listens and what it answers is its state then.
  kernel_.scheduleAfter(there, [this, tcp, probe = std::move(probe), finish = std::move(finish), where, rtt, timeout,
                                arrival = there, link]() mutable {
    const fakes::TcpExchange exchange = tcp->serveTcp(probe.port, probe.send, kernel_.now(), kClientAddress);
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
    // The request goes out once connected; the reply comes a round trip
    // and the server's delay later.
    const Duration replyAt = rtt + oneWay(link) + link.serverDelay + oneWay(link);
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
