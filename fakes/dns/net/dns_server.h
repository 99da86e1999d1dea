#pragma once
// The network door of a fake DNS server: real UDP and TCP sockets on one
// address and port, answering through serveWire() on the caller's
// io_context (one thread, like the state machines behind it expect).
// TCP connections carry length-prefixed messages (RFC 1035 4.2.2) and are
// closed after 10 s idle.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "engine/core/time.h"
#include "fakes/dns/door.h"

namespace boost::asio {
class io_context;
}

namespace dnsfailover::fakes {

class DnsNetServer {
 public:
  // Binds UDP and TCP on `address`:`port` (0 = any free port, the same for
  // both); throws std::runtime_error when the address cannot be bound.
  // `clock` gives the instant a query arrives.
  DnsNetServer(boost::asio::io_context& io, DnsDoor& door, const std::string& address, uint16_t port,
               std::function<TimePoint()> clock);
  DnsNetServer(const DnsNetServer&) = delete;
  DnsNetServer& operator=(const DnsNetServer&) = delete;
  ~DnsNetServer();

  uint16_t port() const;
  void stop();
  uint64_t udpQueries() const;
  uint64_t tcpQueries() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace dnsfailover::fakes
