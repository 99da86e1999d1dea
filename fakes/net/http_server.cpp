#include "fakes/net/http_server.h"

#include <httplib.h>
#include <openssl/pem.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "fakes/fault_knobs.h"

namespace dnsfailover::fakes::net {

TimePoint systemUtcNow() { return std::chrono::floor<Duration>(std::chrono::system_clock::now()); }

struct HttpServer::Impl {
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::mutex doorMutex;
  std::atomic<uint64_t> served{0};
  std::mutex peersMutex;
  std::set<std::pair<std::string, int>> peers;  // (address, port) of each client connection
  TimedDoor* timed = nullptr;  // the door, when it can delay or stay silent
  // Wakes handlers that wait out a delay or a silence when stop() runs.
  std::mutex waitMutex;
  std::condition_variable wake;
  bool stopping = false;

  // Sleeps for `length` unless the server stops first.
  void pause(Duration length) {
    std::unique_lock lock(waitMutex);
    wake.wait_for(lock, length, [this] { return stopping; });
  }
};

namespace {

std::unique_ptr<httplib::Server> makeTlsServer(const PemPair& pem) {
  BIO* certBio = BIO_new_mem_buf(pem.certPem.data(), static_cast<int>(pem.certPem.size()));
  BIO* keyBio = BIO_new_mem_buf(pem.keyPem.data(), static_cast<int>(pem.keyPem.size()));
  X509* cert = PEM_read_bio_X509(certBio, nullptr, nullptr, nullptr);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio, nullptr, nullptr, nullptr);
  BIO_free(certBio);
  BIO_free(keyBio);
  std::unique_ptr<httplib::Server> server;
  // SSLServer takes its own references (SSL_CTX_use_*), so ours are freed.
  if (cert != nullptr && key != nullptr) server = std::make_unique<httplib::SSLServer>(cert, key);
  X509_free(cert);
  EVP_PKEY_free(key);
  if (!server) throw std::runtime_error("https server: cannot read the certificate or key PEM");
  return server;
}

}  // namespace

HttpServer::HttpServer(HttpDoor& door, HttpServerOptions options)
    : door_(door), options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  impl_->timed = dynamic_cast<TimedDoor*>(&door);
}

HttpServer::~HttpServer() { stop(); }

std::string HttpServer::hostPort() const { return options_.address + ":" + std::to_string(port_); }

std::string HttpServer::baseUrl() const { return (options_.https ? "https://" : "http://") + hostPort(); }

uint64_t HttpServer::requestsServed() const { return impl_->served.load(); }

uint64_t HttpServer::connectionsSeen() const {
  std::lock_guard lock(impl_->peersMutex);
  return impl_->peers.size();
}

