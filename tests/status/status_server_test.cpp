// Goal: the status server serves the page, the API and the metrics of a
// real engine over loopback on the engine's own loop; control without the
// token is refused (401) and with it maintenance moves the selection and
// the push follows; nothing served holds the provider key; oversized and
// slow requests get 413/431 or a closed connection, never a hang; a
// non-loopback address and a world-readable token file are refused.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/engine.h"
#include "engine/live/asio_scheduler.h"
#include "engine/live/http_client.h"
#include "engine/live/secrets.h"
#include "engine/live/status_server.h"
#include "engine/live/system_random.h"
#include "engine/status/control.h"
#include "fakes/he_dyn_api.h"
#include "fakes/net/http_server.h"
#include "fakes/zone_store.h"
#include "tests/live/catserver_process.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using json = nlohmann::json;
using testing::Catserver;
using testing::startCatserver;

class NullTrace final : public TraceSink {
 public:
  void record(const TraceEvent&) override {}
};

// A loopback TCP client for what the HTTP client will not send.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  ~RawClient() { ::close(fd_); }
  void send(const std::string& bytes) { EXPECT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size())); }
  // Drives `loop` until the server closed the connection; returns what it sent.
  std::string readToClose(EventLoop& loop) {
    std::string got;
    bool closed = false;
    loop.runUntil(
        [&] {
          char buf[4096];
          while (true) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
            if (n > 0) {
              got.append(buf, static_cast<size_t>(n));
              continue;
            }
            if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) closed = true;
            return closed;
          }
        },
        std::chrono::seconds{30});
    EXPECT_TRUE(closed) << "the server never closed the connection";
    return got;
  }

 private:
  int fd_;
};

class StatusServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    servers_.push_back(startCatserver("main", "127.0.0.41", {"--start", "00:05:00"}));
    servers_.push_back(startCatserver("backup", "127.0.0.42", {"--start", "00:05:00"}));
    servers_.push_back(startCatserver("sorry", "127.0.0.43", {"--start", "00:05:00"}));
    zones_.addZone("he.okerr.com");
    he_.emplace(zones_);
    he_->enableHost("cat.he.okerr.com", kKey);
    fakes::net::HttpServerOptions heOptions;
    heOptions.address = "127.0.0.44";
    heServer_.emplace(*he_, heOptions);
    heServer_->start();
    ::setenv("DNSF_STATUS_TEST_HE_KEY", kKey, 1);
    const json config = testing::catLoopbackConfig(servers_, "http", "DNSF_STATUS_TEST_HE_KEY",
                                                   heServer_->baseUrl() + "/nic/update");
    load_ = loadEngineConfig(config);
    ASSERT_TRUE(load_.ok()) << load_.errors.front().format();
    scheduler_.emplace(loop_);
    http_.emplace(loop_);
    engine_.emplace(load_.config, EnginePorts{*scheduler_, *http_, random_, trace_, secrets_});
    engine_->start();
    status::Router::Options options;
    options.token = kToken;
    options.facts.version = "test";
    options.onRefusal = [this](const std::string& line) { refusals_.push_back(line); };
    options.redact = {};  // the views must hold no key on their own
    router_.emplace(*engine_, *scheduler_, std::move(options));
    StatusServerOptions serverOptions;
    serverOptions.port = 0;
    serverOptions.readTimeout = std::chrono::milliseconds{500};
    server_.emplace(loop_, serverOptions, [this](const status::Request& r) { return router_->handle(r); });
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
  }

  void TearDown() override {
    server_.reset();
    if (engine_) engine_->stop();
    if (heServer_) heServer_->stop();
    for (Catserver& s : servers_) s.process->terminate();
    ::unsetenv("DNSF_STATUS_TEST_HE_KEY");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    HttpRequest request = testing::get(base_ + path);
    request.method = method;
    request.body = body;
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.timeout = std::chrono::seconds{10};
    return testing::fetch(loop_, *http_, request);
  }

  std::optional<std::string> selected() {
    const auto& scheme = *engine_->schemes()[0];
    if (!scheme.selected()) return std::nullopt;
    return scheme.config().members[*scheme.selected()].address;
  }

  static constexpr const char* kKey = "status-test-ddns-key-7f3a";
  static constexpr const char* kToken = "status-test-control-token-91c2";
  std::vector<Catserver> servers_;
  fakes::ZoneStore zones_;
  std::optional<fakes::HeDynApi> he_;
  std::optional<fakes::net::HttpServer> heServer_;
  ConfigLoad load_;
  EventLoop loop_;
  std::optional<AsioScheduler> scheduler_;
  std::optional<LiveHttpClient> http_;
  SystemRandom random_;
  EnvFileSecrets secrets_;
  NullTrace trace_;
  std::optional<Engine> engine_;
  std::optional<status::Router> router_;
  std::optional<StatusServer> server_;
  std::vector<std::string> refusals_;
  std::string base_;
};

