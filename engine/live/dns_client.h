#pragma once
// The DnsClient port on real sockets: one UDP query (EDNS 1232), retried
// over TCP when the answer comes back truncated, all within the query's
// timeout. Replies whose id or question do not match are ignored as
// strays (a spoofing attempt or a late answer); any reply that cannot be
// decoded is an error result, never a crash. Results are delivered on the
// io_context's thread, never inside query(); results of queries still
// running when the client is destroyed are dropped (a Lifetime guards
// them). Each query's Exchange keeps itself alive with shared_from_this
// while its own sockets and timer are busy: the asio idiom for owning I/O,
// not a guard; it ends at the query's timeout at the latest. exchange()
// runs the same machinery on bytes the engine encoded (UPDATE with TSIG).
//
// Asio stays out of this header; only dns_client.cpp pays for it.

#include <cstdint>
#include <memory>

#include "engine/core/lifetime.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/random.h"

namespace boost::asio {
class io_context;
}

namespace dnsfailover::live {

class AsioDnsClient final : public DnsClient {
 public:
  // `random` picks query ids (unpredictable ids make spoofing harder).
  AsioDnsClient(boost::asio::io_context& io, Random& random);
  AsioDnsClient(const AsioDnsClient&) = delete;
  AsioDnsClient& operator=(const AsioDnsClient&) = delete;

  void query(DnsQuery query, std::function<void(DnsResult)> done) override;
  void exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> done) override;

 private:
  boost::asio::io_context& io_;
  Random& random_;
  Lifetime lifetime_;  // last member: ends first
};

}  // namespace dnsfailover::live
