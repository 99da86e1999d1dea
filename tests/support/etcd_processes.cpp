#include "tests/support/etcd_processes.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace dnsfailover::test {
namespace {

namespace fs = std::filesystem;

std::string memberName(size_t i) { return "m" + std::to_string(i + 1); }
std::string memberIp(size_t i) { return "127.0.0." + std::to_string(21 + i); }

}  // namespace

EtcdProcesses::EtcdProcesses(size_t members) {
  std::string pattern = (fs::temp_directory_path() / "dnsfailover-etcd-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary directory for etcd");
  dir_ = pattern;
  std::string initial;
  for (size_t i = 0; i < members; ++i) initial += (i ? "," : "") + memberName(i) + "=http://" + memberIp(i) + ":2380";
  for (size_t i = 0; i < members; ++i) pids_.push_back(spawn(i, initial));
}

EtcdProcesses::~EtcdProcesses() {
  for (size_t i = 0; i < pids_.size(); ++i) stopMember(i);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::vector<std::string> EtcdProcesses::endpoints() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < pids_.size(); ++i) out.push_back("http://" + memberIp(i) + ":2379");
  return out;
}

std::string EtcdProcesses::logFile(size_t i) const { return (fs::path(dir_) / (memberName(i) + ".log")).string(); }

void EtcdProcesses::stopMember(size_t i) {
  if (pids_[i] <= 0) return;
  ::kill(pids_[i], SIGKILL);
  ::waitpid(pids_[i], nullptr, 0);
  pids_[i] = -1;
}

pid_t EtcdProcesses::spawn(size_t i, const std::string& initialCluster) {
  const char* etcd = std::getenv("DNSFAILOVER_ETCD");
  const std::string program = etcd && *etcd ? etcd : "etcd";
  const std::string ip = memberIp(i);
  std::vector<std::string> args = {program,
                                   "--name", memberName(i),
                                   "--data-dir", (fs::path(dir_) / memberName(i)).string(),
                                   "--listen-client-urls", "http://" + ip + ":2379",
                                   "--advertise-client-urls", "http://" + ip + ":2379",
                                   "--listen-peer-urls", "http://" + ip + ":2380",
                                   "--initial-advertise-peer-urls", "http://" + ip + ":2380",
                                   "--initial-cluster", initialCluster,
                                   "--initial-cluster-state", "new",
                                   "--initial-cluster-token", "dnsfailover-test",
                                   "--logger", "zap",
                                   "--log-outputs", logFile(i)};
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(devnull, 1);
    ::dup2(devnull, 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace dnsfailover::test
