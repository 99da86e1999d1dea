// Goal: `dnsfailover run --dry-run` against real catserver processes on
// loopback and the fake HE API: the checks run and the selection fails
// over, every push is a would_push line in the trace,
// the fake receives no request at all, the status API says dry run, and
// the store never learns that the provider holds anything.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>
#include <set>

#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "engine/live/sqlite_store.h"
#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::ChildProcess;

constexpr const char* kKeyEnv = "DNSF_DRY_RUN_TEST_HE_KEY";

TEST(RunDryRun, DecidesButNeverPushes) {
  const std::string key = "dry-run-test-ddns-key-60aa1";
  testing::ScopedEnv keyEnv(kKeyEnv, key);
  testing::FakeHe he("127.0.0.44", "cat.he.okerr.com", key, Duration{0});
  // An hour every 6 s from :15, so :20 (main fails) comes within a second.
  const std::vector<std::string> clock = {"--time-scale", "600", "--start", "00:15:00"};
  std::vector<testing::Catserver> servers;
  servers.push_back(testing::startCatserver("main", "127.0.0.41", clock));
  servers.push_back(testing::startCatserver("backup", "127.0.0.42", clock));
  servers.push_back(testing::startCatserver("sorry", "127.0.0.43", clock));

  nlohmann::json config = testing::catLoopbackConfig(servers, "http", kKeyEnv, he.endpoint());
  const std::string tokenFile = testing::tempPath("dry-token");
  fakes::net::writeTextFile(tokenFile, "dry-run-test-status-token-21c0");
  ::chmod(tokenFile.c_str(), 0600);
  config["status"] = {{"listen", "127.0.0.1:0"}, {"token_file", tokenFile}};
  const std::string configFile = testing::tempPath("dry-config.json");
  const std::string traceFile = testing::tempPath("dry-trace.jsonl");
  const std::string stderrFile = testing::tempPath("dry-stderr.txt");
  const std::string storeFile = testing::tempPath("dry-store.db");
  fakes::net::writeTextFile(configFile, config.dump(2));

  ChildProcess daemon({DNSFAILOVER_BINARY, "run", configFile, "--dry-run", "--trace", traceFile, "--store", storeFile},
                      stderrFile);
  std::vector<std::string> wouldPush;
  bool exited = false;
  testing::pollUntil(
      [&] {
        if (daemon.wait(std::chrono::milliseconds{0})) return exited = true;
        wouldPush.clear();
        for (const auto& e : testing::readTraceEvents(traceFile)) {
          if (e.value("type", "") == "would_push") wouldPush.push_back(e.value("address", ""));
        }
        // A selection change decided (the hour passes every 6 s): two addresses.
        return std::set<std::string>(wouldPush.begin(), wouldPush.end()).size() >= 2;
      },
      std::chrono::seconds{60});
  ASSERT_FALSE(exited) << testing::slurp(stderrFile);
  ASSERT_FALSE(wouldPush.empty()) << testing::slurp(traceFile);
  EXPECT_GE(std::set<std::string>(wouldPush.begin(), wouldPush.end()).size(), 2u)
      << "a failover is decided and would be pushed";

  // The status API says so.
  const std::string text = testing::slurp(stderrFile);
  EXPECT_NE(text.find("DRY RUN"), std::string::npos) << text;
  const std::string marker = "status page ";
  const size_t at = text.find(marker);
  ASSERT_NE(at, std::string::npos) << text;
  const std::string base = text.substr(at + marker.size(), text.find('\n', at) - at - marker.size());
  {
    EventLoop loop;
    LiveHttpClient client(loop, {});
    const HttpResult api = testing::fetch(loop, client, testing::get(base + "api/v1/status"));
    ASSERT_TRUE(api.ok()) << api.error;
    const auto status = nlohmann::json::parse(api.response->body);
    EXPECT_EQ(status["dry_run"], true);
    EXPECT_EQ(status["schemes"][0]["sync"]["status"], "dry run");
    EXPECT_TRUE(status["schemes"][0]["sync"]["provider_holds"].is_null());
  }
  const int exit = daemon.terminate();
  EXPECT_TRUE(WIFEXITED(exit) && WEXITSTATUS(exit) == 0) << testing::slurp(stderrFile);

  EXPECT_EQ(he.pushCount(), 0u) << "a dry run sent a push";
  size_t pushes = 0;
  for (const auto& e : testing::readTraceEvents(traceFile)) pushes += e.value("type", "") == "push" ? 1 : 0;
  EXPECT_EQ(pushes, 0u);
  SqliteStoreOptions readOnly;
  readOnly.mode = SqliteStoreOptions::Mode::ReadOnly;
  const std::optional<EngineState> stored = SqliteStore(storeFile, readOnly).load();
  ASSERT_TRUE(stored);
  const SchemeState& cat = stored->schemes.at("cat");
  EXPECT_TRUE(cat.providerHolds.empty()) << "the store was told the provider holds something";
  EXPECT_FALSE(cat.owed.empty()) << "the push stays owed for a real run";
}

}  // namespace
}  // namespace dnsfailover::live
