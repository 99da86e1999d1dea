// HTTPS hops: Beast's ssl_stream over the TCP socket. SNI and the name the
// certificate must carry are the URL's host, also when the connection goes
// to another address (okerr's addr=).
//
// TLS session resumption: the session (ticket) a server hands out is kept
// per connection key (http_pool.h: scheme, host, port, connect-to, verify
// flag) and offered on the next fresh connection with the same key, which
// then skips the certificate exchange if the server agrees. That is safe
// because a session is only stored after a handshake that verified the
// certificate for exactly that host (or, for a noverify key, one that
// never verifies), and a server that declines simply runs a full
// handshake, verified as always. Only the keys differ, never the checks.

#include "engine/live/http_session.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <list>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace dnsfailover::live::detail {

namespace ssl = asio::ssl;

namespace {

// The TLS sessions worth resuming, one per connection key, the least
// recently stored dropped first beyond `capacity`.
class SessionCache {
 public:
  explicit SessionCache(size_t capacity) : capacity_(capacity) {}
  SessionCache(const SessionCache&) = delete;
  SessionCache& operator=(const SessionCache&) = delete;
  ~SessionCache() {
    for (auto& [key, entry] : entries_) SSL_SESSION_free(entry.session);
  }

  // Takes ownership of `session`.
  void store(const std::string& key, SSL_SESSION* session) {
    if (capacity_ == 0) return SSL_SESSION_free(session);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      SSL_SESSION_free(it->second.session);
      order_.erase(it->second.position);
      entries_.erase(it);
    }
    while (entries_.size() >= capacity_) {
      auto oldest = entries_.find(order_.front());
      SSL_SESSION_free(oldest->second.session);
      entries_.erase(oldest);
      order_.pop_front();
    }
    order_.push_back(key);
    entries_.emplace(key, Entry{session, std::prev(order_.end())});
  }

  // Offers the stored session for `key` to `ssl` (SSL_set_session takes its
  // own reference), if there is one.
  void offer(const std::string& key, SSL* ssl) const {
    auto it = entries_.find(key);
    if (it != entries_.end()) SSL_set_session(ssl, it->second.session);
  }

 private:
  struct Entry {
    SSL_SESSION* session;
    std::list<std::string>::iterator position;
  };
  size_t capacity_;
  std::list<std::string> order_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace

class TlsContexts {
 public:
  TlsContexts(const std::string& caFile, bool useSystemStore, size_t sessionCacheSize)
      : context_(ssl::context::tls_client), sessions_(sessionCacheSize) {
    context_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
    if (useSystemStore) context_.set_default_verify_paths();
    if (!caFile.empty()) {
      error_code ec;
      context_.load_verify_file(caFile, ec);
      if (ec) throw std::runtime_error("cannot load CA file " + caFile + ": " + describe(ec));
    }
    // Sessions reach us through the callback (TLS 1.3 tickets arrive after
    // the handshake), never through OpenSSL's own client cache.
    SSL_CTX* native = context_.native_handle();
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(native, &TlsContexts::onNewSession);
  }
  ssl::context& context() { return context_; }

  // Before a fresh handshake: ties `ssl` to `key` (for onNewSession) and
  // offers the session stored for it.
  void prepare(SSL* ssl, const std::string* key) {
    SSL_set_ex_data(ssl, keyIndex(), const_cast<std::string*>(key));
    SSL_set_ex_data(ssl, cacheIndex(), this);
    sessions_.offer(*key, ssl);
  }

 private:
  static int keyIndex() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
  }
  static int cacheIndex() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
  }

  // OpenSSL hands over a session that can be resumed; 1 = we keep it. Runs
  // inside a handshake or read of this connection, on the loop thread.
  static int onNewSession(SSL* ssl, SSL_SESSION* session) {
    auto* key = static_cast<const std::string*>(SSL_get_ex_data(ssl, keyIndex()));
    auto* self = static_cast<TlsContexts*>(SSL_get_ex_data(ssl, cacheIndex()));
    // A session of a handshake that failed verification never gets here:
    // with verify_peer the handshake stops first.
    if (key == nullptr || self == nullptr || SSL_SESSION_is_resumable(session) != 1) return 0;
    self->sessions_.store(*key, session);
    return 1;
  }

  ssl::context context_;
  SessionCache sessions_;
};

