#pragma once
// A child process for integration tests (catserver instances): started
// with posix_spawn, stdout captured line by line, and always ended: the
// destructor sends SIGTERM, waits briefly, then SIGKILLs, so a failing
// test never leaves a server behind.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace dnsfailover::live::testing {

class ChildProcess {
 public:
  // argv[0] is the program path. Throws std::runtime_error if it cannot start.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // The same, with stderr written to `stderrFile` (created or truncated)
  // instead of the test's own stderr.
  ChildProcess(const std::vector<std::string>& argv, const std::string& stderrFile);
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  // The next line of stdout (without '\n'); nullopt at EOF or after `limit`.
  std::optional<std::string> readLine(std::chrono::milliseconds limit);
  // SIGTERM, then the exit status as from waitpid (SIGKILL after `grace`).
  int terminate(std::chrono::milliseconds grace = std::chrono::seconds{10});
  // Sends `signo` (SIGHUP to make fake-dns reload) while it runs.
  void signal(int signo);
  pid_t pid() const { return pid_; }
  // Waits for the process to exit by itself; the status, or nullopt after `limit`.
  std::optional<int> wait(std::chrono::milliseconds limit);

 private:
  pid_t pid_ = -1;
  int stdoutFd_ = -1;
  std::string buffered_;
  std::optional<int> status_;
};

}  // namespace dnsfailover::live::testing
