#pragma once
// The HttpClient port on the real network: Boost.Beast over Asio, plain HTTP
// and HTTPS (SNI, certificate and host name verification), many requests in
// flight on one EventLoop thread. Checks (HttpRequest::keepAlive) reuse
// connections and TLS sessions; what is reused and why a check still sees
// a fresh answer is explained in http_session.cpp.
//
// Every failure becomes an HttpResult error that names the peer and the
// phase ("connect 127.0.0.11:8443: connection refused", "read from
// 127.0.0.11:8443: timed out after 3s", "TLS handshake with ...:
// certificate verify failed: ..."); nothing throws out of send() and no
// request outlives its deadline.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/live/event_loop.h"
#include "engine/ports/http_client.h"

namespace dnsfailover::live {

struct HttpClientOptions {
  // Extra PEM file of trusted CAs (a test CA), on top of the system's.
  std::string caFile;
  // Skip the system CA store (tests that must trust only their own CA).
  bool useSystemCaStore = true;
  // Requests beyond this many wait in a FIFO queue; keeps a burst of checks
  // from running out of file descriptors. Their deadline starts when they
  // leave the queue.
  size_t maxInFlight = 512;
  // Keep-alive (requests with HttpRequest::keepAlive, GET and HEAD only):
  // idle connections kept at most, how long one may idle, and how many
  // requests one serves before it is closed. maxIdleConnections = 0 turns
  // reuse off for every request.
  size_t maxIdleConnections = 256;
  std::chrono::milliseconds idleLimit{30'000};
  unsigned maxRequestsPerConnection = 100;
  // TLS sessions kept for resumption, one per connection key.
  size_t tlsSessionCacheSize = 4096;
};

// How much the client reused, for benchmarks and tests.
struct HttpClientStats {
  uint64_t connectionsOpened = 0;  // fresh connections (each its own connect and handshake)
  uint64_t connectionsReused = 0;  // requests that rode on a pooled connection
  uint64_t freshRetries = 0;       // reused connections that failed before any answer byte and were retried
  uint64_t tlsResumed = 0;         // fresh TLS connections whose handshake resumed a session
  size_t idleConnections = 0;
};

class LiveHttpClient final : public HttpClient {
 public:
  // Throws std::runtime_error when the CA file cannot be loaded (a
  // configuration error, reported once at start-up).
  LiveHttpClient(EventLoop& loop, HttpClientOptions options = {});
  LiveHttpClient(const LiveHttpClient&) = delete;
  LiveHttpClient& operator=(const LiveHttpClient&) = delete;
  ~LiveHttpClient() override;

  // `done` runs once, on the loop thread, never inside send(). Results of
  // requests still running when the client is destroyed are dropped: every
  // callback the client hands to the loop or to a hop is guarded by a
  // Lifetime that ends with it. (A hop's Session keeps itself alive with
  // shared_from_this while its own socket I/O is in flight; that is the asio
  // idiom for owning a connection, not a guard, and it outlives the client
  // only until its deadline.)
  void send(HttpRequest request, std::function<void(HttpResult)> done) override;

  size_t inFlight() const;
  size_t queued() const;
  HttpClientStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace dnsfailover::live
