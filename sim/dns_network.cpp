#include "sim/dns_network.h"

namespace dnsfailover::sim {

// Stream 4: adding DNS traffic does not shift the HTTP network's draws.
DnsNetwork::DnsNetwork(Kernel& kernel, uint64_t seed) : kernel_(kernel), links_(seed, /*stream=*/4) {}

void DnsNetwork::query(DnsQuery query, std::function<void(DnsResult)> done) {
  ++queriesSent_;
  const Duration timeout = query.timeout;
  auto door = doors_.find(query.server);
  if (door == doors_.end()) {
    deliver(timeout, std::move(done), DnsResult::failure(timeoutText(timeout), timeout));
    return;
  }
  // Over UDP a refusal (down host) looks like a loss: nothing comes back.
  const Crossing crossing = links_.cross(query.server);
  if (crossing.fate != Crossing::Fate::kArrives) {
    deliver(timeout, std::move(done), DnsResult::failure(timeoutText(timeout), timeout));
    return;
  }
  dns::Message message;
  message.id = nextId_++;
  message.rd = query.recursionDesired;
  message.questions.push_back({std::move(query.name), query.type, dns::kClassIn});
  const Duration total = crossing.roundTrip();
  fakes::DnsDoor* target = door->second;
  // The server sees the query when it arrives, whatever the client does.
  if (crossing.there >= timeout) {
    // The client gives up at its timeout, before the query even arrives.
    deliver(timeout, std::move(done), DnsResult::failure(timeoutText(timeout), timeout));
    kernel_.scheduleAfter(crossing.there, [this, target, message = std::move(message)] {
      target->handle(message, kernel_.now());
    });
    return;
  }
  kernel_.scheduleAfter(crossing.there, [this, target, message = std::move(message), done = std::move(done), total,
                                         timeout, arrival = crossing.there]() mutable {
    std::optional<dns::Message> reply = target->handle(message, kernel_.now());
    if (!reply || total > timeout) {
      deliver(timeout - arrival, std::move(done), DnsResult::failure(timeoutText(timeout), timeout));
      return;
    }
    deliver(total - arrival, std::move(done), DnsResult::success(std::move(*reply), total));
  });
}

void DnsNetwork::exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) {
  ++queriesSent_;
  const Duration timeout = exchange.timeout;
  auto door = doors_.find(exchange.server);
  if (door == doors_.end()) {
    deliver(timeout, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
    return;
  }
  // As for queries: a refusal (down host) looks like a loss over UDP.
  const Crossing crossing = links_.cross(exchange.server);
  if (crossing.fate != Crossing::Fate::kArrives) {
    deliver(timeout, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
    return;
  }
  const Duration total = crossing.roundTrip();
  fakes::DnsDoor* target = door->second;
  // The server applies an UPDATE when it arrives, even if the client has
  // given up by then (a timed-out push may still have changed the zone).
  if (crossing.there >= timeout) {
    deliver(timeout, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
    kernel_.scheduleAfter(crossing.there, [this, target, message = std::move(exchange.message)] {
      target->handleWire(message, kernel_.now());
    });
    return;
  }
  kernel_.scheduleAfter(crossing.there, [this, target, message = std::move(exchange.message), done = std::move(done),
                                         total, timeout, arrival = crossing.there]() mutable {
    std::optional<std::vector<uint8_t>> reply = target->handleWire(message, kernel_.now());
    if (!reply || total > timeout) {
      deliver(timeout - arrival, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
      return;
    }
    deliver(total - arrival, std::move(done), DnsWireResult::success(std::move(*reply), total));
  });
}

}  // namespace dnsfailover::sim
