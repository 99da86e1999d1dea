#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include "engine/live/tcp_client.h"

#include <array>
#include <boost/asio.hpp>
#include <memory>

namespace dnsfailover::live {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// One probe from connect to result; owns its socket and timer.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::io_context& io, TcpProbe probe, std::function<void(TcpProbeResult)> done)
      : socket_(io), timer_(io), probe_(std::move(probe)), done_(std::move(done)) {}

  void start(const asio::ip::address& address) {
    timer_.expires_after(probe_.timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->finish("timed out after " + formatDuration(self->probe_.timeout));
    });
    socket_.async_connect({address, probe_.port}, [self = shared_from_this()](boost::system::error_code ec) {
      if (self->finished_) return;
      if (ec == asio::error::connection_refused) return self->finish("connection refused by " + self->where());
      if (ec) return self->finish("connect to " + self->where() + " failed: " + ec.message());
      self->result_.connected = true;
      self->sendThenRead();
    });
  }

 private:
  std::string where() const { return probe_.address + ":" + std::to_string(probe_.port); }

  void sendThenRead() {
    if (probe_.send.empty()) return readOrFinish();
    asio::async_write(socket_, asio::buffer(probe_.send), [self = shared_from_this()](boost::system::error_code ec, size_t) {
      if (self->finished_) return;
      if (ec) return self->finish("send to " + self->where() + " failed: " + ec.message());
      self->readOrFinish();
    });
  }

  void readOrFinish() {
    if (probe_.expect.empty()) return finish({});
    socket_.async_read_some(asio::buffer(in_), [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (self->finished_) return;
      std::string& reply = self->result_.reply;
      reply.append(self->in_.data(), std::min(n, self->probe_.maxReplyBytes - reply.size()));
      // Found, or the peer closed, or nothing more may be read: judge now.
      if (reply.find(self->probe_.expect) != std::string::npos || ec == asio::error::eof ||
          reply.size() >= self->probe_.maxReplyBytes) {
        return self->finish({});
      }
      if (ec) return self->finish("read from " + self->where() + " failed: " + ec.message());
      self->readOrFinish();
    });
  }

  void finish(std::string error) {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    result_.error = std::move(error);
    auto done = std::move(done_);
    done(std::move(result_));
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  TcpProbe probe_;
  std::function<void(TcpProbeResult)> done_;
  TcpProbeResult result_;
  std::array<char, 4096> in_{};
  bool finished_ = false;
};

}  // namespace

AsioTcpClient::AsioTcpClient(asio::io_context& io) : io_(io) {}

void AsioTcpClient::probe(TcpProbe probe, std::function<void(TcpProbeResult)> unguarded) {
  std::function<void(TcpProbeResult)> done = lifetime_.guard(std::move(unguarded));
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(probe.address, ec);
  if (ec || probe.port == 0) {
    TcpProbeResult bad;
    bad.error = "not an IP address and port: \"" + probe.address + ":" + std::to_string(probe.port) + "\"";
    asio::post(io_, [done = std::move(done), bad] { done(bad); });
    return;
  }
  auto exchange = std::make_shared<Exchange>(io_, std::move(probe), std::move(done));
  // Started from the loop, so `done` never runs inside probe().
  asio::post(io_, [exchange, address] { exchange->start(address); });
}

}  // namespace dnsfailover::live
