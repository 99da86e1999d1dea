// The transport-independent half of one HTTP hop: taking a pooled
// connection or resolving and connecting (each resolved address in turn),
// the deadline, the request message, the response parsing, and whether the
// connection goes back to the pool.
//
// Why reuse is safe for a monitor (docs/performance.md, "Keep-alive"):
// every hop writes a new request and reads a whole new response; no answer
// is cached, so a changed page shows on the very next check. A pooled
// connection is dropped when the server closed it, sent anything unasked,
// idled past the pool's limit or served its maximum of requests; a reused
// connection that fails before any byte of the answer arrived is retried
// once on a fresh one (the server closing an idle connection just as we
// write is a race no check can avoid), and any other failure is the
// check's result. TLS: a fresh connection verifies the certificate on its
// full handshake; a resumed session was verified when it was made, for the
// same key (host, port, connect-to, verify flag).

#include "engine/live/http_session.h"

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/error.hpp>
#include <cctype>

namespace dnsfailover::live::detail {

std::string describe(const error_code& ec) {
  std::string text = ec.message();
  if (!text.empty() && std::isupper(static_cast<unsigned char>(text[0])) &&
      !(text.size() > 1 && std::isupper(static_cast<unsigned char>(text[1])))) {  // keep "TLS", "SSL"
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  }
  return text;
}

std::string Hop::connectionKey() const {
  std::string key = url.scheme + "://" + url.host + ":" + std::to_string(url.port);
  if (connectTo) key += " via " + *connectTo;
  if (!verifyTls) key += " noverify";
  return key;
}

Session::Session(asio::io_context& io, Hop hop, HopDone done, std::shared_ptr<ConnectionPool> pool)
    : io_(io),
      hop_(std::move(hop)),
      done_(std::move(done)),
      pool_(std::move(pool)),
      deadline_(io),
      resolver_(io) {}

void Session::start() {
  deadline_.expires_at(hop_.deadline);
  deadline_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (!ec) self->onDeadline();
  });
  if (hop_.keepAlive) {
    if (auto pooled = pool_->take(hop_.connectionKey(), std::chrono::steady_clock::now())) {
      reused_ = true;
      peer_ = pooled->peer();
      adopt(std::move(pooled));
      return onReused();
    }
  }
  openFresh();
  resolve();
}

bool Session::retryOnFresh() {
  // After a byte of the answer, the server did answer: whatever went wrong
  // then is what the check saw. A fresh connection's failure is final too.
  const bool answerStarted = buffer_.size() != 0 || (parser_ && parser_->got_some());
  if (!reused_ || retried_ || answerStarted || finished_) return false;
  retried_ = true;
  reused_ = false;
  pool_->countRetry();
  parser_.reset();
  buffer_.clear();
  endpoints_.clear();
  nextEndpoint_ = 0;
  openFresh();  // the old connection closes as it is released
  resolve();
  return true;
}

void Session::failOrRetry(const std::string& phase, const error_code& ec) {
  if (!retryOnFresh()) fail(phase, ec);
}

void Session::onDeadline() {
  if (finished_) return;
  failWith(phase_, "timed out after " + formatDuration(hop_.timeout));
}

void Session::resolve() {
  const std::string port = std::to_string(hop_.url.port);
  // okerr's addr=: connect there, whatever the name resolves to.
  const std::string& literal = hop_.connectTo ? *hop_.connectTo : hop_.url.host;
  error_code ec;
  const auto address = asio::ip::make_address(literal, ec);
  if (!ec) {
    endpoints_.emplace_back(address, hop_.url.port);
    return connectNext();
  }
  if (hop_.connectTo) return failWith("", "bad connect-to address \"" + literal + "\"");
  setPhase("resolve " + hop_.url.host);
  resolver_.async_resolve(hop_.url.host, port,
                          [self = shared_from_this()](const error_code& error, tcp::resolver::results_type results) {
                            if (self->finished_) return;
                            if (error) return self->fail("resolve " + self->hop_.url.host, error);
                            for (const auto& entry : results) self->endpoints_.push_back(entry.endpoint());
                            if (self->endpoints_.empty()) {
                              return self->failWith("resolve " + self->hop_.url.host, "no addresses");
                            }
                            self->connectNext();
                          });
}

