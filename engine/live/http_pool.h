#pragma once
// Internal to the live HTTP client: the idle connections kept between
// checks (HTTP keep-alive), keyed by everything that decides what a
// connection is: scheme, host, port, connect-to address and the TLS verify
// flag (SNI and the certificate name are the host). A connection is only
// ever handed to a request whose key is identical, so a request never
// rides on a connection that was set up (or verified) for something else.
//
// What is reused is the transport only: every check still writes its own
// request and reads its own, complete response; nothing of an earlier
// answer is kept. A connection leaves the pool for good when it has been
// idle longer than the idle limit, served its maximum number of requests,
// or shows any sign of life while idle (the peer closed it, or sent bytes
// nobody asked for). Bounded: at most maxIdle connections in all; the one
// idle longest goes first.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dnsfailover::live::detail {

// One TCP (+TLS) connection: owned by the hop using it, or by the pool
// between hops. The stream itself lives in the subclass (http_plain.cpp,
// http_tls.cpp); the pool needs only these.
class Connection {
 public:
  explicit Connection(std::string key) : key_(std::move(key)) {}
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  virtual int nativeHandle() = 0;
  const std::string& key() const { return key_; }
  // "127.0.0.11:8443", once connected.
  const std::string& peer() const { return peer_; }
  void setPeer(std::string peer) { peer_ = std::move(peer); }
  // Requests answered on this connection so far.
  unsigned answered() const { return answered_; }
  void countAnswer() { ++answered_; }

 private:
  std::string key_;
  std::string peer_;
  unsigned answered_ = 0;
};

class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    size_t maxIdle = 256;
    std::chrono::milliseconds idleLimit{30'000};
    unsigned maxRequestsPerConnection = 100;
  };

  explicit ConnectionPool(Limits limits) : limits_(limits) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // The most recently parked live connection for `key`, or null. Closed,
  // expired and chatty connections met on the way are dropped.
  std::shared_ptr<Connection> take(const std::string& key, Clock::time_point now);
  // Parks a connection after a clean, complete, keep-alive exchange.
  void park(std::shared_ptr<Connection> connection, Clock::time_point now);

  size_t idle() const { return lru_.size(); }
  // Counters for HttpClientStats.
  uint64_t reused() const { return reused_; }
  uint64_t opened() const { return opened_; }
  uint64_t retries() const { return retries_; }
  uint64_t resumed() const { return resumed_; }
  void countOpened() { ++opened_; }
  void countRetry() { ++retries_; }
  void countResumed() { ++resumed_; }
  const Limits& limits() const { return limits_; }

 private:
  struct Idle {
    std::shared_ptr<Connection> connection;
    Clock::time_point since;
  };
  using Lru = std::list<Idle>;  // longest idle at the front

  void dropExpired(Clock::time_point now);
  void drop(Lru::iterator it);

  Limits limits_;
  Lru lru_;
  // Per key, that key's entries in lru_ from oldest to newest.
  std::unordered_map<std::string, std::vector<Lru::iterator>> byKey_;
  uint64_t reused_ = 0;
  uint64_t opened_ = 0;
  uint64_t retries_ = 0;
  uint64_t resumed_ = 0;
};

// True while an idle socket is still open with nothing unread: a peer that
// closed (EOF), reset, or sent unasked bytes makes the connection unusable.
bool idleSocketLooksHealthy(int fd);

}  // namespace dnsfailover::live::detail
