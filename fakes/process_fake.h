#pragma once
// The programs of a simulated machine, as the engine's ProcessRunner port:
// each known program path has an exit code and a run time; a run is kept
// (argv, environment, when) and ends after its run time, or is killed at
// the request's timeout if it runs longer. An unknown path cannot be run,
// as execve would say. Deterministic: no real process is started.

#include <map>
#include <string>
#include <vector>

#include "engine/ports/process_runner.h"
#include "engine/ports/scheduler.h"

namespace dnsfailover::fakes {

struct FakeProgram {
  int exitCode = 0;
  Duration runTime = std::chrono::milliseconds{50};
};

class FakeProcesses final : public ProcessRunner {
 public:
  explicit FakeProcesses(Scheduler& scheduler) : scheduler_(scheduler) {}

  void install(const std::string& path, FakeProgram program) { programs_[path] = program; }
  void run(ProcessRequest request, std::function<void(ProcessResult)> done) override;

  struct Run {
    TimePoint at{};
    std::vector<std::string> argv;
    std::vector<std::pair<std::string, std::string>> env;
  };
  const std::vector<Run>& runs() const { return runs_; }

 private:
  Scheduler& scheduler_;
  std::map<std::string, FakeProgram> programs_;
  std::vector<Run> runs_;
};

}  // namespace dnsfailover::fakes
