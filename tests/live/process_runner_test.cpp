// Goal: the live command runner execs the program itself (no shell): argv
// reaches it unchanged, its environment is exactly the one asked for (the
// daemon's own, with its credentials, never leaks), its exit code and
// output come back, a program past its timeout is killed, and one that
// cannot be run is reported with the reason.

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "engine/live/event_loop.h"
#include "engine/live/process_runner.h"

namespace dnsfailover::live {
namespace {

using std::chrono::milliseconds;

ProcessResult runIt(ProcessRequest request) {
  EventLoop loop;
  ForkExecRunner runner(loop.context());
  std::optional<ProcessResult> result;
  runner.run(std::move(request), [&](ProcessResult r) { result = std::move(r); });
  loop.runUntil([&] { return result.has_value(); }, milliseconds{30000});  // a hang guard
  EXPECT_TRUE(result.has_value());
  return result.value_or(ProcessResult{});
}

TEST(ForkExecRunner, TheEnvironmentIsExactlyTheEventsAndArgvIsNotAShellLine) {
  ::setenv("DNSFAILOVER_TEST_PROVIDER_KEY", "must-not-leak-4b1d", 1);
  ProcessRequest request;
  request.argv = {"/usr/bin/env"};
  request.env = {{"DNSFAILOVER_EVENT", "failover"}, {"DNSFAILOVER_ADDRESS", "51.158.104.109"}};
  const ProcessResult r = runIt(request);
  EXPECT_TRUE(r.ok()) << r.describe();
  EXPECT_NE(r.output.find("DNSFAILOVER_EVENT=failover\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("DNSFAILOVER_ADDRESS=51.158.104.109\n"), std::string::npos);
  EXPECT_NE(r.output.find("PATH=/usr/local/bin:/usr/bin:/bin\n"), std::string::npos);
  EXPECT_EQ(r.output.find("must-not-leak"), std::string::npos) << "the daemon's environment leaked";

  ProcessRequest echo;
  echo.argv = {"/bin/echo", "a; touch /tmp/x", "$(id)"};
  const ProcessResult e = runIt(echo);
  EXPECT_EQ(e.output, "a; touch /tmp/x $(id)\n") << "no shell interprets the arguments";
}

TEST(ForkExecRunner, ExitCodesComeBack) {
  ProcessRequest request;
  request.argv = {"/bin/false"};
  const ProcessResult r = runIt(request);
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe(), "exit 1");
}

TEST(ForkExecRunner, APastTheTimeoutProgramIsKilled) {
  ProcessRequest request;
  request.argv = {"/bin/sleep", "30"};
  request.timeout = milliseconds{200};
  const ProcessResult r = runIt(request);
  EXPECT_TRUE(r.timedOut);
  EXPECT_EQ(r.signal, 9);
  EXPECT_EQ(r.describe(), "killed after the timeout (signal 9)");
}

TEST(ForkExecRunner, AProgramThatCannotRunIsReported) {
  ProcessRequest missing;
  missing.argv = {"/nonexistent/page-oncall"};
  const ProcessResult r = runIt(missing);
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.error, "cannot run /nonexistent/page-oncall: No such file or directory");
  ProcessRequest relative;
  relative.argv = {"env"};
  EXPECT_EQ(runIt(relative).error, "cannot run \"env\": expected an absolute path");
}

}  // namespace
}  // namespace dnsfailover::live
