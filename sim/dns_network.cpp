#include "sim/dns_network.h"

namespace dnsfailover::sim {
namespace {

std::string timeoutText(Duration timeout) { return "timed out after " + formatDuration(timeout); }

}  // namespace

// Stream 4: adding DNS traffic does not shift the HTTP network's draws.
DnsNetwork::DnsNetwork(Kernel& kernel, uint64_t seed) : kernel_(kernel), random_(seed, /*stream=*/4) {}

const LinkConditions& DnsNetwork::conditions(const std::string& address) const {
  auto it = links_.find(address);
  return it == links_.end() ? defaults_ : it->second;
}

Duration DnsNetwork::oneWay(const LinkConditions& link) {
  Duration d = link.latency;
  if (link.jitter.count() > 0) {
    d += Duration{static_cast<int64_t>(random_.below(static_cast<uint64_t>(link.jitter.count()) + 1))};
  }
  return d;
}

template <typename Result>
void DnsNetwork::deliver(Duration after, std::function<void(Result)> done, Result result) {
  kernel_.scheduleAfter(after, [done = std::move(done), result = std::move(result)]() mutable {
    done(std::move(result));
  });
}

void DnsNetwork::query(DnsQuery query, std::function<void(DnsResult)> done) {
  ++queriesSent_;
  const Duration timeout = query.timeout;
  auto door = doors_.find(query.server);
  const LinkConditions& link = conditions(query.server);
  const bool lost = door == doors_.end() || link.down || link.partitioned ||
                    (link.loss > 0 && random_.unit() < link.loss);
  if (lost) {
    deliver(timeout, std::move(done), DnsResult::failure(timeoutText(timeout), timeout));
    return;
  }
  dns::Message message;
  message.id = nextId_++;
  message.rd = query.recursionDesired;
  message.questions.push_back({query.name, query.type, dns::kClassIn});
  const Duration there = oneWay(link);
  const Duration back = oneWay(link);
  const Duration total = there + link.serverDelay + back;
  fakes::DnsDoor* target = door->second;
  // The server sees the query when it arrives, whatever the client does.
  kernel_.scheduleAfter(there, [this, target, message = std::move(message), done = std::move(done), total,
                                timeout, arrival = there]() mutable {
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
  const LinkConditions& link = conditions(exchange.server);
  const bool lost = door == doors_.end() || link.down || link.partitioned ||
                    (link.loss > 0 && random_.unit() < link.loss);
  if (lost) {
    deliver(timeout, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
    return;
  }
  const Duration there = oneWay(link);
  const Duration back = oneWay(link);
  const Duration total = there + link.serverDelay + back;
  fakes::DnsDoor* target = door->second;
  kernel_.scheduleAfter(there, [this, target, message = std::move(exchange.message), done = std::move(done), total,
                                timeout, arrival = there]() mutable {
    std::optional<std::vector<uint8_t>> reply = target->handleWire(message, kernel_.now());
    if (!reply || total > timeout) {
      deliver(timeout - arrival, std::move(done), DnsWireResult::failure(timeoutText(timeout), timeout));
      return;
    }
    deliver(total - arrival, std::move(done), DnsWireResult::success(std::move(*reply), total));
  });
}

}  // namespace dnsfailover::sim