void HttpServer::start() {
  if (impl_->server) throw std::logic_error("HttpServer::start called twice");
  {
    std::lock_guard lock(impl_->waitMutex);
    impl_->stopping = false;
  }
  const std::string where = options_.address + ":" + std::to_string(options_.port);
  std::unique_ptr<httplib::Server> server;
  if (!options_.https) {
    server = std::make_unique<httplib::Server>();
  } else if (!options_.tlsCertFile.empty() || !options_.tlsKeyFile.empty()) {
    server = std::make_unique<httplib::SSLServer>(options_.tlsCertFile.c_str(), options_.tlsKeyFile.c_str());
    if (!server->is_valid()) {
      throw std::runtime_error("https on " + where + ": cannot load certificate " + options_.tlsCertFile +
                               " with key " + options_.tlsKeyFile);
    }
  } else if (options_.tlsPem) {
    server = makeTlsServer(*options_.tlsPem);
  } else {
    const PemPair ca = makeTestCa("dnsfailover self-signed " + options_.address);
    selfSignedCaPem_ = ca.certPem;
    server = makeTlsServer(makeServerCert(ca, {"localhost"}, {options_.address}));
  }

  const size_t threads = std::max<size_t>(1, options_.threads);
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_read_timeout(std::chrono::seconds{5});
  server->set_write_timeout(std::chrono::seconds{5});
  server->set_payload_max_length(4 << 20);
  server->set_keep_alive_max_count(std::max<size_t>(1, options_.keepAliveMaxRequests));
  server->set_keep_alive_timeout(std::max<time_t>(1, options_.keepAliveTimeout.count()));

  const std::string scheme = options_.https ? "https" : "http";
  auto handler = [this, scheme](const httplib::Request& req, httplib::Response& res) {
    HttpRequest request;
    request.method = req.method;
    const std::string host = req.has_header("Host") ? req.get_header_value("Host") : hostPort();
    request.url = scheme + "://" + host + (req.target.empty() ? req.path : req.target);
    for (const auto& [name, value] : req.headers) request.headers.emplace_back(name, value);
    request.body = req.body;
    const std::string peer = req.remote_addr;
    {
      std::lock_guard lock(impl_->peersMutex);
      impl_->peers.emplace(peer, req.remote_port);
    }
    DoorReply reply;
    try {
      std::lock_guard lock(impl_->doorMutex);
      if (impl_->timed != nullptr) {
        reply = impl_->timed->serve(request, options_.clock(), peer);
      } else {
        reply.response = door_.handle(request, options_.clock(), peer);
      }
    } catch (const std::exception& e) {
      reply = {{500, {{"Content-Type", "text/plain"}}, std::string("internal error: ") + e.what() + "\n"}, {}, true};
    }
    // Outside the door lock: other requests go on while this one waits.
    if (!reply.answered) {
      impl_->pause(options_.maxSilence);
      reply.response = edgeErrorPage(504);
    } else if (reply.delay > Duration::zero()) {
      impl_->pause(reply.delay);
    }
    HttpResponse response = std::move(reply.response);
    impl_->served.fetch_add(1);
    res.status = response.status;
    std::string contentType = "text/plain";
    for (const auto& [name, value] : response.headers) {
      if (strcasecmp(name.c_str(), "Content-Type") == 0) {
        contentType = value;
      } else if (strcasecmp(name.c_str(), "Content-Length") != 0) {
        res.set_header(name, value);
      }
    }
    res.set_content(std::move(response.body), contentType);
  };
  // Every method and path goes to the door, which answers 404/405 itself.
  server->Get(".*", handler);
  server->Post(".*", handler);
  server->Put(".*", handler);
  server->Patch(".*", handler);
  server->Delete(".*", handler);
  server->Options(".*", handler);

  // httplib's default socket options set SO_REUSEPORT, which would let a
  // second server silently share a port that is in use; take SO_REUSEADDR
  // only, and remember the socket to widen its backlog below.
  int listenFd = -1;
  server->set_socket_options([&listenFd](int fd) {
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listenFd = fd;
  });

  errno = 0;
  if (options_.port == 0) {
    const int port = server->bind_to_any_port(options_.address);
    if (port <= 0) throw std::runtime_error("cannot listen on " + where + ": " + std::strerror(errno));
    port_ = static_cast<uint16_t>(port);
  } else {
    if (!server->bind_to_port(options_.address, options_.port)) {
      throw std::runtime_error("cannot listen on " + where + ": " +
                               (errno != 0 ? std::strerror(errno) : "address in use or not available"));
    }
    port_ = options_.port;
  }
  // httplib 0.11 listens with a backlog of 5: a burst of connections (a
  // benchmark, many checks at once) would see SYNs dropped and 1 s
  // retransmits. Calling listen() again only raises the backlog.
  if (listenFd >= 0) ::listen(listenFd, 1024);
  server->set_socket_options([](int) {});  // drop the reference to listenFd
  impl_->server = std::move(server);
  httplib::Server* raw = impl_->server.get();
  impl_->thread = std::thread([raw] { raw->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs (httplib 0.11), so wait
  // for it here; stop() then always ends the loop.
  const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!raw->is_running() && std::chrono::steady_clock::now() < limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

void HttpServer::stop() {
  if (!impl_->server) return;
  {
    std::lock_guard lock(impl_->waitMutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();  // silent and delayed handlers end now
  impl_->server->stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.reset();
}

}  // namespace dnsfailover::fakes::net
