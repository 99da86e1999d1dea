#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include "engine/live/process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

namespace dnsfailover::live {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

constexpr auto kReapPoll = std::chrono::milliseconds{10};

// One child from fork to reaping; owns the pipe and the timers.
class Child : public std::enable_shared_from_this<Child> {
 public:
  Child(asio::io_context& io, pid_t pid, int outFd, ProcessRequest request, std::function<void(ProcessResult)> done)
      : out_(io, outFd), poll_(io), pid_(pid), request_(std::move(request)), done_(std::move(done)),
        deadline_(Clock::now() + request_.timeout) {
    result_.started = true;
  }

  void start() {
    read();
    reap();
  }

 private:
  void read() {
    out_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](boost::system::error_code ec, size_t n) {
      const size_t room = self->request_.maxOutputBytes - std::min(self->request_.maxOutputBytes, self->result_.output.size());
      self->result_.output.append(self->buffer_.data(), std::min(n, room));
      if (!ec) return self->read();  // keep draining so the child never blocks on a full pipe
      // EOF (or the pipe closed): everything the child wrote is in.
      self->drained_ = true;
      self->maybeFinish();
    });
  }

  void reap() {
    if (finished_) return;
    if (!exited_) {
      int status = 0;
      const pid_t got = ::waitpid(pid_, &status, WNOHANG);
      if (got == pid_) {
        exited_ = true;
        if (WIFEXITED(status)) result_.exitCode = WEXITSTATUS(status);
        if (WIFSIGNALED(status)) result_.signal = WTERMSIG(status);
        if (maybeFinish()) return;
      }
    }
    // Exited, but something it started still holds the pipe open: give up
    // on the rest of the output at the deadline.
    if (exited_ && Clock::now() >= deadline_) {
      drained_ = true;
      maybeFinish();
      return;
    }
    if (!exited_ && !result_.timedOut && Clock::now() >= deadline_) {
      result_.timedOut = true;
      ::kill(pid_, SIGKILL);
    }
    poll_.expires_after(kReapPoll);
    poll_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->reap();
    });
  }

  // The result is complete once the child is reaped and its output read
  // to the end (a child's last write can still be in the pipe when it exits).
  bool maybeFinish() {
    if (!exited_ || !drained_ || finished_) return finished_;
    finished_ = true;
    finish();
    return true;
  }

  void finish() {
    poll_.cancel();
    boost::system::error_code ignored;
    out_.close(ignored);
    auto done = std::move(done_);
    done(std::move(result_));
  }

  asio::posix::stream_descriptor out_;
  asio::steady_timer poll_;
  pid_t pid_;
  ProcessRequest request_;
  std::function<void(ProcessResult)> done_;
  Clock::time_point deadline_;
  ProcessResult result_;
  std::array<char, 1024> buffer_{};
  bool exited_ = false;
  bool drained_ = false;
  bool finished_ = false;
};

// Everything the child needs, built before fork: after it only
// async-signal-safe calls may run.
struct ExecPlan {
  std::vector<std::string> strings;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecPlan planFor(const ProcessRequest& request) {
  ExecPlan plan;
  bool hasPath = false;
  for (const auto& [name, value] : request.env) hasPath = hasPath || name == "PATH";
  plan.strings.reserve(request.argv.size() + request.env.size() + 1);
  for (const std::string& a : request.argv) plan.strings.push_back(a);
  for (const auto& [name, value] : request.env) plan.strings.push_back(name + "=" + value);
  if (!hasPath) plan.strings.push_back(std::string("PATH=") + ForkExecRunner::kDefaultPath);
  for (size_t i = 0; i < request.argv.size(); ++i) plan.argv.push_back(plan.strings[i].data());
  plan.argv.push_back(nullptr);
  for (size_t i = request.argv.size(); i < plan.strings.size(); ++i) plan.envp.push_back(plan.strings[i].data());
  plan.envp.push_back(nullptr);
  return plan;
}

}  // namespace

ForkExecRunner::ForkExecRunner(asio::io_context& io) : io_(io) {}

ForkExecRunner::~ForkExecRunner() = default;

void ForkExecRunner::run(ProcessRequest request, std::function<void(ProcessResult)> unguarded) {
  std::function<void(ProcessResult)> done = lifetime_.guard(std::move(unguarded));
  auto refuse = [this, &done](std::string why) {
    ProcessResult result;
    result.error = std::move(why);
    asio::post(io_, [done = std::move(done), result] { done(result); });
  };
  if (request.argv.empty() || request.argv[0].empty() || request.argv[0][0] != '/') {
    return refuse("cannot run \"" + (request.argv.empty() ? std::string() : request.argv[0]) +
                  "\": expected an absolute path");
  }
  // The exec error reaches the parent through a close-on-exec pipe: EOF
  // means the exec worked, an errno means it did not.
  int out[2];
  int status[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return refuse(std::string("cannot make a pipe: ") + std::strerror(errno));
  if (::pipe2(status, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return refuse(std::string("cannot make a pipe: ") + std::strerror(errno));
  }
  ExecPlan plan = planFor(request);
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], status[0], status[1]}) ::close(fd);
    return refuse(std::string("cannot fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The child: only async-signal-safe calls from here on.
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    ::setpgid(0, 0);
    ::execve(plan.argv[0], plan.argv.data(), plan.envp.data());
    const int error = errno;
    [[maybe_unused]] ssize_t ignored = ::write(status[1], &error, sizeof error);
    ::_exit(127);
  }
  ::close(out[1]);
  ::close(status[1]);
  int execError = 0;
  ssize_t n;
  do {
    n = ::read(status[0], &execError, sizeof execError);
  } while (n < 0 && errno == EINTR);
  ::close(status[0]);
  if (n == static_cast<ssize_t>(sizeof execError)) {
    ::close(out[0]);
    int ignored = 0;
    ::waitpid(pid, &ignored, 0);
    return refuse("cannot run " + request.argv[0] + ": " + std::strerror(execError));
  }
  auto child = std::make_shared<Child>(io_, pid, out[0], std::move(request), std::move(done));
  asio::post(io_, [child] { child->start(); });
}

}  // namespace dnsfailover::live