static std::string endpointText(const tcp::endpoint& ep) {
  const std::string address = ep.address().to_string();
  return (ep.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(ep.port());
}

void Session::connectNext() {
  const tcp::endpoint ep = endpoints_[nextEndpoint_++];
  pool_->countOpened();
  peer_ = endpointText(ep);
  setPhase("connect " + peer_);
  error_code ec;
  connection()->setPeer(peer_);
  tcp::socket& s = socket();
  if (s.is_open()) s.close(ec);
  s.open(ep.protocol(), ec);
  if (ec) return fail("connect " + peer_, ec);
  s.async_connect(ep, [self = shared_from_this()](const error_code& error) {
    if (self->finished_) return;
    if (error) {
      // Try the name's next address; report the last failure.
      if (self->nextEndpoint_ < self->endpoints_.size()) return self->connectNext();
      return self->fail("connect " + self->peer_, error);
    }
    self->onConnected();
  });
}

http::request<http::string_body> Session::buildRequest() const {
  http::request<http::string_body> request;
  const http::verb verb = http::string_to_verb(hop_.method);
  if (verb == http::verb::unknown) {
    request.method_string(hop_.method);
  } else {
    request.method(verb);
  }
  request.target(hop_.url.target);
  request.version(11);
  // Host is always the URL's, also when connecting elsewhere (addr=).
  request.set(http::field::host, hop_.url.authority());
  bool haveAgent = false;
  for (const auto& [name, value] : hop_.headers) {
    const http::field f = http::string_to_field(name);
    if (f == http::field::host || f == http::field::connection || f == http::field::content_length) continue;
    if (f == http::field::user_agent) haveAgent = true;
    request.insert(name, value);
  }
  if (!haveAgent) request.set(http::field::user_agent, "dnsfailover");
  // Without keep-alive, one request per connection: nothing is left open
  // between requests. With it, HTTP/1.1's default (persistent) applies.
  if (!hop_.keepAlive) request.set(http::field::connection, "close");
  if (!hop_.body.empty() || hop_.method == "POST" || hop_.method == "PUT" || hop_.method == "PATCH") {
    request.body() = hop_.body;
    request.prepare_payload();
  }
  return request;
}

bool Session::bodyTooLong() const {
  const auto length = parser_->content_length();
  return hop_.method != "HEAD" && length && *length > hop_.maxBodyBytes;
}

void Session::onResponse(const error_code& ec) {
  if (finished_) return;
  if (ec == http::error::body_limit || (!ec && bodyTooLong())) {
    return failWith("read from " + peer_, "body larger than " + std::to_string(hop_.maxBodyBytes) + " bytes");
  }
  if (ec && isTruncation(ec) && parser_->is_header_done() && !parser_->content_length() && !parser_->chunked()) {
    error_code eofError;
    parser_->put_eof(eofError);
    if (eofError) return fail("read from " + peer_, eofError);
  } else if (ec) {
    return failOrRetry("read from " + peer_, ec);
  }
  auto& message = parser_->get();
  // Kept only after a clean, complete exchange that leaves nothing unread
  // and that the server agreed to continue (no "Connection: close", not an
  // HTTP/1.0 answer, not a body that ends at EOF).
  const bool keep = hop_.keepAlive && !ec && message.keep_alive() && !parser_->need_eof() && buffer_.size() == 0;
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  complete(HttpResult::success(std::move(response)), keep);
}

void Session::fail(const std::string& phase, const error_code& ec) { failWith(phase, describe(ec)); }

void Session::failWith(const std::string& phase, const std::string& what) {
  finish(HttpResult::failure(phase.empty() ? what : phase + ": " + what));
}

void Session::finish(HttpResult result) { complete(std::move(result), false); }

void Session::complete(HttpResult result, bool keepConnection) {
  if (finished_) return;
  finished_ = true;
  // Cancel whatever is still pending; those handlers see finished_ and
  // return, and the last of them releases this session.
  deadline_.cancel();
  resolver_.cancel();
  if (keepConnection) {
    // Nothing is pending on the socket: the response was read to its end.
    std::shared_ptr<Connection> kept = connection();
    kept->countAnswer();
    pool_->park(std::move(kept), std::chrono::steady_clock::now());
  } else {
    error_code ignored;
    socket().close(ignored);
  }
  HopDone done = std::move(done_);
  done(std::move(result));
}

}  // namespace dnsfailover::live::detail
