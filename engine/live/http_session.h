#pragma once
// Internal to the live HTTP client: one hop (one request, one response, on
// a fresh connection or on one kept alive from an earlier hop with the
// same key, http_pool.h). The base class resolves, connects, enforces the
// deadline and decides whether the connection may be kept; PlainSession
// and TlsSession (separate translation units, so -j2 compiles them in
// parallel) add the stream on top. Heavy headers: include only from
// engine/live/http_*.cpp.

#include <utility>  // before asio: Boost 1.74's awaitable.hpp uses std::exchange without it under C++20

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>  // async_read_header too
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/core/url.h"
#include "engine/live/http_pool.h"
#include "engine/ports/http_client.h"

namespace dnsfailover::live::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct Hop {
  Url url;
  std::string method;
  HttpHeaders headers;
  std::string body;
  std::optional<std::string> connectTo;
  bool verifyTls = true;
  size_t maxBodyBytes = 1 << 20;
  std::chrono::steady_clock::time_point deadline;
  Duration timeout{};  // the whole request's budget, for the error message
  // May ride on a pooled connection and leave its own in the pool (checks:
  // GET and HEAD only, see http_client.cpp).
  bool keepAlive = false;

  // What a connection must match to carry this hop: scheme, host (which is
  // also SNI and the certificate name), port, connect-to, verify flag.
  std::string connectionKey() const;
};

using HopDone = std::function<void(HttpResult)>;

// "connection refused" rather than "Connection refused": errors are
// embedded after a colon.
std::string describe(const error_code& ec);

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `pool` (never null) is where a keep-alive hop looks for a connection
  // and leaves its own, and what counts connections.
  Session(asio::io_context& io, Hop hop, HopDone done, std::shared_ptr<ConnectionPool> pool);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  virtual ~Session() = default;

  // Arms the deadline and starts on a pooled connection or by resolving;
  // completes through `done`.
  void start();

 protected:
  // A new, unconnected connection for this hop (replacing any other).
  virtual void openFresh() = 0;
  // Takes over a pooled connection of this hop's key (made by the same
  // kind of session, since the key holds the scheme).
  virtual void adopt(std::shared_ptr<Connection> pooled) = 0;
  virtual std::shared_ptr<Connection> connection() = 0;
  virtual tcp::socket& socket() = 0;
  // Connected: handshake if any, then exchange().
  virtual void onConnected() = 0;
  // On a pooled connection: straight to exchange().
  virtual void onReused() = 0;
  // TLS: the peer closed without close_notify, which ends an EOF-delimited
  // body just as a plain close does.
  virtual bool isTruncation(const error_code&) const { return false; }

  // Writes the request and reads the response on `stream`; a template so
  // both streams share it (instantiated in each stream's TU).
  template <class Stream>
  void exchange(Stream& stream);

  void fail(const std::string& phase, const error_code& ec);
  // fail(), unless retryOnFresh() takes the hop over.
  void failOrRetry(const std::string& phase, const error_code& ec);
  void failWith(const std::string& phase, const std::string& what);
  void finish(HttpResult result);
  bool finished() const { return finished_; }

  const Hop& hop() const { return hop_; }
  ConnectionPool& pool() { return *pool_; }
  const std::string& peer() const { return peer_; }
  void setPhase(std::string phase) { phase_ = std::move(phase); }

 private:
  void resolve();
  void connectNext();
  void onDeadline();
  http::request<http::string_body> buildRequest() const;
  void onResponse(const error_code& ec);
  // The header announced more than maxBodyBytes (answered as body_limit).
  bool bodyTooLong() const;
  // See the .cpp: a reused connection that failed before any byte of the
  // answer arrived is replaced by a fresh one, once.
  bool retryOnFresh();
  void complete(HttpResult result, bool keepConnection);

  asio::io_context& io_;
  Hop hop_;
  HopDone done_;
  std::shared_ptr<ConnectionPool> pool_;
  bool reused_ = false;   // this attempt runs on a pooled connection
  bool retried_ = false;  // the one fresh retry was spent
  asio::steady_timer deadline_;
  tcp::resolver resolver_;
  std::vector<tcp::endpoint> endpoints_;
  size_t nextEndpoint_ = 0;
  std::string peer_;   // "127.0.0.11:8443", the address being talked to
  std::string phase_;  // "connect 127.0.0.11:8443", for the timeout message
  bool finished_ = false;

  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::optional<http::response_parser<http::string_body>> parser_;
};

template <class Stream>
void Session::exchange(Stream& stream) {
  request_ = buildRequest();
  setPhase("send to " + peer_);
  http::async_write(stream, request_, [self = shared_from_this(), &stream](const error_code& ec, size_t) {
    if (self->finished()) return;
    if (ec) return self->failOrRetry("send to " + self->peer(), ec);
    self->parser_.emplace();
    self->parser_->body_limit(self->hop_.maxBodyBytes);
    self->parser_->header_limit(64 * 1024);
    if (self->hop_.method == "HEAD") self->parser_->skip(true);
    self->setPhase("read from " + self->peer());
    // Header first: Beast 1.74's eager parse (async_read) drops the
    // body_limit error for a Content-Length that arrives together with the
    // body, so the declared length is checked here before reading on.
    http::async_read_header(stream, self->buffer_, *self->parser_, [self, &stream](const error_code& headerError, size_t) {
      if (self->finished()) return;
      if (headerError || self->parser_->is_done() || self->bodyTooLong()) return self->onResponse(headerError);
      http::async_read(stream, self->buffer_, *self->parser_,
                       [self](const error_code& readError, size_t) { self->onResponse(readError); });
    });
  });
}

// Builders of the two kinds of hop, each in its own TU.
std::shared_ptr<Session> makePlainSession(asio::io_context& io, Hop hop, HopDone done,
                                          std::shared_ptr<ConnectionPool> pool);

class TlsContexts;
// Throws std::runtime_error naming the CA file when it cannot be loaded.
// Keeps up to `sessionCacheSize` TLS sessions for resumption (0: none).
std::shared_ptr<TlsContexts> makeTlsContexts(const std::string& caFile, bool useSystemStore, size_t sessionCacheSize);
std::shared_ptr<Session> makeTlsSession(asio::io_context& io, std::shared_ptr<TlsContexts> contexts, Hop hop,
                                        HopDone done, std::shared_ptr<ConnectionPool> pool);

}  // namespace dnsfailover::live::detail
