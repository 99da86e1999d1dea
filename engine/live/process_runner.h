#pragma once
// The ProcessRunner port for real life (engine/ports/process_runner.h):
// fork and execve, never a shell; the child's environment is exactly the
// request's (plus a default PATH), stdin is /dev/null, stdout and stderr go
// to one pipe whose first bytes are kept. The parent watches the pipe on
// the io_context and reaps the child by polling waitpid; past the timeout
// it sends SIGKILL. Results are delivered on the io_context's thread, never
// inside run(); those of runs still going when the runner is destroyed are
// dropped (a Lifetime guards them), while the child is still watched on
// the io_context until it is reaped (killed at its timeout).
//
// Asio stays out of this header; only process_runner.cpp pays for it.

#include <memory>

#include "engine/core/lifetime.h"
#include "engine/ports/process_runner.h"

namespace boost::asio {
class io_context;
}

namespace dnsfailover::live {

class ForkExecRunner final : public ProcessRunner {
 public:
  explicit ForkExecRunner(boost::asio::io_context& io);
  ForkExecRunner(const ForkExecRunner&) = delete;
  ForkExecRunner& operator=(const ForkExecRunner&) = delete;
  ~ForkExecRunner() override;

  void run(ProcessRequest request, std::function<void(ProcessResult)> done) override;

  static constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

 private:
  boost::asio::io_context& io_;
  Lifetime lifetime_;  // last member: ends first
};

}  // namespace dnsfailover::live
