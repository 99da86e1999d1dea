// A real three-member etcd cluster (Debian's etcd-server 3.4) started for
// one test: members on 127.0.0.21-23 (client port 2379, peer port 2380),
// data in a temporary directory, a new cluster every time. The live HTTP
// client and the Asio scheduler run on one event loop, in real time.
// real_etcd_test.sh runs this inside a loopback-only network namespace.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "engine/live/asio_scheduler.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "tests/coordination/etcd_world.h"

namespace dnsfailover::test {
namespace {

namespace fs = std::filesystem;

std::string memberName(size_t i) { return "m" + std::to_string(i + 1); }
std::string memberIp(size_t i) { return "127.0.0." + std::to_string(21 + i); }

class RealEtcdWorld final : public EtcdWorld {
 public:
  static constexpr size_t kMembers = 3;

  RealEtcdWorld() : scheduler_(loop_), http_(loop_) {
    std::string pattern = (fs::temp_directory_path() / "dnsfailover-etcd-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot make a temporary directory for etcd");
    dir_ = pattern;
    std::string initial;
    for (size_t i = 0; i < kMembers; ++i) {
      initial += (i ? "," : "") + memberName(i) + "=http://" + memberIp(i) + ":2380";
    }
    for (size_t i = 0; i < kMembers; ++i) pids_.push_back(spawn(i, initial));
    EtcdClientOptions options;
    for (size_t i = 0; i < kMembers; ++i) options.endpoints.push_back("http://" + memberIp(i) + ":2379");
    options.callTimeout = std::chrono::seconds{3};
    options.attemptTimeout = std::chrono::seconds{1};
    client_ = std::make_unique<EtcdClient>(http_, scheduler_, options);
    if (!waitUntilServing()) {
      const std::string logs = (fs::path(dir_) / "m1.log").string();
      for (size_t i = 0; i < pids_.size(); ++i) stopMember(i);
      throw std::runtime_error("etcd cluster did not start (see " + logs + ")");
    }
  }

  ~RealEtcdWorld() override {
    client_.reset();
    for (size_t i = 0; i < pids_.size(); ++i) stopMember(i);
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  EtcdClient& client() override { return *client_; }
  Scheduler& scheduler() override { return scheduler_; }
  size_t members() const override { return kMembers; }

  bool runUntil(const std::function<bool()>& done, Duration limit) override {
    return loop_.runUntil(done, std::chrono::duration_cast<std::chrono::milliseconds>(limit));
  }

  void stopMember(size_t i) override {
    if (pids_[i] <= 0) return;
    ::kill(pids_[i], SIGKILL);
    ::waitpid(pids_[i], nullptr, 0);
    pids_[i] = -1;
  }

 private:
  pid_t spawn(size_t i, const std::string& initial) {
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
                                     "--initial-cluster", initial,
                                     "--initial-cluster-state", "new",
                                     "--initial-cluster-token", "dnsfailover-test",
                                     "--logger", "zap",
                                     "--log-outputs", (fs::path(dir_) / (memberName(i) + ".log")).string()};
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

  // A new cluster elects its leader within a few seconds.
  bool waitUntilServing() {
    for (int attempt = 0; attempt < 40; ++attempt) {
      auto r = await<EtcdOpResult>(*this, [this](auto done) { client_->range("ready?", "", std::move(done)); });
      if (r.ok()) return true;
      sleep(std::chrono::milliseconds{250});
    }
    return false;
  }

  live::EventLoop loop_;
  live::AsioScheduler scheduler_;
  live::LiveHttpClient http_;
  std::unique_ptr<EtcdClient> client_;
  std::string dir_;
  std::vector<pid_t> pids_;
};

}  // namespace

std::unique_ptr<EtcdWorld> makeRealEtcdWorld() { return std::make_unique<RealEtcdWorld>(); }

}  // namespace dnsfailover::test