namespace {

class TlsConnection final : public Connection {
 public:
  TlsConnection(asio::io_context& io, ssl::context& context, std::string key)
      : Connection(std::move(key)), stream(io, context) {}
  int nativeHandle() override {
    return stream.next_layer().is_open() ? static_cast<int>(stream.next_layer().native_handle()) : -1;
  }

  boost::beast::ssl_stream<tcp::socket> stream;
};

bool isIpLiteral(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

class TlsSession final : public Session {
 public:
  TlsSession(asio::io_context& io, std::shared_ptr<TlsContexts> contexts, Hop hop, HopDone done,
             std::shared_ptr<ConnectionPool> pool)
      : Session(io, std::move(hop), std::move(done), std::move(pool)), io_(io), contexts_(std::move(contexts)) {}

 protected:
  void openFresh() override {
    connection_ = std::make_shared<TlsConnection>(io_, contexts_->context(), hop().connectionKey());
  }
  void adopt(std::shared_ptr<Connection> pooled) override {
    // The key starts with the scheme, so an https:// key holds only these.
    connection_ = std::static_pointer_cast<TlsConnection>(std::move(pooled));
  }
  std::shared_ptr<Connection> connection() override { return connection_; }
  tcp::socket& socket() override { return connection_->stream.next_layer(); }
  void onReused() override { exchange(connection_->stream); }

  void onConnected() override {
    const std::string phase = "TLS handshake with " + peer();
    if (!configure()) return failWith(phase, "cannot set up TLS for host " + hop().url.host);
    setPhase(phase);
    // keep_alive off means a full, verified handshake every time.
    if (hop().keepAlive) contexts_->prepare(connection_->stream.native_handle(), &connection_->key());
    connection_->stream.async_handshake(ssl::stream_base::client,
                                        [self = shared_from_this(), this, phase](const error_code& ec) {
                                          if (finished()) return;
                                          if (ec) return failWith(phase, handshakeError(ec));
                                          if (SSL_session_reused(connection_->stream.native_handle()) == 1) {
                                            pool().countResumed();
                                          }
                                          exchange(connection_->stream);
                                        });
  }

  bool isTruncation(const error_code& ec) const override { return ec == ssl::error::stream_truncated; }

 private:
  bool configure() {
    SSL* ssl = connection_->stream.native_handle();
    const std::string& host = hop().url.host;
    const bool ip = isIpLiteral(host);
    // SNI carries names only (RFC 6066), never an address.
    if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return false;
    if (!hop().verifyTls) {
      connection_->stream.set_verify_mode(ssl::verify_none);
      return true;
    }
    connection_->stream.set_verify_mode(ssl::verify_peer);
    // OpenSSL checks the name during the handshake, so a mismatch reports
    // as "certificate verify failed: hostname mismatch".
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ip) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
  }

  std::string handshakeError(const error_code& ec) {
    const long verify = SSL_get_verify_result(connection_->stream.native_handle());
    if (hop().verifyTls && verify != X509_V_OK) {
      return std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
    }
    return describe(ec);
  }

  asio::io_context& io_;
  std::shared_ptr<TlsContexts> contexts_;  // outlives the stream that uses it
  std::shared_ptr<TlsConnection> connection_;
};

}  // namespace

std::shared_ptr<TlsContexts> makeTlsContexts(const std::string& caFile, bool useSystemStore, size_t sessionCacheSize) {
  return std::make_shared<TlsContexts>(caFile, useSystemStore, sessionCacheSize);
}

std::shared_ptr<Session> makeTlsSession(asio::io_context& io, std::shared_ptr<TlsContexts> contexts, Hop hop,
                                        HopDone done, std::shared_ptr<ConnectionPool> pool) {
  return std::make_shared<TlsSession>(io, std::move(contexts), std::move(hop), std::move(done), std::move(pool));
}

}  // namespace dnsfailover::live::detail
