#include "engine/ports/process_runner.h"

namespace dnsfailover {

std::string ProcessResult::describe() const {
  if (!started) return error.empty() ? "not started" : error;
  if (timedOut) return "killed after the timeout" + (signal ? " (signal " + std::to_string(*signal) + ")" : std::string{});
  if (signal) return "killed by signal " + std::to_string(*signal);
  if (exitCode) return "exit " + std::to_string(*exitCode);
  return "ended";
}

}  // namespace dnsfailover
