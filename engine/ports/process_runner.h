#pragma once
// The ProcessRunner port: start one program, learn how it ended. Used by
// the command hook of the notifications (engine/notify/notifier.h).
//
// The contract every adapter keeps:
// - argv[0] is the program's path and argv the whole argument list; no
//   shell ever sees it, so nothing in an event can be interpreted as shell
//   syntax;
// - the program's environment is exactly `env` (plus PATH when `env` has
//   none): it never inherits the daemon's, which holds the providers'
//   credentials;
// - the program gets `timeout`; past it, it is killed (SIGKILL) and the
//   result says so;
// - stdin is /dev/null; the first `maxOutputBytes` of stdout and stderr
//   together are kept for the log.
// Live, engine/live/process_runner.h forks and execs; in the harness a
// fake plays the program.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {

struct ProcessRequest {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  Duration timeout = std::chrono::seconds{10};
  size_t maxOutputBytes = 4096;
};

struct ProcessResult {
  bool started = false;            // false: it could not be run (error says why)
  std::optional<int> exitCode;     // it exited
  std::optional<int> signal;       // it was killed by this signal
  bool timedOut = false;           // killed because it ran past the timeout
  std::string output;              // stdout and stderr, truncated
  std::string error;

  bool ok() const { return started && exitCode == 0; }
  // "exit 0", "exit 3", "killed by signal 9 after the 10s timeout",
  // "cannot run /usr/bin/x: No such file or directory".
  std::string describe() const;
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // `done` runs exactly once, later (never inside run()), on the engine's thread.
  virtual void run(ProcessRequest request, std::function<void(ProcessResult)> done) = 0;
};

}  // namespace dnsfailover
