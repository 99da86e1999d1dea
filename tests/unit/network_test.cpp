// Goal: the simulated network delivers, delays, loses and refuses as its
// link conditions say, always asynchronously.

#include <gtest/gtest.h>

#include "sim/network.h"
#include "tests/support/fixed_door.h"

namespace dnsfailover::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class NetworkTest : public ::testing::Test {
 protected:
  NetworkTest() {
    network.attach("192.0.2.1", door);
    network.addName("api.example", "192.0.2.1");
    network.defaults().latency = milliseconds{20};
  }
  HttpRequest get(std::string url) {
    HttpRequest r;
    r.url = std::move(url);
    return r;
  }
  std::optional<HttpResult> sendAndRun(HttpRequest r) {
    std::optional<HttpResult> out;
    network.send(std::move(r), [&](HttpResult res) { out = std::move(res); });
    EXPECT_FALSE(out) << "answers never arrive inside send()";
    kernel.runUntil(kernel.now() + seconds{30});
    return out;
  }

  TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  Kernel kernel{start};
  Network network{kernel, 1};
  testing::FixedDoor door;
};

TEST_F(NetworkTest, DeliversByNameAfterTheRoundTrip) {
  TimePoint arrived{};
  network.send(get("https://api.example/x"), [&](HttpResult r) {
    EXPECT_TRUE(r.ok());
    arrived = kernel.now();
  });
  kernel.runUntil(start + seconds{1});
  EXPECT_EQ(arrived - start, milliseconds{40});
  EXPECT_EQ(door.requests, 1);
}

TEST_F(NetworkTest, UnknownNamesAndAddressesFail) {
  EXPECT_EQ(sendAndRun(get("https://nowhere.example/"))->error, "could not resolve host nowhere.example");
  HttpRequest r = get("https://api.example/");
  r.connectTo = "192.0.2.99";
  EXPECT_EQ(sendAndRun(r)->error, "connection to 192.0.2.99 timed out (no route)");
}

TEST_F(NetworkTest, PartitionTimesOutAtTheRequestTimeout) {
  network.link("192.0.2.1").partitioned = true;
  HttpRequest r = get("https://api.example/");
  r.timeout = seconds{3};
  TimePoint failed{};
  network.send(r, [&](HttpResult res) {
    EXPECT_EQ(res.error, "timed out after 3s");
    failed = kernel.now();
  });
  kernel.runUntil(start + seconds{10});
  EXPECT_EQ(failed - start, seconds{3});
  EXPECT_EQ(door.requests, 0);
}

TEST_F(NetworkTest, SlowServerTimesOutButStillSawTheRequest) {
  network.link("192.0.2.1").serverDelay = seconds{5};
  HttpRequest r = get("https://api.example/");
  r.timeout = seconds{3};
  EXPECT_EQ(sendAndRun(r)->error, "timed out after 3s");
  EXPECT_EQ(door.requests, 1);
}

// A link slower one way than the client waits: the client gives up at its
// timeout (not when the request finally arrives), and the server still
// sees the request later, as a push that times out may still land.
TEST_F(NetworkTest, ALinkSlowerThanTheTimeoutTimesOutOnTimeAndTheRequestStillArrives) {
  network.link("192.0.2.1").latency = seconds{30};
  HttpRequest r = get("https://api.example/");
  r.timeout = seconds{10};
  TimePoint failed{};
  network.send(r, [&](HttpResult res) {
    EXPECT_EQ(res.error, "timed out after 10s");
    failed = kernel.now();
  });
  kernel.runUntil(start + seconds{20});
  EXPECT_EQ(failed - start, seconds{10});
  EXPECT_EQ(door.requests, 0);
  kernel.runUntil(start + seconds{40});
  EXPECT_EQ(door.requests, 1);
}

TEST_F(NetworkTest, BodyCapIsEnforced) {
  door.response.body = std::string(100, 'x');
  HttpRequest r = get("https://api.example/");
  r.maxBodyBytes = 10;
  EXPECT_EQ(sendAndRun(r)->error, "response body larger than 10 bytes");
}

}  // namespace
}  // namespace dnsfailover::sim
