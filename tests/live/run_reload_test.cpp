// Goal: SIGHUP reloads a running daemon's config without the world
// noticing what did not change. Against the fake HE dyn API and three
// catserver processes that never fail on their own (127.0.0.41..43, fake
// HE on .44), one daemon goes through:
//   1. add a member: the scheme reselects once, the selection (main) stands,
//      so no push; main and backup keep their status (no new indicator_status);
//   2. remove main: the selection moves to backup, exactly one push;
//   3. change backup's policy: backup restarts (announces its status again),
//      sorry keeps its own, and the selection stands: no push;
//   4. break the config: every error is logged with its path, the reload is
//      refused (config_reload ok=false) and the old config keeps working:
//      stopping the backup server still fails over to sorry;
//   5. lose a credential: refused like a config error.
// Every step is checked against the fake's push log and the trace's
// config_reload events. Waits poll with generous limits; an "absence"
// check (no push, no re-announced status) looks once the reload's own
// consequences (a reselection, a new indicator's first status) are traced.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using nlohmann::json;
using testing::Catserver;
using testing::ChildProcess;
using testing::FakeHe;

constexpr const char* kKeyEnv = "DNSF_RELOAD_TEST_HE_KEY";

std::vector<json> eventsOf(const std::vector<json>& events, const std::string& type, size_t from = 0) {
  std::vector<json> out;
  for (size_t i = from; i < events.size(); ++i) {
    if (events[i].value("type", "") == type) out.push_back(events[i]);
  }
  return out;
}

std::vector<json> statusesOf(const std::vector<json>& events, const std::string& indicator, size_t from) {
  std::vector<json> out;
  for (const json& e : eventsOf(events, "indicator_status", from)) {
    if (e.value("indicator", "") == indicator) out.push_back(e);
  }
  return out;
}

class Reloads {
 public:
  Reloads(const std::string& configFile, const std::string& traceFile, ChildProcess& daemon)
      : configFile_(configFile), traceFile_(traceFile), daemon_(daemon) {}

  // Writes `config`, sends SIGHUP and waits for the config_reload event;
  // returns it, and in `mark` the index of the first event after it.
  json reload(const json& config, size_t& mark) {
    fakes::net::writeTextFile(configFile_, config.dump(2));
    const size_t before = eventsOf(testing::readTraceEvents(traceFile_), "config_reload").size();
    daemon_.signal(SIGHUP);
    std::vector<json> events;
    const bool seen = testing::pollUntil(
        [&] {
          events = testing::readTraceEvents(traceFile_);
          return eventsOf(events, "config_reload").size() > before;
        },
        std::chrono::seconds{30});
    EXPECT_TRUE(seen) << "no config_reload event after SIGHUP";
    if (!seen) return json::object();
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].value("type", "") == "config_reload") mark = i + 1;
    }
    return events[mark - 1];
  }

 private:
  std::string configFile_;
  std::string traceFile_;
  ChildProcess& daemon_;
};

