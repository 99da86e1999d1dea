// End to end on loopback: three real catserver processes on 127.0.0.11..13
// running an accelerated hour. First the pages themselves flip at their
// fail minutes (checked through the live client with connect-to); then the
// whole engine (Engine + AsioScheduler + live client + a fake HE dyn API on
// 127.0.0.14) moves the record main -> backup -> sorry.
//
// Nothing here asserts on timing: the servers report their own simulated
// time, and the engine test waits for an order of events, with generous
// hang guards. A slow machine only makes the tests take longer.

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/config/config_loader.h"
#include "engine/engine.h"
#include "engine/live/asio_scheduler.h"
#include "engine/live/http_client.h"
#include "engine/live/secrets.h"
#include "engine/live/system_random.h"
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

std::vector<Catserver> startThree(const std::vector<std::string>& extra) {
  std::vector<Catserver> servers;
  servers.push_back(startCatserver("main", "127.0.0.11", extra));
  servers.push_back(startCatserver("backup", "127.0.0.12", extra));
  servers.push_back(startCatserver("sorry", "127.0.0.13", extra));
  return servers;
}

TEST(CatserverProcess, RejectsBadFlagsAndStopsCleanlyOnSigterm) {
  ChildProcess bad({CATSERVER_BINARY, "--role", "boss"});
  const auto badStatus = bad.wait(std::chrono::seconds{30});
  ASSERT_TRUE(badStatus);
  EXPECT_TRUE(WIFEXITED(*badStatus));
  EXPECT_EQ(WEXITSTATUS(*badStatus), 2);

  Catserver c = startCatserver("sorry", "127.0.0.15", {});
  EXPECT_GT(c.port, 0);
  const int status = c.process->terminate();
  EXPECT_TRUE(WIFEXITED(status)) << "status " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(CatserverProcess, PagesFlipAtTheirFailMinutes) {
  // Start a minute before :20 at 600x (a simulated minute per 0.1 s), so
  // the main server fails almost at once, the backup ~2 s later, and both
  // recover at :00 ~4 s later.
  std::vector<Catserver> servers = startThree({"--time-scale", "600", "--start", "00:19:00"});
  const std::map<std::string, int> failMinute = {{"main", 20}, {"backup", 40}, {"sorry", 60}};

  EventLoop loop;
  LiveHttpClient client(loop);
  std::map<std::string, std::set<std::string>> seen;  // role -> statuses seen
  bool sorrySeenLate = false;
  int observations = 0;
  auto complete = [&] {
    return seen["main"].size() == 2 && seen["backup"].size() == 2 && sorrySeenLate;
  };
  const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds{90};
  while (!complete() && std::chrono::steady_clock::now() < guard) {
    int answered = 0;
    for (const Catserver& s : servers) {
      HttpRequest request = testing::get("http://cat.okerr.com:" + std::to_string(s.port) + "/status");
      request.connectTo = s.address;
      client.send(request, [&, role = s.role](HttpResult r) {
        ++answered;
        ASSERT_TRUE(r.ok()) << role << ": " << r.error;
        ASSERT_EQ(r.response->status, 200);
        const auto doc = nlohmann::json::parse(r.response->body);
        EXPECT_EQ(doc.at("role"), role);
        const auto t = parseIsoUtc(doc.at("time").get<std::string>());
        ASSERT_TRUE(t) << r.response->body;
        const int minute = minuteOfHour(*t);
        const std::string expected = minute < failMinute.at(role) ? "OK" : "ERR";
        EXPECT_EQ(doc.at("status"), expected) << role << " at " << doc.at("time");
        seen[role].insert(doc.at("status").get<std::string>());
        if (role == "sorry" && minute >= 40) sorrySeenLate = true;
        ++observations;
      });
    }
    ASSERT_TRUE(loop.runUntil([&] { return answered == 3; }, std::chrono::seconds{30}));
    loop.runUntil([] { return false; }, std::chrono::milliseconds{20});  // pace the polling
  }
  EXPECT_TRUE(complete()) << observations << " observations; main saw " << seen["main"].size()
                          << " states, backup " << seen["backup"].size();
  for (Catserver& s : servers) {
    const int status = s.process->terminate();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << s.role << " status " << status;
  }
}

// Collects what the engine reports, on the loop thread.
class Recorder final : public TraceSink {
 public:
  void record(const TraceEvent& event) override {
    if (event.type == EventType::Selection) {
      const std::string address = event.text(field::address);
      if (selections.empty() || selections.back() != address) selections.push_back(address);
    } else if (event.type == EventType::Push) {
      if (event.flag(field::ok)) pushedOk.push_back(event.text(field::address));
    }
  }
  std::vector<std::string> selections;
  std::vector<std::string> pushedOk;
};

// True when `seq` contains a, b, c one right after the other.
bool containsRun(const std::vector<std::string>& seq, const std::vector<std::string>& run) {
  return std::search(seq.begin(), seq.end(), run.begin(), run.end()) != seq.end();
}

TEST(CatserverEngine, EngineSelectsMainThenBackupThenSorry) {
  // TLS like the real cat.okerr.com: every server has a certificate for the
  // name, and the engine connects to each address with addr=.
  const fakes::net::PemPair ca = fakes::net::makeTestCa("cat test CA");
  const fakes::net::PemPair cert = fakes::net::makeServerCert(ca, {"cat.okerr.com"});
  const std::string caFile = testing::tempPath("cat-ca.pem");
  const std::string certFile = testing::tempPath("cat-cert.pem");
  const std::string keyFile = testing::tempPath("cat-key.pem");
  fakes::net::writeTextFile(caFile, ca.certPem);
  fakes::net::writeTextFile(certFile, cert.certPem);
  fakes::net::writeTextFile(keyFile, cert.keyPem);

  // At 600x from :10, main fails after ~1 s, backup ~2 s later.
  std::vector<Catserver> servers = startThree(
      {"--time-scale", "600", "--start", "00:10:00", "--tls-cert", certFile, "--tls-key", keyFile});

  fakes::ZoneStore zones;
  zones.addZone("he.okerr.com");
  fakes::HeDynApi he(zones);
  const std::string key = "live-test-ddns-key";
  he.enableHost("cat.he.okerr.com", key);
  fakes::net::HttpServerOptions heOptions;
  heOptions.address = "127.0.0.14";
  fakes::net::HttpServer heServer(he, heOptions);
  heServer.start();
  ::setenv("DNSF_LIVE_TEST_HE_KEY", key.c_str(), 1);

  nlohmann::json config = testing::catLoopbackConfig(servers, "https", "DNSF_LIVE_TEST_HE_KEY", heServer.baseUrl() + "/nic/update");
  const ConfigLoad load = loadEngineConfig(config);
  ASSERT_TRUE(load.ok()) << load.errors.front().format();

  EventLoop loop;
  AsioScheduler scheduler(loop);
  HttpClientOptions clientOptions;
  clientOptions.caFile = caFile;
  LiveHttpClient http(loop, clientOptions);
  SystemRandom random;
  EnvFileSecrets secrets;
  Recorder recorder;
  Engine engine(load.config, EnginePorts{scheduler, http, random, recorder, secrets});
  engine.start();

  const std::vector<std::string> expected = {"127.0.0.11", "127.0.0.12", "127.0.0.13"};
  // Waits for the order main -> backup -> sorry, each pushed to the fake
  // HE. If start-up was slow and missed :20, the next simulated hour (6 s
  // later) gives the same order again.
  const bool sawOrder = loop.runUntil(
      [&] { return containsRun(recorder.selections, expected) && containsRun(recorder.pushedOk, expected); },
      std::chrono::seconds{90});
  engine.stop();
  heServer.stop();  // after this the zone store is ours alone

  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " -> ") + s;
    return out;
  };
  EXPECT_TRUE(sawOrder) << "selections: " << join(recorder.selections) << "\npushes: " << join(recorder.pushedOk);
  ASSERT_FALSE(recorder.pushedOk.empty());
  EXPECT_EQ(zones.firstValue("cat.he.okerr.com", "A"), recorder.pushedOk.back());

  for (Catserver& s : servers) {
    const int status = s.process->terminate();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << s.role << " status " << status;
  }
  ::unsetenv("DNSF_LIVE_TEST_HE_KEY");
  for (const auto& f : {caFile, certFile, keyFile}) std::remove(f.c_str());
}

}  // namespace
}  // namespace dnsfailover::live
