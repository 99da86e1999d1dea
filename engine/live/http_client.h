#pragma once
// The HttpClient port on the real network: Boost.Beast over Asio, plain HTTP
// and HTTPS (SNI, certificate and host name verification), many requests in
// flight on one EventLoop thread.
//
// Every failure becomes an HttpResult error that names the peer and the
// phase ("connect 127.0.0.11:8443: connection refused", "read from
// 127.0.0.11:8443: timed out after 3s", "TLS handshake with ...:
// certificate verify failed: ..."); nothing throws out of send() and no
// request outlives its deadline.

#include <cstddef>
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

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace dnsfailover::live
