// Plain-HTTP hops: the TCP socket is the stream.

#include "engine/live/http_session.h"

namespace dnsfailover::live::detail {
namespace {

class PlainConnection final : public Connection {
 public:
  PlainConnection(asio::io_context& io, std::string key) : Connection(std::move(key)), socket(io) {}
  int nativeHandle() override { return socket.is_open() ? static_cast<int>(socket.native_handle()) : -1; }

  tcp::socket socket;
};

class PlainSession final : public Session {
 public:
  PlainSession(asio::io_context& io, Hop hop, HopDone done, std::shared_ptr<ConnectionPool> pool)
      : Session(io, std::move(hop), std::move(done), std::move(pool)), io_(io) {}

 protected:
  void openFresh() override { connection_ = std::make_shared<PlainConnection>(io_, hop().connectionKey()); }
  void adopt(std::shared_ptr<Connection> pooled) override {
    // The key starts with the scheme, so an http:// key holds only these.
    connection_ = std::static_pointer_cast<PlainConnection>(std::move(pooled));
  }
  std::shared_ptr<Connection> connection() override { return connection_; }
  tcp::socket& socket() override { return connection_->socket; }
  void onConnected() override { exchange(connection_->socket); }
  void onReused() override { exchange(connection_->socket); }

 private:
  asio::io_context& io_;
  std::shared_ptr<PlainConnection> connection_;
};

}  // namespace

std::shared_ptr<Session> makePlainSession(asio::io_context& io, Hop hop, HopDone done,
                                          std::shared_ptr<ConnectionPool> pool) {
  return std::make_shared<PlainSession>(io, std::move(hop), std::move(done), std::move(pool));
}

}  // namespace dnsfailover::live::detail
