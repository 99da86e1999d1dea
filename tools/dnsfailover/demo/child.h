#pragma once
// A child process of `dnsfailover demo`: started with fork + exec in its
// own process group (so a Ctrl-C at the terminal reaches the demo only, and
// the demo stops the children in order), with PR_SET_PDEATHSIG so it dies
// with the demo even if the demo is killed outright, and with its stdout
// and stderr on one pipe that a thread reads line by line: each line is
// checked against the readiness mark and, when asked, echoed with the
// child's name in front.
//
// Signals the demo blocks are unblocked in the child before exec.

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover::cli::demo {

class Child {
 public:
  // `onLine` (optional) sees every line, on the reader thread.
  Child(std::string name, std::string readyMark, bool echo, std::function<void(const std::string&)> onLine = {});
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();  // stops (SIGTERM, then SIGKILL) and joins the reader

  // Starts `argv` (argv[0] is the binary's path); throws std::runtime_error
  // naming the binary when fork or exec fails.
  void start(const std::vector<std::string>& argv);
  // True once a line containing the ready mark was seen; false when the
  // child exited or `limit` passed first.
  bool waitReady(Duration limit);
  // SIGTERM, wait up to `grace`, then SIGKILL; reaps the child. Idempotent.
  void stop(Duration grace = std::chrono::seconds{5});
  // Reaps the child if it has exited (non-blocking); true when it has.
  bool exited();

  pid_t pid() const { return pid_; }
  const std::string& name() const { return name_; }
  // The last lines it printed, for an error message when it failed.
  std::string tail() const;

 private:
  void readLoop(int fd);

  std::string name_;
  std::string readyMark_;
  bool echo_;
  std::function<void(const std::string&)> onLine_;
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool ready_ = false;
  bool eof_ = false;
  std::vector<std::string> lastLines_;
};

// The path of a sibling binary: next to the running one, in the build
// tree's tools/NAME/ beside it, or on PATH. Empty when none is found.
std::string findBinary(const std::string& name);
// The running binary (/proc/self/exe).
std::string selfBinary();

}  // namespace dnsfailover::cli::demo
