// Boost 1.74's asio headers need <utility> first under C++20 (std::exchange).
#include <utility>

#include "engine/live/status_server.h"

#include <sys/stat.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/live/event_loop.h"

namespace dnsfailover::live {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// What sessions share with the server; it outlives the server while a
// completion is still queued, and `open` tells them the server is gone.
struct Shared {
  StatusServerOptions options;
  StatusServer::Handler handler;
  bool open = true;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)), shared_(std::move(shared)) {}

  void start() { readNext(); }
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void readNext() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_->options.maxHeaderBytes));
    parser_->body_limit(shared_->options.maxBodyBytes);
    stream_.expires_after(shared_->options.readTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->onRead(ec); });
  }

  void onRead(beast::error_code ec) {
    if (!shared_->open) return;
    if (ec == http::error::body_limit) return refuse(413, "request body larger than the limit");
    if (ec == http::error::header_limit) return refuse(431, "request header larger than the limit");
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      return close();
    }
    if (ec) return refuse(400, std::string("malformed request: ") + ec.message());
    const auto& req = parser_->get();
    status::Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    for (const auto& field : req) request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    request.body = req.body();
    status::Response response;
    try {
      response = shared_->handler(request);
    } catch (const std::exception& e) {
      response = status::errorResponse(500, std::string("internal error: ") + e.what());
    }
    send(std::move(response), req.keep_alive(), req.version());
  }

  void refuse(int code, const std::string& why) { send(status::errorResponse(code, why), false, 11); }

  void send(status::Response response, bool keepAlive, unsigned version) {
    response_.emplace();
    auto& res = *response_;
    res.version(version);
    res.result(static_cast<unsigned>(response.status));
    res.set(http::field::server, "dnsfailover");
    res.set(http::field::content_type, response.contentType);
    for (const auto& [key, value] : response.headers) res.insert(key, value);
    res.body() = std::move(response.body);
    res.keep_alive(keepAlive);
    res.prepare_payload();
    stream_.expires_after(shared_->options.readTimeout);
    http::async_write(stream_, res, [self = shared_from_this(), keepAlive](beast::error_code ec, size_t) {
      if (ec || !keepAlive || !self->shared_->open) return self->close();
      self->readNext();
    });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Shared> shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
};

}  // namespace

struct StatusServer::Impl : std::enable_shared_from_this<StatusServer::Impl> {
  Impl(asio::io_context& io, std::shared_ptr<Shared> s) : acceptor(io), shared(std::move(s)) {}

  void accept() {
    acceptor.async_accept([self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (!self->shared->open) return;
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        return self->accept();  // EMFILE and friends: keep serving the others
      }
      std::erase_if(self->sessions, [](const std::weak_ptr<Session>& w) { return w.expired(); });
      if (self->sessions.size() >= self->shared->options.maxConnections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        auto session = std::make_shared<Session>(std::move(socket), self->shared);
        self->sessions.push_back(session);
        session->start();
      }
      self->accept();
    });
  }

  void stop() {
    if (!shared->open) return;
    shared->open = false;
    beast::error_code ignored;
    acceptor.close(ignored);
    for (auto& weak : sessions) {
      if (auto session = weak.lock()) session->close();
    }
    sessions.clear();
    shared->handler = nullptr;
  }

  tcp::acceptor acceptor;
  std::shared_ptr<Shared> shared;
  std::vector<std::weak_ptr<Session>> sessions;
};

StatusServer::StatusServer(EventLoop& loop, StatusServerOptions options, Handler handler) {
  const std::string where = options.host + ":" + std::to_string(options.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) throw StatusServerError("status.listen: \"" + options.host + "\" is not an IP address");
  if (!address.is_loopback() && !options.allowRemote) {
    throw StatusServerError("status.listen: " + where +
                            " is not a loopback address; set \"allow_remote\": true to serve other machines");
  }
  auto shared = std::make_shared<Shared>(Shared{std::move(options), std::move(handler), true});
  impl_ = std::make_shared<Impl>(loop.context(), shared);
  const tcp::endpoint endpoint(address, shared->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw StatusServerError("status.listen: cannot listen on " + where + ": " + ec.message());
  impl_->accept();
}

StatusServer::~StatusServer() { stop(); }

void StatusServer::stop() {
  if (impl_) impl_->stop();
}

uint16_t StatusServer::port() const {
  beast::error_code ec;
  const auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

std::string readTokenFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw StatusServerError("status.token_file: cannot read " + path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) throw StatusServerError("status.token_file: " + path + " is not a regular file");
  if ((st.st_mode & S_IROTH) != 0) {
    throw StatusServerError("status.token_file: " + path + " is readable by every user; chmod o-r " + path);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw StatusServerError("status.token_file: cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  std::string token = content.str();
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
  if (token.empty()) throw StatusServerError("status.token_file: " + path + " is empty");
  if (token.find_first_of("\r\n") != std::string::npos) {
    throw StatusServerError("status.token_file: " + path + " holds more than one line");
  }
  return token;
}

}  // namespace dnsfailover::live
