#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include "fakes/dns/net/dns_server.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <array>
#include <boost/asio.hpp>
#include <stdexcept>
#include <vector>

#include "fakes/dns/wire_door.h"

namespace dnsfailover::fakes {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

constexpr auto kTcpIdle = std::chrono::seconds{10};

// One TCP connection: read a length, read a message, answer, repeat.
class TcpSession : public std::enable_shared_from_this<TcpSession> {
 public:
  TcpSession(tcp::socket socket, DnsDoor& door, std::function<TimePoint()> clock, uint64_t& counter)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), door_(door), clock_(std::move(clock)),
        counter_(counter) {}

  void start() { readLength(); }

 private:
  void arm() {
    timer_.expires_after(kTcpIdle);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->close();
    });
  }
  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    timer_.cancel();
  }
  void readLength() {
    arm();
    asio::async_read(socket_, asio::buffer(length_), [self = shared_from_this()](boost::system::error_code ec, size_t) {
      if (ec) return self->close();
      self->message_.resize(static_cast<size_t>(self->length_[0] << 8 | self->length_[1]));
      self->readMessage();
    });
  }
  void readMessage() {
    asio::async_read(socket_, asio::buffer(message_), [self = shared_from_this()](boost::system::error_code ec, size_t) {
      if (ec) return self->close();
      ++self->counter_;
      std::vector<uint8_t> reply = serveWire(self->door_, self->message_, self->clock_(), DnsTransport::Tcp);
      if (reply.empty() || reply.size() > 65535) return self->close();
      self->out_.clear();
      self->out_.push_back(static_cast<uint8_t>(reply.size() >> 8));
      self->out_.push_back(static_cast<uint8_t>(reply.size() & 0xff));
      self->out_.insert(self->out_.end(), reply.begin(), reply.end());
      asio::async_write(self->socket_, asio::buffer(self->out_), [self](boost::system::error_code wec, size_t) {
        if (wec) return self->close();
        self->readLength();
      });
    });
  }

  tcp::socket socket_;
  asio::steady_timer timer_;
  DnsDoor& door_;
  std::function<TimePoint()> clock_;
  uint64_t& counter_;
  std::array<uint8_t, 2> length_{};
  std::vector<uint8_t> message_;
  std::vector<uint8_t> out_;
};

}  // namespace

struct DnsNetServer::Impl : std::enable_shared_from_this<DnsNetServer::Impl> {
  Impl(asio::io_context& io, DnsDoor& d, std::function<TimePoint()> c)
      : udpSocket(io), acceptor(io), door(d), clock(std::move(c)) {}

