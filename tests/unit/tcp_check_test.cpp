// Goal: a tcp check is OK only when the connection is made within the
// timeout and, when it expects text, the reply holds it; the simulated
// network delivers probes to the cat servers' TCP doors with the link's
// faults (down = refused, partition = timeout) and the server's schedule;
// the loader accepts exactly the tcp check's keys.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/monitor/check.h"
#include "fakes/cat_server.h"
#include "sim/kernel.h"
#include "sim/network.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;

CheckSpec tcpSpec(std::string send = {}, std::string expect = {}) {
  CheckSpec spec;
  spec.kind = CheckSpec::Kind::Tcp;
  spec.address = "116.202.27.149";
  spec.port = 80;
  spec.send = std::move(send);
  spec.expect = std::move(expect);
  return spec;
}

TEST(TcpCheck, Judgement) {
  TcpProbeResult refused;
  refused.error = "connection refused by 116.202.27.149:80";
  EXPECT_FALSE(evaluateTcpCheck(tcpSpec(), refused).ok);
  EXPECT_EQ(evaluateTcpCheck(tcpSpec(), refused).reason, refused.error);
  TcpProbeResult connected;
  connected.connected = true;
  EXPECT_TRUE(evaluateTcpCheck(tcpSpec(), connected).ok);
  connected.reply = "SSH-2.0-OpenSSH_9.2\r\n";
  EXPECT_TRUE(evaluateTcpCheck(tcpSpec("", "SSH-2.0"), connected).ok);
  const CheckOutcome wrong = evaluateTcpCheck(tcpSpec("", "220 "), connected);
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.reason, "Reply has no substring '220 '");
}

class SimTcpTest : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T00:10:00Z");
  sim::Kernel kernel{start};
  sim::Network network{kernel, 3};
  fakes::CatServer main{{fakes::CatRole::Main, "cat.okerr.com", "116.202.27.149", 20}};

  void SetUp() override { network.attach("116.202.27.149", main); }
  CheckOutcome check(const CheckSpec& spec) {
    std::optional<TcpProbeResult> result;
    network.probe(buildTcpProbe(spec), [&](TcpProbeResult r) { result = std::move(r); });
    kernel.runUntil(kernel.now() + seconds{10});
    EXPECT_TRUE(result.has_value());
    return result ? evaluateTcpCheck(spec, *result) : CheckOutcome{};
  }
};

TEST_F(SimTcpTest, TheCatServersPortsFollowTheirSchedule) {
  const CheckSpec page = tcpSpec("GET / HTTP/1.0\r\nHost: cat.okerr.com\r\n\r\n", "status=OK");
  EXPECT_TRUE(check(tcpSpec()).ok) << "port 80 listens";
  EXPECT_TRUE(check(page).ok) << "at :10 the main serves status=OK";
  kernel.runUntil(start + seconds{15 * 60});  // :25, the main's failing part of the hour
  const CheckOutcome failing = check(page);
  EXPECT_FALSE(failing.ok);
  EXPECT_EQ(failing.reason, "Reply has no substring 'status=OK'");
  EXPECT_TRUE(check(tcpSpec()).ok) << "connecting still works: the page says ERR";
  CheckSpec closed = tcpSpec();
  closed.port = 25;
  EXPECT_EQ(check(closed).reason, "connection refused by 116.202.27.149:25");
}

TEST_F(SimTcpTest, LinkFaults) {
  network.link("116.202.27.149").down = true;
  EXPECT_EQ(check(tcpSpec()).reason, "connection refused by 116.202.27.149:80");
  network.link("116.202.27.149").down = false;
  network.link("116.202.27.149").partitioned = true;
  EXPECT_EQ(check(tcpSpec()).reason, "timed out after 3s");
  network.link("116.202.27.149").partitioned = false;
  network.link("116.202.27.149").serverDelay = seconds{5};
  EXPECT_EQ(check(tcpSpec("GET / HTTP/1.0\r\n\r\n", "status=OK")).reason,
            "Reply has no substring 'status=OK' (timed out after 3s)");
  EXPECT_TRUE(check(tcpSpec()).ok) << "a slow server still accepts the connection";
}

ConfigLoad loadWithCheck(const nlohmann::json& check) {
  nlohmann::json root = {
      {"indicators", {{{"name", "ssh"}, {"check", check}, {"policy", {{"period", "10s"}}}}}},
      {"schemes", nlohmann::json::array()}};
  return loadEngineConfig(root);
}

TEST(TcpCheckConfig, LoadsAndRejectsByPath) {
  const ConfigLoad good = loadWithCheck(
      {{"method", "tcp"}, {"address", "10.0.0.1"}, {"port", 22}, {"expect", "SSH-"}, {"timeout", "2s"}});
  ASSERT_TRUE(good.ok()) << good.errors[0].format();
  const CheckSpec& spec = good.config.indicators[0].check;
  EXPECT_EQ(spec.kind, CheckSpec::Kind::Tcp);
  EXPECT_EQ(spec.port, 22);
  EXPECT_EQ(spec.expect, "SSH-");
  EXPECT_EQ(spec.timeout, seconds{2});

  const ConfigLoad bad = loadWithCheck({{"method", "tcp"}, {"address", "ssh.example"}, {"port", 70000}, {"url", "x"}});
  ASSERT_EQ(bad.errors.size(), 3u);
  std::vector<std::string> paths;
  for (const auto& e : bad.errors) paths.push_back(e.path);
  EXPECT_NE(std::find(paths.begin(), paths.end(), "indicators[0].check.address"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "indicators[0].check.port"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "indicators[0].check.url"), paths.end());
}

}  // namespace
}  // namespace dnsfailover