TEST(RunReload, SighupAddsRemovesChangesAndRefusesABrokenConfig) {
  const std::string key = "reload-test-ddns-key-5d20aa";
  testing::ScopedEnv keyEnv(kKeyEnv, key);
  FakeHe he("127.0.0.44", "cat.he.okerr.com", key, Duration{0});
  const std::vector<std::string> steady = {"--fail-minute", "never"};
  std::vector<Catserver> servers;
  servers.push_back(testing::startCatserver("main", "127.0.0.41", steady));
  servers.push_back(testing::startCatserver("backup", "127.0.0.42", steady));
  servers.push_back(testing::startCatserver("sorry", "127.0.0.43", steady));

  // The full cat config (three members) and a start with only two of them.
  const json full = testing::catLoopbackConfig(servers, "http", kKeyEnv, he.endpoint());
  json config = full;
  config["indicators"].erase(2);
  config["schemes"][0]["members"].erase(2);
  const std::string configFile = testing::tempPath("reload-config.json");
  const std::string traceFile = testing::tempPath("reload-trace.jsonl");
  const std::string stderrFile = testing::tempPath("reload-stderr.txt");
  const std::string storeFile = testing::tempPath("reload-store.db");
  fakes::net::writeTextFile(configFile, config.dump(2));
  ChildProcess daemon({DNSFAILOVER_BINARY, "run", configFile, "--store", storeFile, "--trace", traceFile},
                      stderrFile);
  Reloads reloads(configFile, traceFile, daemon);
  auto log = [&] { return "\nstderr:\n" + testing::slurp(stderrFile); };

  ASSERT_TRUE(testing::pollUntil([&] { return he.holds() == "127.0.0.41" && he.pushCount() == 1; },
                                 std::chrono::seconds{60}))
      << "main was never pushed" << log();
  size_t mark = 0;

  // 1. Add sorry as a third member.
  config = full;
  json event = reloads.reload(config, mark);
  EXPECT_EQ(event.value("ok", false), true) << event.dump() << log();
  EXPECT_EQ(event.value("changed_indicators", -1), 1) << event.dump();
  EXPECT_EQ(event.value("changed_schemes", -1), 1) << event.dump();
  ASSERT_TRUE(testing::pollUntil(
      [&] { return !statusesOf(testing::readTraceEvents(traceFile), "bravo:cat", mark).empty(); },
      std::chrono::seconds{30}))
      << "the new member was never checked" << log();
  std::this_thread::sleep_for(std::chrono::milliseconds{500});  // room for a wrong push to show
  {
    const auto events = testing::readTraceEvents(traceFile);
    EXPECT_TRUE(statusesOf(events, "charlie:cat", mark).empty()) << "main announced again";
    EXPECT_TRUE(statusesOf(events, "echo:cat", mark).empty()) << "backup announced again";
    for (const json& s : eventsOf(events, "selection", mark)) EXPECT_EQ(s.value("address", ""), "127.0.0.41");
  }
  EXPECT_EQ(he.pushCount(), 1u) << "a push although the selection stayed main";

  // 2. Remove main (indicator and member): one push, to backup.
  config = full;
  config["indicators"].erase(0);
  config["schemes"][0]["members"].erase(0);
  event = reloads.reload(config, mark);
  EXPECT_EQ(event.value("ok", false), true) << event.dump() << log();
  EXPECT_EQ(event.value("changed_schemes", -1), 1) << event.dump();
  ASSERT_TRUE(testing::pollUntil([&] { return he.holds() == "127.0.0.42"; }, std::chrono::seconds{30}))
      << "backup was never pushed" << log();
  std::this_thread::sleep_for(std::chrono::milliseconds{500});
  EXPECT_EQ(he.pushCount(), 2u) << "expected exactly one push for the one selection change";

  // 3. Give backup a slower policy of its own: only backup starts afresh.
  config["policies"]["slow"] = {{"period", "300ms"}, {"retry_schedule", ""}, {"recovery_retry_schedule", ""}};
  config["indicators"][0]["policy"] = "slow";
  event = reloads.reload(config, mark);
  EXPECT_EQ(event.value("ok", false), true) << event.dump() << log();
  EXPECT_EQ(event.value("changed_indicators", -1), 1) << event.dump();
  EXPECT_EQ(event.value("changed_schemes", -1), 0) << event.dump();
  ASSERT_TRUE(testing::pollUntil(
      [&] { return !statusesOf(testing::readTraceEvents(traceFile), "echo:cat", mark).empty(); },
      std::chrono::seconds{30}))
      << "backup did not restart under its new policy" << log();
  std::this_thread::sleep_for(std::chrono::milliseconds{500});
  EXPECT_TRUE(statusesOf(testing::readTraceEvents(traceFile), "bravo:cat", mark).empty()) << "sorry announced again";
  EXPECT_EQ(he.pushCount(), 2u) << "a push although the selection stayed backup";
  EXPECT_EQ(he.holds(), "127.0.0.42");
  const json working = config;

  // 4. Break it: two errors, both reported by path; the old config stays.
  config["schemes"][0]["ttl"] = "soon";
  config["schemes"][0]["members"][0]["indicator"] = "nobody";
  event = reloads.reload(config, mark);
  EXPECT_EQ(event.value("ok", true), false) << event.dump();
  EXPECT_EQ(event.value("errors", 0), 2) << event.dump();
  const std::string text = testing::slurp(stderrFile);
  EXPECT_NE(text.find(configFile + ": schemes[0].ttl: "), std::string::npos) << text;
  EXPECT_NE(text.find(configFile + ": schemes[0].members[0].indicator: unknown indicator"), std::string::npos) << text;
  EXPECT_NE(text.find("reload refused"), std::string::npos) << text;
  ASSERT_FALSE(daemon.wait(std::chrono::milliseconds{0})) << "the daemon exited on a broken config" << log();
  servers[1].process->terminate();  // backup goes down: the old config must fail over to sorry
  EXPECT_TRUE(testing::pollUntil([&] { return he.holds() == "127.0.0.43"; }, std::chrono::seconds{30}))
      << "the old config stopped working after a refused reload" << log();
  EXPECT_EQ(he.pushCount(), 3u);

  // 5. A reload that would lose the credential is refused too.
  config = working;
  config["schemes"][0]["credentials"] = {{"env", "DNSF_RELOAD_TEST_NO_SUCH_KEY"}};
  event = reloads.reload(config, mark);
  EXPECT_EQ(event.value("ok", true), false) << event.dump();
  EXPECT_NE(testing::slurp(stderrFile).find(configFile +
                                            ": schemes[0].credentials: environment variable "
                                            "DNSF_RELOAD_TEST_NO_SUCH_KEY is not set"),
            std::string::npos)
      << log();

  const int status = daemon.terminate();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status << log();
  EXPECT_EQ(testing::slurp(stderrFile).find(key), std::string::npos) << "the key reached the log";
  EXPECT_EQ(testing::slurp(traceFile).find(key), std::string::npos) << "the key reached the trace";
  he.stop();
  for (Catserver& s : servers) s.process->terminate();
  for (const auto& f : {configFile, traceFile, stderrFile, storeFile, storeFile + "-wal", storeFile + "-shm"}) {
    std::remove(f.c_str());
  }
}

}  // namespace
}  // namespace dnsfailover::live
