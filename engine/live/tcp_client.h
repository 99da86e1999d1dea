#pragma once
// The TcpClient port on real sockets (Boost.Asio): connect to the probe's
// address and port, send its bytes, read until the expected text arrives,
// the peer closes, the size limit is reached or the probe's timeout (which
// covers the whole probe) ends. Results are delivered on the io_context's
// thread, never inside probe(); results of probes still running when the
// client is destroyed are dropped (a Lifetime guards them). Each probe's
// Exchange keeps itself alive with shared_from_this while its socket and
// timer are busy, as the DNS client's do; it ends at the timeout at the
// latest.
//
// Asio stays out of this header; only tcp_client.cpp pays for it.

#include "engine/core/lifetime.h"
#include "engine/ports/tcp_client.h"

namespace boost::asio {
class io_context;
}

namespace dnsfailover::live {

class AsioTcpClient final : public TcpClient {
 public:
  explicit AsioTcpClient(boost::asio::io_context& io);
  AsioTcpClient(const AsioTcpClient&) = delete;
  AsioTcpClient& operator=(const AsioTcpClient&) = delete;

  void probe(TcpProbe probe, std::function<void(TcpProbeResult)> done) override;

 private:
  boost::asio::io_context& io_;
  Lifetime lifetime_;  // last member: ends first
};

}  // namespace dnsfailover::live
