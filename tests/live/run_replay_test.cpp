// Goal: `dnsfailover replay` on a trace that `dnsfailover run` really
// recorded against loopback catservers (main fails at :20, backup at :40,
// both recover at :00, at 600x) and a fake HE: with the run's own config
// and with a changed policy, it rebuilds the run from the trace alone,
// replays it and lists each failover observed and replayed; also from the
// run's store, which keeps the same events.
//
// No timing is asserted: what the live run observed varies; the replay
// must find the failovers in it and run them again.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "fakes/net/test_cert.h"
#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using json = nlohmann::json;
using testing::ChildProcess;

constexpr const char* kKeyEnv = "DNSF_REPLAY_TEST_HE_KEY";

// Runs a dnsfailover subcommand to its end; its stdout and exit status.
std::pair<std::string, int> runTool(const std::vector<std::string>& argv, const std::string& stderrFile) {
  ChildProcess child(argv, stderrFile);
  std::string out;
  while (auto line = child.readLine(std::chrono::seconds{120})) out += *line + "\n";
  const auto status = child.wait(std::chrono::seconds{60});
  return {out, status ? *status : -1};
}

TEST(RunReplay, ATraceOfTheLiveCatHourReplaysWithAChangedPolicy) {
  const std::string key = "replay-test-ddns-key-81f0c2";
  testing::ScopedEnv keyEnv(kKeyEnv, key);
  testing::FakeHe he("127.0.0.54", "cat.he.okerr.com", key, Duration{0});
  // At 600x from :15: main fails ~0.5 s after start, backup ~2.5 s, both recover at ~4.5 s.
  const std::vector<std::string> clock = {"--time-scale", "600", "--start", "00:15:00"};
  std::vector<testing::Catserver> servers;
  servers.push_back(testing::startCatserver("main", "127.0.0.51", clock));
  servers.push_back(testing::startCatserver("backup", "127.0.0.52", clock));
  servers.push_back(testing::startCatserver("sorry", "127.0.0.53", clock));

  const json config = testing::catLoopbackConfig(servers, "http", kKeyEnv, he.endpoint());
  const std::string configFile = testing::tempPath("replay-config.json");
  const std::string changedFile = testing::tempPath("replay-changed.json");
  const std::string traceFile = testing::tempPath("replay-trace.jsonl");
  const std::string storeFile = testing::tempPath("replay-store.db");
  const std::string stderrFile = testing::tempPath("replay-stderr.txt");
  std::remove(storeFile.c_str());
  fakes::net::writeTextFile(configFile, config.dump(2));
  // The changed policy: checks five times rarer, one retry before ERR.
  json changed = config;
  changed["policies"]["fast"]["period"] = "500ms";
  changed["policies"]["fast"]["retry_schedule"] = "200ms";
  fakes::net::writeTextFile(changedFile, changed.dump(2));

  {
    ChildProcess daemon({DNSFAILOVER_BINARY, "run", configFile, "--trace", traceFile, "--store", storeFile}, stderrFile);
    // Main, backup, sorry, and main again after the :00 recovery.
    const bool done = testing::pollUntil(
        [&] {
          size_t mains = 0;
          bool sorry = false;
          for (const auto& p : he.pushes()) {
            if (p.holds == "127.0.0.53") sorry = true;
            if (sorry && p.holds == "127.0.0.51") ++mains;
          }
          return mains > 0;
        },
        std::chrono::seconds{60});
    const int status = daemon.terminate();
    ASSERT_TRUE(done) << "the live run never went main -> sorry -> main\n" << testing::slurp(stderrFile);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }

  // The run's own config: the replay reproduces the run.
  auto [same, sameStatus] = runTool({DNSFAILOVER_BINARY, "replay", traceFile, "--config", configFile}, stderrFile);
  EXPECT_EQ(sameStatus, 0) << same << testing::slurp(stderrFile);
  EXPECT_NE(same.find("scheme cat"), std::string::npos) << same;
  EXPECT_NE(same.find("failover"), std::string::npos) << same;
  EXPECT_NE(same.find("recovery"), std::string::npos) << same;

  // A changed policy, from the trace and from the store.
  const std::string scenarioFile = testing::tempPath("replay-scenario.json");
  auto [other, otherStatus] = runTool({DNSFAILOVER_BINARY, "replay", traceFile, "--was", configFile, "--config",
                                       changedFile, "--scenario", scenarioFile},
                                      stderrFile);
  EXPECT_EQ(otherStatus, 0) << other << testing::slurp(stderrFile);
  EXPECT_NE(other.find("replayed: simulation with " + changedFile), std::string::npos) << other;
  // For people: what the replays printed.
  fakes::net::writeTextFile(std::string(DNSFAILOVER_TEST_ARTIFACTS) + "/replay-same-config.txt", same);
  fakes::net::writeTextFile(std::string(DNSFAILOVER_TEST_ARTIFACTS) + "/replay-changed-policy.txt", other);
  EXPECT_NE(other.find("failover"), std::string::npos) << other;
  EXPECT_EQ(other.find(key), std::string::npos) << "the key never reaches the replay";
  const json scenario = json::parse(testing::slurp(scenarioFile));
  EXPECT_EQ(scenario["engine"]["policies"]["fast"]["period"], "500ms");
  bool errPage = false;
  for (const json& e : scenario["events"]) errPage = errPage || (e["kind"] == "server_page" && e["status"] == "ERR");
  EXPECT_TRUE(errPage) << "the observed ERR results became the servers' truth";
  EXPECT_EQ(scenario.dump().find(key), std::string::npos) << "the key never reaches the scenario";

  auto [stored, storedStatus] =
      runTool({DNSFAILOVER_BINARY, "replay", storeFile, "--was", configFile, "--config", changedFile}, stderrFile);
  EXPECT_EQ(storedStatus, 0) << stored << testing::slurp(stderrFile);
  EXPECT_NE(stored.find("failover"), std::string::npos) << stored;

  for (testing::Catserver& s : servers) s.process->terminate();
  for (const auto& f : {configFile, changedFile, traceFile, stderrFile, scenarioFile, storeFile, storeFile + "-wal",
                        storeFile + "-shm"}) {
    std::remove(f.c_str());
  }
}

}  // namespace
}  // namespace dnsfailover::live
