#pragma once
// The real network door of an HTTP fake: serves any fakes::HttpDoor over
// cpp-httplib, plain HTTP or HTTPS, on a given 127.0.0.x:port, from a
// small thread pool. Each request reaches the door as an HttpRequest with
// the full URL (scheme, Host header, target), the time from the server's
// clock and the peer's address. Door calls are serialised: a fake is a
// single-threaded state machine.
//
// A fakes::TimedDoor is honoured like the simulated network does: the
// answer leaves after DoorReply::delay, and a reply with answered = false
// keeps the connection silent (the client times out) until maxSilence has
// passed or the server stops. Neither holds the door lock.
//
// httplib stays out of this header: it drags in <resolv.h>, whose macros
// (NOERROR, NXDOMAIN, ...) break DNS code that includes this.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/time.h"
#include "fakes/http_door.h"
#include "fakes/net/test_cert.h"

namespace dnsfailover::fakes::net {

// UTC from the system clock: the default time source of a door.
TimePoint systemUtcNow();

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // an IPv4 literal to bind
  uint16_t port = 0;                   // 0 = pick a free port (see port())
  bool https = false;
  // Certificate for https, in memory or as files. With https and neither,
  // the server makes a self-signed one for `address` (selfSignedCaPem()).
  std::optional<PemPair> tlsPem;
  std::string tlsCertFile;
  std::string tlsKeyFile;
  size_t threads = 4;
  // What "now" is for the door; catserver passes an accelerated clock.
  // Called from the server's threads.
  std::function<TimePoint()> clock = systemUtcNow;
  // How long an unanswered request (TimedDoor, answered = false) holds its
  // connection before the server sends the 504 an edge proxy would.
  Duration maxSilence = std::chrono::seconds{30};
  // HTTP keep-alive: requests one connection serves before the server
  // closes it (the last answer says "Connection: close"), and how long it
  // waits for the next request before closing an idle connection silently.
  // Each open connection holds one of the threads.
  size_t keepAliveMaxRequests = 5;
  std::chrono::seconds keepAliveTimeout{5};
};

class HttpServer {
 public:
  HttpServer(HttpDoor& door, HttpServerOptions options);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  ~HttpServer();  // stops

  // Binds and starts serving on a thread; throws std::runtime_error naming
  // the address when it cannot (port in use, bad certificate, ...).
  void start();
  // Stops accepting and joins the thread; idempotent; any thread but the
  // server's own.
  void stop();

  uint16_t port() const { return port_; }
  std::string hostPort() const;  // "127.0.0.11:8443"
  std::string baseUrl() const;   // "https://127.0.0.11:8443"
  // The self-signed certificate made when https had no certificate given.
  const std::string& selfSignedCaPem() const { return selfSignedCaPem_; }
  uint64_t requestsServed() const;
  // Distinct client connections (peer address and port) that sent a request.
  uint64_t connectionsSeen() const;

 private:
  struct Impl;
  HttpDoor& door_;
  HttpServerOptions options_;
  uint16_t port_ = 0;
  std::string selfSignedCaPem_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dnsfailover::fakes::net
