// `dnsfailover run CONFIG` end to end, as an operator starts it: the real
// binary as a child process, three catserver processes on 127.0.0.21..23
// running an accelerated hour, and the fake HE dyn API behind its network
// door (HTTPS with a test CA, handed to the daemon with --ca-file) on
// 127.0.0.24 in this process. The daemon's JSON-lines trace (--trace) must
// show main selected and pushed, then backup after main's fail minute, and
// the fake must hold what was pushed last. The DDNS key comes from an
// environment variable and the fake quotes it back once in an error reply;
// it must appear neither in the daemon's stderr nor in its trace.
//
// Every child is a ChildProcess, whose destructor ends it, so a failing
// assertion never leaves a process behind.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "engine/ports/trace_json.h"
#include "fakes/he_dyn_api.h"
#include "fakes/net/http_server.h"
#include "fakes/net/test_cert.h"
#include "fakes/zone_store.h"
#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::ChildProcess;

using testing::Catserver;
using testing::startCatserver;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Answers the first request with HE's "911" (and, with the fake's echo
// knob on, the key quoted back), then behaves: the daemon must retry, and
// must not repeat the key anywhere.
class FirstRequestFails final : public fakes::TimedDoor {
 public:
  explicit FirstRequestFails(fakes::HeDynApi& inner) : inner_(inner) {}
  fakes::DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    const bool fail = !failed_;
    failed_ = true;
    inner_.faults().fail911 = fail;
    fakes::DoorReply reply = inner_.serve(request, now, peer);
    inner_.faults().fail911 = false;
    return reply;
  }

 private:
  fakes::HeDynApi& inner_;
  bool failed_ = false;
};

// What the daemon's trace says so far.
struct TraceView {
  std::vector<std::string> selections;  // consecutive duplicates folded
  std::vector<std::string> pushedOk;
  std::vector<std::string> failedReplies;
  // Index into `selections` at which main was first seen ERR (the
  // selection count at that moment); -1 when not yet.
  int mainErrAtSelection = -1;
  std::string mainErrReason;
  bool malformed = false;
  std::vector<int64_t> versions;  // of each trace_start line
};

TraceView readTrace(const std::string& path, const std::string& mainIndicator) {
  TraceView view;
  std::istringstream lines(slurp(path));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const std::optional<TraceEvent> e = parseTraceEventJson(line);
    if (!e) {
      view.malformed = true;  // a line being written right now is fine
      continue;
    }
    if (e->type == EventType::TraceStart) {
      view.versions.push_back(e->integer(field::version).value_or(-1));
    } else if (e->type == EventType::Selection) {
      const std::string address = e->text(field::address);
      if (view.selections.empty() || view.selections.back() != address) view.selections.push_back(address);
    } else if (e->type == EventType::Push) {
      if (e->flag(field::ok)) {
        view.pushedOk.push_back(e->text(field::address));
      } else {
        view.failedReplies.push_back(e->text(field::reply));
      }
    } else if (e->type == EventType::IndicatorStatus && e->text(field::indicator) == mainIndicator &&
               e->text(field::status) == "ERR" && view.mainErrAtSelection < 0) {
      view.mainErrAtSelection = static_cast<int>(view.selections.size());
      view.mainErrReason = e->text(field::reason);
    }
  }
  return view;
}

bool containsRun(const std::vector<std::string>& seq, const std::vector<std::string>& run) {
  return std::search(seq.begin(), seq.end(), run.begin(), run.end()) != seq.end();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " -> ") + s;
  return out;
}

