#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include "engine/live/dns_client.h"

#include <array>
#include <boost/asio.hpp>
#include <chrono>
#include <vector>

#include "engine/live/dns_wire.h"

namespace dnsfailover::live {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

constexpr uint16_t kEdnsSize = 1232;

// True when `reply` answers `query` (same id and question); a reply
// without a question is accepted only as an error (FORMERR and the like).
bool answers(const dns::Message& reply, const dns::Message& query) {
  if (!reply.qr || reply.id != query.id) return false;
  if (reply.questions.empty()) return reply.rcode != dns::Rcode::NoError;
  return reply.questions.size() == 1 && reply.questions.front().name == query.questions.front().name &&
         reply.questions.front().type == query.questions.front().type;
}

// One query from start to result; owns its sockets and timer.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(asio::io_context& io, DnsQuery query, dns::Message message, std::vector<uint8_t> wire,
           std::function<void(DnsResult)> done)
      : udp_(io), tcp_(io), timer_(io), query_(std::move(query)), message_(std::move(message)),
        wire_(std::move(wire)), done_(std::move(done)), started_(Clock::now()) {}

  // A raw exchange: `wire` goes out as it is and the reply's bytes come
  // back; a reply is ours when it is a response with our id.
  Exchange(asio::io_context& io, DnsQuery endpoint, std::vector<uint8_t> wire, bool tcpOnly,
           std::function<void(DnsWireResult)> done)
      : udp_(io), tcp_(io), timer_(io), query_(std::move(endpoint)), wire_(std::move(wire)),
        doneWire_(std::move(done)), started_(Clock::now()), raw_(true), tcpOnly_(tcpOnly) {}

  void start(const asio::ip::address& server) {
    server_ = server;
    timer_.expires_after(query_.timeout);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->fail("timed out after " + formatDuration(self->query_.timeout));
    });
    if (tcpOnly_) return startTcp();
    boost::system::error_code ec;
    udp_.open(server.is_v4() ? udp::v4() : udp::v6(), ec);
    // Connecting makes the kernel drop datagrams from other peers and
    // report ICMP port unreachable as connection_refused.
    if (!ec) udp_.connect({server, query_.port}, ec);
    if (ec) return fail("cannot open a UDP socket to " + where() + ": " + ec.message());
    udp_.async_send(asio::buffer(wire_), [self = shared_from_this()](boost::system::error_code sec, size_t) {
      if (sec) return self->fail("cannot send to " + self->where() + ": " + sec.message());
      self->receiveUdp();
    });
  }

 private:
  std::string where() const { return query_.server + ":" + std::to_string(query_.port); }

  void receiveUdp() {
    udp_.async_receive(asio::buffer(in_), [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      if (self->finished_) return;
      if (ec == asio::error::connection_refused) return self->fail("connection refused by " + self->where());
      if (ec) return self->fail("receive from " + self->where() + " failed: " + ec.message());
      self->onReply(std::span<const uint8_t>(self->in_.data(), n), /*overTcp=*/false);
    });
  }

  void onReply(std::span<const uint8_t> bytes, bool overTcp) {
    if (raw_) return onRawReply(bytes, overTcp);
    DecodedMessage decoded = decodeMessage(bytes);
    if (!decoded.message) return fail("malformed reply from " + where() + ": " + decoded.error);
    if (!answers(*decoded.message, message_)) {
      if (overTcp) return fail("reply from " + where() + " does not match the query");
      return receiveUdp();  // a stray datagram: keep waiting for ours
    }
    if (decoded.message->tc && !overTcp) return startTcp();
    succeed(std::move(*decoded.message));
  }

  void onRawReply(std::span<const uint8_t> bytes, bool overTcp) {
    const bool ours = bytes.size() >= 12 && (bytes[2] & 0x80) != 0 && bytes[0] == wire_[0] && bytes[1] == wire_[1];
    if (!ours) {
      if (overTcp) return fail("reply from " + where() + " does not match the request");
      return receiveUdp();  // a stray datagram: keep waiting for ours
    }
    if ((bytes[2] & 0x02) != 0 && !overTcp) return startTcp();
    if (finished_) return;
    finished_ = true;
    closeAll();
    auto done = std::move(doneWire_);
    done(DnsWireResult::success(std::vector<uint8_t>(bytes.begin(), bytes.end()), elapsed()));
  }

  void startTcp() {
    boost::system::error_code ignored;
    udp_.close(ignored);
    tcp_.async_connect({server_, query_.port}, [self = shared_from_this()](boost::system::error_code ec) {
      if (self->finished_) return;
      if (ec) return self->fail("TCP connect to " + self->where() + " failed: " + ec.message());
      self->framed_.clear();
      self->framed_.push_back(static_cast<uint8_t>(self->wire_.size() >> 8));
      self->framed_.push_back(static_cast<uint8_t>(self->wire_.size() & 0xff));
      self->framed_.insert(self->framed_.end(), self->wire_.begin(), self->wire_.end());
      asio::async_write(self->tcp_, asio::buffer(self->framed_), [self](boost::system::error_code wec, size_t) {
        if (self->finished_) return;
        if (wec) return self->fail("TCP send to " + self->where() + " failed: " + wec.message());
        self->readTcpLength();
      });
    });
  }

  void readTcpLength() {
    asio::async_read(tcp_, asio::buffer(length_), [self = shared_from_this()](boost::system::error_code ec, size_t) {
      if (self->finished_) return;
      if (ec) return self->fail("TCP read from " + self->where() + " failed: " + ec.message());
      const size_t size = static_cast<size_t>(self->length_[0] << 8 | self->length_[1]);
      self->tcpIn_.resize(size);
      asio::async_read(self->tcp_, asio::buffer(self->tcpIn_), [self](boost::system::error_code rec, size_t) {
        if (self->finished_) return;
        if (rec) return self->fail("TCP read from " + self->where() + " failed: " + rec.message());
        self->onReply(self->tcpIn_, /*overTcp=*/true);
      });
    });
  }

  Duration elapsed() const { return std::chrono::duration_cast<Duration>(Clock::now() - started_); }

  void closeAll() {
    timer_.cancel();
    boost::system::error_code ignored;
    udp_.close(ignored);
    tcp_.close(ignored);
  }
  void finish(DnsResult result) {
    if (finished_) return;
    finished_ = true;
    closeAll();
    auto done = std::move(done_);
    done(std::move(result));
  }
  void fail(std::string error) {
    if (!raw_) return finish(DnsResult::failure(std::move(error), elapsed()));
    if (finished_) return;
    finished_ = true;
    closeAll();
    auto done = std::move(doneWire_);
    done(DnsWireResult::failure(std::move(error), elapsed()));
  }
  void succeed(dns::Message reply) { finish(DnsResult::success(std::move(reply), elapsed())); }

  udp::socket udp_;
  tcp::socket tcp_;
  asio::steady_timer timer_;
  DnsQuery query_;
  dns::Message message_;
  std::vector<uint8_t> wire_;
  std::function<void(DnsResult)> done_;
  std::function<void(DnsWireResult)> doneWire_;
  Clock::time_point started_;
  bool raw_ = false;
  bool tcpOnly_ = false;
  asio::ip::address server_;
  std::array<uint8_t, 65536> in_{};
  std::array<uint8_t, 2> length_{};
  std::vector<uint8_t> tcpIn_;
  std::vector<uint8_t> framed_;
  bool finished_ = false;
};

}  // namespace

