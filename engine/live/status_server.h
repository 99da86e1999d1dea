#pragma once
// The status server: HTTP/1.1 on the engine's own EventLoop (Boost.Beast,
// asynchronous, no thread of its own), so every request is answered on the
// loop thread that runs the engine and nothing else ever touches it.
//
// What it promises:
// - it listens on a loopback address unless `allowRemote` says otherwise
//   (the constructor refuses, naming the address);
// - a request's header is at most `maxHeaderBytes` (431) and its body at
//   most `maxBodyBytes` (413), refused without reading the rest;
// - every read has a deadline (`readTimeout`): a client that sends slowly
//   or not at all is dropped, never waited for (slowloris); writes too;
// - keep-alive is honoured; at most `maxConnections` at once, more are
//   closed on accept;
// - requests are answered by `handler` (status::Router::handle in the
//   daemon); a handler that throws answers 500, the server lives on;
// - stop() (or the destructor) closes the listener and every connection;
//   no completion reaches the handler afterwards.
//
// Beast and Asio stay in the .cpp.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "engine/status/control.h"

namespace dnsfailover::live {

class EventLoop;

class StatusServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StatusServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8053;  // 0 = any free port; port() tells which
  bool allowRemote = false;
  std::chrono::milliseconds readTimeout{10000};
  size_t maxHeaderBytes = 8 * 1024;
  size_t maxBodyBytes = status::kMaxBodyBytes;
  size_t maxConnections = 64;
};

class StatusServer {
 public:
  using Handler = std::function<status::Response(const status::Request&)>;

  // Binds and starts accepting; throws StatusServerError naming the
  // address when it cannot (in use, not local, not an address).
  StatusServer(EventLoop& loop, StatusServerOptions options, Handler handler);
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;
  ~StatusServer();

  uint16_t port() const;
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// The control token from `path`: its content without trailing whitespace.
// Throws StatusServerError naming the file when it cannot be read, is
// empty, or can be read by every user (world-readable).
std::string readTokenFile(const std::string& path);

}  // namespace dnsfailover::live