TEST(RunCommand, FailsOverToBackupAndPushesToTheFakeHe) {
  const std::string mainIp = "127.0.0.21";
  const std::string backupIp = "127.0.0.22";
  const std::string sorryIp = "127.0.0.23";

  // The fake HE dyn API over HTTPS, trusted through --ca-file only.
  const fakes::net::PemPair ca = fakes::net::makeTestCa("run test CA");
  const std::string caFile = testing::tempPath("run-ca.pem");
  fakes::net::writeTextFile(caFile, ca.certPem);
  fakes::ZoneStore zones;
  zones.addZone("he.okerr.com");
  fakes::HeDynApi he(zones);
  const std::string key = "run-test-ddns-key-4f1c9a77e2";
  he.enableHost("cat.he.okerr.com", key);
  he.knobs().echoCredential = true;
  FirstRequestFails heDoor(he);
  fakes::net::HttpServerOptions heOptions;
  heOptions.address = "127.0.0.24";
  heOptions.https = true;
  heOptions.tlsPem = fakes::net::makeServerCert(ca, {"dyn.dns.he.net"}, {heOptions.address});
  fakes::net::HttpServer heServer(heDoor, heOptions);
  heServer.start();

  // At 600x from :10, main fails ~1 s after start, backup ~2 s later.
  const std::vector<std::string> clock = {"--time-scale", "600", "--start", "00:10:00"};
  std::vector<Catserver> servers;
  servers.push_back(startCatserver("main", mainIp, clock));
  servers.push_back(startCatserver("backup", backupIp, clock));
  servers.push_back(startCatserver("sorry", sorryIp, clock));

  nlohmann::json config = testing::catLoopbackConfig(servers, "http", "DNSF_RUN_TEST_HE_KEY", heServer.baseUrl() + "/nic/update");
  const std::string configFile = testing::tempPath("run-config.json");
  const std::string traceFile = testing::tempPath("run-trace.jsonl");
  const std::string stderrFile = testing::tempPath("run-stderr.txt");
  const std::string storeFile = testing::tempPath("run-store.db");  // fresh: this test is about a first start
  // The status page too, on any free loopback port (printed on stderr).
  const std::string tokenFile = testing::tempPath("run-token");
  const std::string token = "run-test-status-token-93b1";
  fakes::net::writeTextFile(tokenFile, token);
  ::chmod(tokenFile.c_str(), 0600);
  config["status"] = {{"listen", "127.0.0.1:0"}, {"token_file", tokenFile}};
  fakes::net::writeTextFile(configFile, config.dump(2));

  ::setenv("DNSF_RUN_TEST_HE_KEY", key.c_str(), 1);  // the child inherits it
  auto daemon = std::make_unique<ChildProcess>(
      std::vector<std::string>{DNSFAILOVER_BINARY, "run", configFile, "--trace", traceFile, "--ca-file", caFile,
                               "--store", storeFile},
      stderrFile);
  ::unsetenv("DNSF_RUN_TEST_HE_KEY");

  // Waits for main then backup, both selected and pushed. If start-up
  // missed :20, the next simulated hour (6 s later) gives the same order.
  TraceView view;
  const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds{90};
  bool exited = false;
  while (std::chrono::steady_clock::now() < guard) {
    view = readTrace(traceFile, "charlie:cat");
    if (containsRun(view.selections, {mainIp, backupIp}) && containsRun(view.pushedOk, {mainIp, backupIp})) break;
    if (daemon->wait(std::chrono::milliseconds{100})) {
      exited = true;
      break;
    }
  }
  EXPECT_FALSE(exited) << "dnsfailover run exited early; stderr:\n" << slurp(stderrFile);

  // The daemon's status server answers on its own loop: the API shows the
  // failover, the metrics counted it, control needs the token, and neither
  // the key nor the token is ever served.
  {
    const std::string text = slurp(stderrFile);
    const std::string marker = "status page ";
    const size_t at = text.find(marker);
    ASSERT_NE(at, std::string::npos) << text;
    const std::string base = text.substr(at + marker.size(), text.find('\n', at) - at - marker.size());
    EventLoop loop;
    LiveHttpClient client(loop, {});
    const HttpResult api = fetch(loop, client, testing::get(base + "api/v1/status"));
    ASSERT_TRUE(api.ok()) << api.error;
    EXPECT_EQ(api.response->status, 200);
    EXPECT_NE(api.response->body.find(backupIp), std::string::npos) << api.response->body;
    const HttpResult metrics = fetch(loop, client, testing::get(base + "metrics"));
    ASSERT_TRUE(metrics.ok()) << metrics.error;
    EXPECT_NE(metrics.response->body.find("dnsfailover_failovers_total"), std::string::npos);
    HttpRequest control = testing::get(base + "api/v1/schemes/cat/force-push");
    control.method = "POST";
    const HttpResult refused = fetch(loop, client, control);
    ASSERT_TRUE(refused.ok()) << refused.error;
    EXPECT_EQ(refused.response->status, 401);
    for (const HttpResult* r : {&api, &metrics, &refused}) {
      EXPECT_EQ(r->response->body.find(key), std::string::npos);
      EXPECT_EQ(r->response->body.find(token), std::string::npos);
    }
  }
  const int status = daemon->terminate();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status << "\n" << slurp(stderrFile);
  heServer.stop();  // from here the zone store is ours alone
  view = readTrace(traceFile, "charlie:cat");

  EXPECT_FALSE(view.malformed) << "a trace line is not JSON";
  ASSERT_FALSE(view.versions.empty()) << "the trace has no trace_start line";
  for (int64_t v : view.versions) EXPECT_EQ(v, kTraceVersion);
  EXPECT_TRUE(containsRun(view.selections, {mainIp, backupIp})) << "selections: " << join(view.selections);
  EXPECT_TRUE(containsRun(view.pushedOk, {mainIp, backupIp})) << "pushes: " << join(view.pushedOk);
  ASSERT_FALSE(view.selections.empty());
  EXPECT_EQ(view.selections.front(), mainIp) << "the first choice is main (everything OK at :10)";
  // Backup came only after main's check saw the page's fail minute.
  const auto backupAt = std::find(view.selections.begin(), view.selections.end(), backupIp) - view.selections.begin();
  EXPECT_GE(view.mainErrAtSelection, 1) << "main went ERR before it was ever selected";
  EXPECT_LE(view.mainErrAtSelection, backupAt) << "backup was selected before main failed";
  EXPECT_NE(view.mainErrReason.find("status=OK"), std::string::npos) << view.mainErrReason;
  // The first push met HE's "911" and was retried.
  ASSERT_FALSE(view.failedReplies.empty()) << "the injected 911 never showed up in the trace";
  EXPECT_NE(view.failedReplies.front().find("911"), std::string::npos) << view.failedReplies.front();
  // The push reached the fake: it holds the last address pushed.
  ASSERT_FALSE(view.pushedOk.empty());
  EXPECT_EQ(zones.firstValue("cat.he.okerr.com", "A"), view.pushedOk.back());
  EXPECT_GE(he.requestsSeen(), 3u);

  // The key never leaves the daemon (the fake quoted it back once).
  const std::string stderrText = slurp(stderrFile);
  const std::string traceText = slurp(traceFile);
  EXPECT_NE(stderrText.find("push ok"), std::string::npos) << stderrText;
  EXPECT_EQ(stderrText.find(key), std::string::npos) << stderrText;
  EXPECT_EQ(traceText.find(key), std::string::npos) << traceText;

  for (Catserver& s : servers) {
    const int st = s.process->terminate();
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << s.address << " status " << st;
  }
  for (const auto& f : {caFile, configFile, traceFile, stderrFile, tokenFile, storeFile, storeFile + "-wal", storeFile + "-shm"}) {
    std::remove(f.c_str());
  }
}

TEST(RunCommand, RefusesABadConfigNamingTheField) {
  const std::string configFile = testing::tempPath("run-bad-config.json");
  const std::string stderrFile = testing::tempPath("run-bad-stderr.txt");
  fakes::net::writeTextFile(configFile, R"({"indicators": [], "schemes": [{"name": "x", "ttl": "soon"}]})");
  ChildProcess daemon({DNSFAILOVER_BINARY, "run", configFile}, stderrFile);
  const auto status = daemon.wait(std::chrono::seconds{30});
  ASSERT_TRUE(status) << "dnsfailover run kept running on a bad config";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0) << "status " << *status;
  const std::string text = slurp(stderrFile);
  EXPECT_NE(text.find(configFile), std::string::npos) << text;
  EXPECT_NE(text.find("schemes[0]"), std::string::npos) << text;
  for (const auto& f : {configFile, stderrFile}) std::remove(f.c_str());
}

}  // namespace
}  // namespace dnsfailover::live
