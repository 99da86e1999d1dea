#pragma once
// A TCP port that accepts connections in the kernel but never reads or
// answers: the server that "hangs", for client timeout tests. The kernel
// completes the handshake from the listen backlog, so the client gets as
// far as sending its request and then waits.

#include <cstdint>
#include <string>

namespace dnsfailover::fakes::net {

class SilentListener {
 public:
  // Binds `address`:`port` (0 = any free port); throws std::runtime_error.
  explicit SilentListener(const std::string& address, uint16_t port = 0);
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  ~SilentListener();

  uint16_t port() const { return port_; }
  std::string hostPort() const { return address_ + ":" + std::to_string(port_); }

 private:
  std::string address_;
  uint16_t port_ = 0;
  int fd_ = -1;
};

}  // namespace dnsfailover::fakes::net