  // Waits until datagrams are there, then drains them in batches: one
  // recvmmsg takes up to kBatch queries and one sendmmsg sends their
  // answers, instead of a reactor round trip and two system calls for each
  // (under dnsperf those were most of the door's CPU).
  void receive() {
    udpSocket.async_wait(udp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
      if (ec == asio::error::operation_aborted || !self->udpSocket.is_open()) return;
      if (!ec) self->drain();
      self->receive();
    });
  }

  void drain() {
    const int fd = udpSocket.native_handle();
    for (int round = 0; round < kRoundsPerWake; ++round) {
      for (size_t i = 0; i < kBatch; ++i) {
        inIov[i] = {in.data() + i * kDatagramBytes, kDatagramBytes};
        inMsgs[i] = {};
        inMsgs[i].msg_hdr.msg_name = &peers[i];
        inMsgs[i].msg_hdr.msg_namelen = sizeof peers[i];
        inMsgs[i].msg_hdr.msg_iov = &inIov[i];
        inMsgs[i].msg_hdr.msg_iovlen = 1;
      }
      const int got = ::recvmmsg(fd, inMsgs.data(), kBatch, MSG_DONTWAIT, nullptr);
      if (got <= 0) return;  // nothing more now (EAGAIN) or an error the next wake sees again
      udpCount += static_cast<uint64_t>(got);
      size_t replies = 0;
      for (int i = 0; i < got; ++i) {
        const std::span<const uint8_t> query(in.data() + static_cast<size_t>(i) * kDatagramBytes, inMsgs[i].msg_len);
        out[replies] = serveWire(door, query, clock(), DnsTransport::Udp);
        if (out[replies].empty()) continue;
        outIov[replies] = {out[replies].data(), out[replies].size()};
        outMsgs[replies] = {};
        outMsgs[replies].msg_hdr.msg_name = &peers[i];
        outMsgs[replies].msg_hdr.msg_namelen = inMsgs[i].msg_hdr.msg_namelen;
        outMsgs[replies].msg_hdr.msg_iov = &outIov[replies];
        outMsgs[replies].msg_hdr.msg_iovlen = 1;
        ++replies;
      }
      size_t sent = 0;
      while (sent < replies) {
        const int n = ::sendmmsg(fd, outMsgs.data() + sent, static_cast<unsigned>(replies - sent), MSG_DONTWAIT);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      // A full send buffer: wait for room, one answer at a time, as a
      // blocking send would; answers are never dropped by the door itself.
      for (; sent < replies; ++sent) {
        boost::system::error_code ignored;
        udpSocket.wait(udp::socket::wait_write, ignored);
        ::sendmsg(fd, &outMsgs[sent].msg_hdr, 0);
      }
      if (static_cast<size_t>(got) < kBatch) return;
    }
  }

  // 16 datagrams of the largest UDP size: 1 MB per server, allocated once.
  static constexpr size_t kBatch = 16;
  static constexpr size_t kDatagramBytes = 65536;
  // Batches per wake before other work on the loop (TCP, timers) gets a turn.
  static constexpr int kRoundsPerWake = 8;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !self->acceptor.is_open()) return;
      if (!ec) std::make_shared<TcpSession>(std::move(socket), self->door, self->clock, self->tcpCount)->start();
      self->accept();
    });
  }

  udp::socket udpSocket;
  tcp::acceptor acceptor;
  DnsDoor& door;
  std::function<TimePoint()> clock;
  std::vector<uint8_t> in = std::vector<uint8_t>(kBatch * kDatagramBytes);
  std::array<sockaddr_storage, kBatch> peers{};
  std::array<iovec, kBatch> inIov{};
  std::array<mmsghdr, kBatch> inMsgs{};
  std::array<std::vector<uint8_t>, kBatch> out;
  std::array<iovec, kBatch> outIov{};
  std::array<mmsghdr, kBatch> outMsgs{};
  uint64_t udpCount = 0;
  uint64_t tcpCount = 0;
  uint16_t boundPort = 0;
};

DnsNetServer::DnsNetServer(asio::io_context& io, DnsDoor& door, const std::string& address, uint16_t port,
                           std::function<TimePoint()> clock)
    : impl_(std::make_shared<Impl>(io, door, std::move(clock))) {
  boost::system::error_code ec;
  const asio::ip::address ip = asio::ip::make_address(address, ec);
  if (ec) throw std::runtime_error("not an IP address: " + address);
  // With port 0 the kernel picks the UDP port; TCP may find it taken, so
  // try a few times before giving up.
  for (int attempt = 0; attempt < 20; ++attempt) {
    impl_->udpSocket = udp::socket(io);
    impl_->udpSocket.open(ip.is_v4() ? udp::v4() : udp::v6());
    impl_->udpSocket.bind({ip, port}, ec);
    if (ec) throw std::runtime_error("cannot bind udp " + address + ":" + std::to_string(port) + ": " + ec.message());
    const uint16_t bound = impl_->udpSocket.local_endpoint().port();
    impl_->acceptor = tcp::acceptor(io);
    impl_->acceptor.open(ip.is_v4() ? tcp::v4() : tcp::v6());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind({ip, bound}, ec);
    if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) {
      impl_->boundPort = bound;
      break;
    }
    if (port != 0) throw std::runtime_error("cannot bind tcp " + address + ":" + std::to_string(port) + ": " + ec.message());
  }
  if (ec) throw std::runtime_error("cannot find a free port for udp+tcp on " + address);
  impl_->receive();
  impl_->accept();
}

DnsNetServer::~DnsNetServer() { stop(); }

uint16_t DnsNetServer::port() const { return impl_->boundPort; }

void DnsNetServer::stop() {
  boost::system::error_code ignored;
  impl_->udpSocket.close(ignored);
  impl_->acceptor.close(ignored);
}

uint64_t DnsNetServer::udpQueries() const { return impl_->udpCount; }
uint64_t DnsNetServer::tcpQueries() const { return impl_->tcpCount; }

}  // namespace dnsfailover::fakes
