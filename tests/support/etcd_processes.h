#pragma once
// A real etcd cluster (Debian's etcd-server 3.4) started for one test:
// member i listens on 127.0.0.(21+i), client port 2379, peer port 2380,
// with its data and log in a temporary directory, a new cluster every time.
// The addresses are fixed, so the tests that use it run inside a private
// network namespace (tests/support/loopback_netns.sh), where nothing else
// holds them and nothing etcd does can leave the host. The program is
// $DNSFAILOVER_ETCD, else `etcd` on PATH.

#include <sys/types.h>

#include <string>
#include <vector>

namespace dnsfailover::test {

class EtcdProcesses {
 public:
  explicit EtcdProcesses(size_t members = 3);
  ~EtcdProcesses();
  EtcdProcesses(const EtcdProcesses&) = delete;
  EtcdProcesses& operator=(const EtcdProcesses&) = delete;

  size_t members() const { return pids_.size(); }
  // "http://127.0.0.21:2379", one per member.
  std::vector<std::string> endpoints() const;
  // Member i's log file (for a failing test's message).
  std::string logFile(size_t i) const;
  // SIGKILL: the member is gone from now on (its address refuses).
  void stopMember(size_t i);

 private:
  pid_t spawn(size_t i, const std::string& initialCluster);

  std::string dir_;
  std::vector<pid_t> pids_;
};

}  // namespace dnsfailover::test
