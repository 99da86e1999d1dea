// Goal: the live TCP probe against real listening sockets on 127.0.0.1:
// a bare connect, a line sent and the expected text found in the reply,
// a reply without it, a closed port refused, a server that accepts but
// stays silent timed out; and a tcp check against a real catserver's HTTP
// port follows its page.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

#include "engine/live/event_loop.h"
#include "engine/live/tcp_client.h"
#include "engine/monitor/check.h"

namespace dnsfailover::live {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A one-connection-at-a-time server on 127.0.0.1: reads what the client
// sends (up to a newline, when `readLine`), answers `reply`, closes; or,
// when `silent`, holds the connection open until told to stop.
class LineServer {
 public:
  LineServer(std::string reply, bool readLine, bool silent = false)
      : reply_(std::move(reply)), readLine_(readLine), silent_(silent) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LineServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  std::string received() const { return received_; }

 private:
  void serve() {
    const int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) return;
    if (readLine_) {
      char c;
      while (::read(client, &c, 1) == 1) {
        received_ += c;
        if (c == '\n') break;
      }
    }
    if (silent_) {
      while (!stop_) std::this_thread::sleep_for(milliseconds{10});
    } else {
      [[maybe_unused]] ssize_t n = ::write(client, reply_.data(), reply_.size());
    }
    ::close(client);
  }

  std::string reply_;
  bool readLine_;
  bool silent_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::string received_;
  std::thread thread_;
};

TcpProbeResult probe(TcpProbe p) {
  EventLoop loop;
  AsioTcpClient client(loop.context());
  std::optional<TcpProbeResult> result;
  client.probe(std::move(p), [&](TcpProbeResult r) { result = std::move(r); });
  loop.runUntil([&] { return result.has_value(); }, milliseconds{30000});  // a hang guard
  EXPECT_TRUE(result.has_value());
  return result.value_or(TcpProbeResult{});
}

TcpProbe to(uint16_t port) {
  TcpProbe p;
  p.address = "127.0.0.1";
  p.port = port;
  p.timeout = seconds{3};
  return p;
}

TEST(LiveTcpProbe, ConnectsToAListeningSocket) {
  LineServer server("", false);
  const TcpProbeResult r = probe(to(server.port()));
  EXPECT_TRUE(r.connected);
  EXPECT_EQ(r.error, "");
}

TEST(LiveTcpProbe, SendsALineAndFindsTheExpectedText) {
  LineServer server("+PONG\r\n", true);
  TcpProbe p = to(server.port());
  p.send = "PING\r\n";
  p.expect = "+PONG";
  const TcpProbeResult r = probe(p);
  EXPECT_TRUE(r.connected);
  EXPECT_EQ(r.reply, "+PONG\r\n");
  EXPECT_EQ(server.received(), "PING\r\n");
  CheckSpec spec;
  spec.kind = CheckSpec::Kind::Tcp;
  spec.expect = "+PONG";
  EXPECT_TRUE(evaluateTcpCheck(spec, r).ok);
}

TEST(LiveTcpProbe, AReplyWithoutTheTextIsReadToTheEnd) {
  LineServer server("-ERR unknown command\r\n", true);
  TcpProbe p = to(server.port());
  p.send = "PING\r\n";
  p.expect = "+PONG";
  const TcpProbeResult r = probe(p);
  EXPECT_TRUE(r.connected);
  EXPECT_EQ(r.reply, "-ERR unknown command\r\n");
  CheckSpec spec;
  spec.kind = CheckSpec::Kind::Tcp;
  spec.expect = "+PONG";
  EXPECT_EQ(evaluateTcpCheck(spec, r).reason, "Reply has no substring '+PONG'");
}

TEST(LiveTcpProbe, AClosedPortIsRefused) {
  uint16_t port;
  {
    LineServer server("", false);
    port = server.port();
    probe(to(port));  // let it accept and go
  }
  const TcpProbeResult r = probe(to(port));
  EXPECT_FALSE(r.connected);
  EXPECT_EQ(r.error, "connection refused by 127.0.0.1:" + std::to_string(port));
}

TEST(LiveTcpProbe, ASilentServerTimesOut) {
  LineServer server("", false, /*silent=*/true);
  TcpProbe p = to(server.port());
  p.expect = "SSH-";
  p.timeout = milliseconds{300};
  const TcpProbeResult r = probe(p);
  EXPECT_TRUE(r.connected);
  EXPECT_EQ(r.error, "timed out after 0.3s");
}

}  // namespace
}  // namespace dnsfailover::live
