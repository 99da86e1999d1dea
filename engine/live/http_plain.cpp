// Plain-HTTP hops: the TCP socket is the stream.

#include "engine/live/http_session.h"

namespace dnsfailover::live::detail {
namespace {

class PlainSession final : public Session {
 public:
  PlainSession(asio::io_context& io, Hop hop, HopDone done) : Session(io, std::move(hop), std::move(done)), socket_(io) {}

 protected:
  tcp::socket& socket() override { return socket_; }
  void onConnected() override { exchange(socket_); }

 private:
  tcp::socket socket_;
};

}  // namespace

std::shared_ptr<Session> makePlainSession(asio::io_context& io, Hop hop, HopDone done) {
  return std::make_shared<PlainSession>(io, std::move(hop), std::move(done));
}

}  // namespace dnsfailover::live::detail
