// HTTPS hops: Beast's ssl_stream over the TCP socket. SNI and the name the
// certificate must carry are the URL's host, also when the connection goes
// to another address (okerr's addr=).

#include "engine/live/http_session.h"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <stdexcept>

namespace dnsfailover::live::detail {

namespace ssl = asio::ssl;

class TlsContexts {
 public:
  TlsContexts(const std::string& caFile, bool useSystemStore) : context_(ssl::context::tls_client) {
    context_.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3);
    if (useSystemStore) context_.set_default_verify_paths();
    if (!caFile.empty()) {
      error_code ec;
      context_.load_verify_file(caFile, ec);
      if (ec) throw std::runtime_error("cannot load CA file " + caFile + ": " + describe(ec));
    }
  }
  ssl::context& context() { return context_; }

 private:
  ssl::context context_;
};

namespace {

bool isIpLiteral(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

class TlsSession final : public Session {
 public:
  TlsSession(asio::io_context& io, std::shared_ptr<TlsContexts> contexts, Hop hop, HopDone done)
      : Session(io, std::move(hop), std::move(done)),
        contexts_(std::move(contexts)),
        stream_(io, contexts_->context()) {}

 protected:
  tcp::socket& socket() override { return stream_.next_layer(); }

  void onConnected() override {
    const std::string phase = "TLS handshake with " + peer();
    if (!configure()) return failWith(phase, "cannot set up TLS for host " + hop().url.host);
    setPhase(phase);
    stream_.async_handshake(ssl::stream_base::client, [self = shared_from_this(), this, phase](const error_code& ec) {
      if (finished()) return;
      if (ec) return failWith(phase, handshakeError(ec));
      exchange(stream_);
    });
  }

  bool isTruncation(const error_code& ec) const override { return ec == ssl::error::stream_truncated; }

 private:
  bool configure() {
    SSL* ssl = stream_.native_handle();
    const std::string& host = hop().url.host;
    const bool ip = isIpLiteral(host);
    // SNI carries names only (RFC 6066), never an address.
    if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return false;
    if (!hop().verifyTls) {
      stream_.set_verify_mode(ssl::verify_none);
      return true;
    }
    stream_.set_verify_mode(ssl::verify_peer);
    // OpenSSL checks the name during the handshake, so a mismatch reports
    // as "certificate verify failed: hostname mismatch".
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ip) return X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1;
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
  }

  std::string handshakeError(const error_code& ec) {
    const long verify = SSL_get_verify_result(stream_.native_handle());
    if (hop().verifyTls && verify != X509_V_OK) {
      return std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify);
    }
    return describe(ec);
  }

  std::shared_ptr<TlsContexts> contexts_;  // outlives the stream that uses it
  boost::beast::ssl_stream<tcp::socket> stream_;
};

}  // namespace

std::shared_ptr<TlsContexts> makeTlsContexts(const std::string& caFile, bool useSystemStore) {
  return std::make_shared<TlsContexts>(caFile, useSystemStore);
}

std::shared_ptr<Session> makeTlsSession(asio::io_context& io, std::shared_ptr<TlsContexts> contexts, Hop hop,
                                        HopDone done) {
  return std::make_shared<TlsSession>(io, std::move(contexts), std::move(hop), std::move(done));
}

}  // namespace dnsfailover::live::detail
