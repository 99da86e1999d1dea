#include "tools/dnsfailover/demo/child.h"

#include <signal.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace dnsfailover::cli::demo {

Child::Child(std::string name, std::string readyMark, bool echo, std::function<void(const std::string&)> onLine)
    : name_(std::move(name)), readyMark_(std::move(readyMark)), echo_(echo), onLine_(std::move(onLine)) {}

Child::~Child() { stop(); }

void Child::start(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(name_ + ": pipe: " + std::strerror(errno));
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(name_ + ": fork: " + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(127);  // the demo died before prctl took hold
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    execv(args[0], args.data());
    const char* why = "exec failed\n";
    (void)!write(STDERR_FILENO, why, std::strlen(why));
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent, so it holds before any kill
  close(fds[1]);
  pid_ = pid;
  reader_ = std::thread([this, fd = fds[0]] { readLoop(fd); });
}

void Child::readLoop(int fd) {
  std::string pending;
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<size_t>(n));
    size_t eol;
    while ((eol = pending.find('\n')) != std::string::npos) {
      const std::string line = pending.substr(0, eol);
      pending.erase(0, eol + 1);
      if (echo_) std::fprintf(stderr, "%-8s| %s\n", name_.c_str(), line.c_str());
      if (onLine_) onLine_(line);
      std::lock_guard lock(mutex_);
      if (!ready_ && line.find(readyMark_) != std::string::npos) ready_ = true;
      lastLines_.push_back(line);
      if (lastLines_.size() > 20) lastLines_.erase(lastLines_.begin());
      changed_.notify_all();
    }
  }
  close(fd);
  std::lock_guard lock(mutex_);
  eof_ = true;
  changed_.notify_all();
}

bool Child::waitReady(Duration limit) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, limit, [this] { return ready_ || eof_; });
  return ready_;
}

bool Child::exited() {
  if (pid_ < 0 || reaped_) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) reaped_ = true;
  return reaped_;
}

void Child::stop(Duration grace) {
  if (pid_ > 0 && !exited()) {
    kill(pid_, SIGTERM);
    const auto limit = std::chrono::steady_clock::now() + grace;
    while (!exited() && std::chrono::steady_clock::now() < limit) usleep(20'000);
    if (!exited()) {
      kill(-pid_, SIGKILL);  // the whole group: nothing it started stays behind
      waitpid(pid_, nullptr, 0);
      reaped_ = true;
    }
  }
  if (reader_.joinable()) reader_.join();
}

std::string Child::tail() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const std::string& line : lastLines_) out += "  " + name_ + ": " + line + "\n";
  return out;
}

std::string selfBinary() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string{} : path.string();
}

std::string findBinary(const std::string& name) {
  namespace fs = std::filesystem;
  const fs::path self = selfBinary();
  std::vector<fs::path> candidates;
  if (!self.empty()) {
    candidates.push_back(self.parent_path() / name);
    candidates.push_back(self.parent_path().parent_path() / name / name);  // build tree: tools/NAME/NAME
  }
  if (const char* path = std::getenv("PATH")) {
    std::string list = path;
    for (size_t start = 0; start <= list.size();) {
      const size_t colon = std::min(list.find(':', start), list.size());
      if (colon > start) candidates.push_back(fs::path(list.substr(start, colon - start)) / name);
      start = colon + 1;
    }
  }
  for (const fs::path& c : candidates) {
    if (access(c.c_str(), X_OK) == 0 && fs::is_regular_file(c)) return c.string();
  }
  return {};
}

}  // namespace dnsfailover::cli::demo