TEST_F(StatusServerTest, ServesViewsRefusesControlWithoutTokenAndMaintenanceMovesTheSelection) {
  // Main is chosen and pushed (catservers run real time: main is OK for minutes).
  ASSERT_TRUE(loop_.runUntil(
      [&] { return selected() == "127.0.0.41" && zones_.firstValue("cat.he.okerr.com", "A") == "127.0.0.41"; },
      std::chrono::seconds{60}));
  std::string served;
  for (const char* path : {"/", "/assets/app.js", "/assets/app.css", "/api/v1/status", "/metrics"}) {
    const HttpResult r = call("GET", path);
    ASSERT_TRUE(r.ok()) << path << ": " << r.error;
    EXPECT_EQ(r.response->status, 200) << path;
    served += r.response->body;
  }
  const json st = json::parse(call("GET", "/api/v1/status").response->body);
  EXPECT_EQ(st["schemes"][0]["selected"]["address"], "127.0.0.41");
  EXPECT_EQ(st["schemes"][0]["sync"]["status"], "synced");

  for (const char* path : {"/api/v1/indicators/charlie:cat/maintenance", "/api/v1/schemes/cat/force-push"}) {
    const HttpResult none = call("POST", path, R"({"on": true})");
    ASSERT_TRUE(none.ok()) << none.error;
    EXPECT_EQ(none.response->status, 401) << path;
    const HttpResult wrong = call("POST", path, R"({"on": true})", "not-the-token");
    EXPECT_EQ(wrong.response->status, 401) << path;
    served += none.response->body + wrong.response->body;
  }
  EXPECT_EQ(refusals_.size(), 4u);
  EXPECT_EQ(selected(), "127.0.0.41") << "a refused request moved nothing";

  const HttpResult on = call("POST", "/api/v1/indicators/charlie:cat/maintenance", R"({"on": true})", kToken);
  ASSERT_TRUE(on.ok()) << on.error;
  EXPECT_EQ(on.response->status, 200) << on.response->body;
  EXPECT_EQ(selected(), "127.0.0.42") << "maintenance on main moves the selection to the backup";
  // The fake holds the new address before the engine has its answer; a force
  // push while that push is in flight is answered by it (the syncer pushes
  // one at a time), so wait for the answer first.
  ASSERT_TRUE(loop_.runUntil([&] {
    return zones_.firstValue("cat.he.okerr.com", "A") == "127.0.0.42" && !engine_->pushInFlight();
  }, std::chrono::seconds{30}));
  const uint64_t pushes = engine_->schemes()[0]->syncer().pushesSent();
  const HttpResult force = call("POST", "/api/v1/schemes/cat/force-push", "", kToken);
  EXPECT_EQ(force.response->status, 200) << force.response->body;
  ASSERT_TRUE(loop_.runUntil([&] { return engine_->schemes()[0]->syncer().pushesSent() > pushes && !engine_->pushInFlight(); },
                             std::chrono::seconds{30}));
  const HttpResult metrics = call("GET", "/metrics");
  EXPECT_NE(metrics.response->body.find(R"(dnsfailover_failovers_total{scheme="cat"} 1)"), std::string::npos)
      << metrics.response->body;
  served += metrics.response->body + call("GET", "/api/v1/status").response->body;
  EXPECT_EQ(served.find(kKey), std::string::npos) << "the provider key was served";
  EXPECT_EQ(served.find(kToken), std::string::npos) << "the control token was served";
  for (const std::string& line : refusals_) EXPECT_EQ(line.find("not-the-token"), std::string::npos) << line;
}

TEST_F(StatusServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RawClient c(server_->port());
  c.send("GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string got = c.readToClose(loop_);
  size_t count = 0;
  for (size_t at = got.find("HTTP/1.1 200"); at != std::string::npos; at = got.find("HTTP/1.1 200", at + 1)) ++count;
  EXPECT_EQ(count, 2u) << got.substr(0, 400);
}

TEST_F(StatusServerTest, OversizedRequestsAreRefusedAndSlowClientsDropped) {
  {
    RawClient c(server_->port());
    c.send("POST /api/v1/schemes/cat/force-push HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
    const std::string got = c.readToClose(loop_);
    EXPECT_EQ(got.rfind("HTTP/1.1 413", 0), 0u) << got;
    EXPECT_NE(got.find("\"status\":413"), std::string::npos) << got;
  }
  {
    RawClient c(server_->port());
    c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
    const std::string got = c.readToClose(loop_);
    EXPECT_EQ(got.rfind("HTTP/1.1 431", 0), 0u) << got.substr(0, 200);
  }
  {
    RawClient c(server_->port());
    c.send("GARBAGE\r\n\r\n");
    const std::string got = c.readToClose(loop_);
    EXPECT_EQ(got.rfind("HTTP/1.1 400", 0), 0u) << got;
  }
  {
    // Slowloris: half a header, then silence; the read deadline closes it.
    RawClient c(server_->port());
    c.send("GET / HTTP/1.1\r\nHost: x\r\n");
    EXPECT_EQ(c.readToClose(loop_), "");
  }
}

TEST(StatusServerSetup, RefusesARemoteAddressUnlessAllowed) {
  EventLoop loop;
  StatusServerOptions options;
  options.host = "0.0.0.0";
  options.port = 0;
  try {
    StatusServer server(loop, options, [](const status::Request&) { return status::Response{}; });
    FAIL() << "a non-loopback address was accepted";
  } catch (const StatusServerError& e) {
    EXPECT_NE(std::string(e.what()).find("0.0.0.0"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("allow_remote"), std::string::npos) << e.what();
  }
  options.allowRemote = true;
  StatusServer server(loop, options, [](const status::Request&) { return status::Response{}; });
  EXPECT_GT(server.port(), 0);
}

TEST(StatusServerSetup, TokenFileMustBeReadableAndPrivate) {
  const std::string path = testing::tempPath("status-token");
  {
    std::ofstream(path) << "tok-123\n";
  }
  ::chmod(path.c_str(), 0600);
  EXPECT_EQ(readTokenFile(path), "tok-123");
  ::chmod(path.c_str(), 0644);
  try {
    readTokenFile(path);
    ADD_FAILURE() << "a world-readable token file was accepted";
  } catch (const StatusServerError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  std::remove(path.c_str());
  try {
    readTokenFile(path);
    ADD_FAILURE() << "a missing token file was accepted";
  } catch (const StatusServerError& e) {
    EXPECT_NE(std::string(e.what()).find("status.token_file: cannot read " + path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace dnsfailover::live
