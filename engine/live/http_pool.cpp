// The keep-alive pool: which idle connection a request may take, and when
// an idle connection is let go.

#include "engine/live/http_pool.h"

#include <sys/socket.h>

#include <cerrno>

namespace dnsfailover::live::detail {

bool idleSocketLooksHealthy(int fd) {
  if (fd < 0) return false;
  char byte = 0;
  const ssize_t got = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  // Nothing to read is the only healthy state: 0 is the peer's FIN, a byte
  // is something no request asked for (a late error page, a TLS alert), and
  // an error other than "would block" is a reset.
  return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

std::shared_ptr<Connection> ConnectionPool::take(const std::string& key, Clock::time_point now) {
  dropExpired(now);
  auto found = byKey_.find(key);
  while (found != byKey_.end() && !found->second.empty()) {
    const Lru::iterator newest = found->second.back();
    std::shared_ptr<Connection> connection = newest->connection;
    drop(newest);  // may erase `found`
    if (idleSocketLooksHealthy(connection->nativeHandle())) {
      ++reused_;
      return connection;
    }
    found = byKey_.find(key);
  }
  return nullptr;
}

void ConnectionPool::park(std::shared_ptr<Connection> connection, Clock::time_point now) {
  dropExpired(now);
  if (limits_.maxIdle == 0 || connection->answered() >= limits_.maxRequestsPerConnection) return;
  while (lru_.size() >= limits_.maxIdle) drop(lru_.begin());
  const std::string key = connection->key();
  lru_.push_back({std::move(connection), now});
  byKey_[key].push_back(std::prev(lru_.end()));
}

void ConnectionPool::dropExpired(Clock::time_point now) {
  while (!lru_.empty() && now - lru_.front().since >= limits_.idleLimit) drop(lru_.begin());
}

void ConnectionPool::drop(Lru::iterator it) {
  auto entries = byKey_.find(it->connection->key());
  if (entries != byKey_.end()) {
    auto& list = entries->second;
    for (auto e = list.begin(); e != list.end(); ++e) {
      if (*e == it) {
        list.erase(e);
        break;
      }
    }
    if (list.empty()) byKey_.erase(entries);
  }
  // The last owner closes the socket (the stream's destructor).
  lru_.erase(it);
}

}  // namespace dnsfailover::live::detail
