#include "fakes/process_fake.h"

namespace dnsfailover::fakes {

void FakeProcesses::run(ProcessRequest request, std::function<void(ProcessResult)> done) {
  ProcessResult result;
  Duration after{0};
  auto program = request.argv.empty() ? programs_.end() : programs_.find(request.argv[0]);
  if (program == programs_.end()) {
    result.error = "cannot run " + (request.argv.empty() ? std::string("(empty argv)") : request.argv[0]) +
                   ": No such file or directory";
  } else {
    runs_.push_back({scheduler_.now(), request.argv, request.env});
    result.started = true;
    if (program->second.runTime > request.timeout) {
      after = request.timeout;
      result.timedOut = true;
      result.signal = 9;
    } else {
      after = program->second.runTime;
      result.exitCode = program->second.exitCode;
    }
  }
  scheduler_.scheduleAfter(after, [done = std::move(done), result = std::move(result)] { done(result); });
}

}  // namespace dnsfailover::fakes