AsioDnsClient::AsioDnsClient(asio::io_context& io, Random& random) : io_(io), random_(random) {}

void AsioDnsClient::query(DnsQuery query, std::function<void(DnsResult)> unguarded) {
  std::function<void(DnsResult)> done = lifetime_.guard(std::move(unguarded));
  dns::Message message;
  message.id = static_cast<uint16_t>(random_.next());
  message.rd = query.recursionDesired;
  message.questions.push_back({dns::normalizeName(query.name), query.type, dns::kClassIn});
  message.ednsUdpSize = kEdnsSize;
  boost::system::error_code ec;
  const asio::ip::address server = asio::ip::make_address(query.server, ec);
  std::optional<std::vector<uint8_t>> wire = ec ? std::nullopt : encodeMessage(message);
  if (!wire) {
    const std::string why = ec ? "not an IP address: \"" + query.server + "\"" : "cannot encode a query for \"" + query.name + "\"";
    asio::post(io_, [done = std::move(done), why] { done(DnsResult::failure(why, Duration{0})); });
    return;
  }
  auto exchange = std::make_shared<Exchange>(io_, std::move(query), std::move(message), std::move(*wire), std::move(done));
  // Started from the loop, so `done` never runs inside query().
  asio::post(io_, [exchange, server] { exchange->start(server); });
}

void AsioDnsClient::exchange(DnsWireExchange exchange, std::function<void(DnsWireResult)> unguarded) {
  std::function<void(DnsWireResult)> done = lifetime_.guard(std::move(unguarded));
  boost::system::error_code ec;
  const asio::ip::address server = asio::ip::make_address(exchange.server, ec);
  if (ec || exchange.message.size() < 12 || exchange.message.size() > 65535) {
    const std::string why = ec ? "not an IP address: \"" + exchange.server + "\"" : "message is not 12..65535 bytes";
    asio::post(io_, [done = std::move(done), why] { done(DnsWireResult::failure(why, Duration{0})); });
    return;
  }
  DnsQuery endpoint;
  endpoint.server = exchange.server;
  endpoint.port = exchange.port;
  endpoint.timeout = exchange.timeout;
  auto running = std::make_shared<Exchange>(io_, std::move(endpoint), std::move(exchange.message), exchange.tcpOnly,
                                            std::move(done));
  asio::post(io_, [running, server] { running->start(server); });
}

}  // namespace dnsfailover::live
