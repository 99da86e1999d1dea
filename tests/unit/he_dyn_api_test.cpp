// Goal: the fake HE endpoint answers like the real one: HTTP 200 with a
// dyndns2 word, for every way a client may send its parameters.

#include <gtest/gtest.h>

#include "tests/support/requests.h"

#include "engine/core/base64.h"
#include "fakes/he_dyn_api.h"

namespace dnsfailover::fakes {
namespace {

const TimePoint kT = *parseIsoUtc("2026-11-02T00:00:00Z");

class HeDynApiTest : public ::testing::Test {
 protected:
  HeDynApiTest() {
    store.addZone("he.okerr.com");
    api.enableHost("cat.he.okerr.com", "k3y");
  }
  HttpResponse post(const std::string& body, TimePoint at = kT) {
    HttpRequest r = testing::request("POST", "https://dyn.dns.he.net/nic/update");
    r.body = body;
    return api.handle(r, at, "203.0.113.7");
  }
  ZoneStore store;
  HeDynApi api{store};
};

TEST_F(HeDynApiTest, GoodThenNochg) {
  EXPECT_EQ(post("hostname=cat.he.okerr.com&password=k3y&myip=51.158.104.109").body, "good 51.158.104.109");
  EXPECT_EQ(store.firstValue("cat.he.okerr.com", "A"), "51.158.104.109");
  const HttpResponse again = post("hostname=cat.he.okerr.com&password=k3y&myip=51.158.104.109");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, "nochg 51.158.104.109");
}

TEST_F(HeDynApiTest, QueryStringAndBasicAuthWork) {
  HttpRequest get = testing::request("GET", "https://dyn.dns.he.net/nic/update?hostname=cat.he.okerr.com&password=k3y&myip=1.2.3.4");
  EXPECT_EQ(api.handle(get, kT, "").body, "good 1.2.3.4");
  HttpRequest basic = testing::request("GET", "https://dyn.dns.he.net/nic/update?hostname=cat.he.okerr.com&myip=1.2.3.5");
  basic.headers = {{"Authorization", "Basic " + base64EncodeText("cat.he.okerr.com:k3y")}};
  EXPECT_EQ(api.handle(basic, kT, "").body, "good 1.2.3.5");
}

TEST_F(HeDynApiTest, MissingMyipUsesThePeerAddress) {
  EXPECT_EQ(post("hostname=cat.he.okerr.com&password=k3y").body, "good 203.0.113.7");
}

TEST_F(HeDynApiTest, ErrorsAreHttp200Words) {
  const HttpResponse bad = post("hostname=cat.he.okerr.com&password=wrong&myip=1.2.3.4");
  EXPECT_EQ(bad.status, 200);
  EXPECT_EQ(bad.body, "badauth");
  EXPECT_EQ(post("hostname=dog.he.okerr.com&password=k3y&myip=1.2.3.4").body, "badauth");
  EXPECT_EQ(post("password=k3y&myip=1.2.3.4").body, "notfqdn");
  EXPECT_FALSE(store.firstValue("cat.he.okerr.com", "A"));
}

TEST_F(HeDynApiTest, MoreThanTenUpdatesInTwoMinutesIsInterval) {
  for (int i = 0; i < 10; ++i) {
    const std::string ip = "10.0.0." + std::to_string(i + 1);
    EXPECT_EQ(post("hostname=cat.he.okerr.com&password=k3y&myip=" + ip, kT + Duration{i}).body, "good " + ip);
  }
  EXPECT_EQ(post("hostname=cat.he.okerr.com&password=k3y&myip=10.0.1.1", kT + Duration{100}).body, "interval");
  EXPECT_EQ(post("hostname=cat.he.okerr.com&password=k3y&myip=10.0.1.1", kT + std::chrono::seconds{121}).body,
            "good 10.0.1.1");
}

}  // namespace
}  // namespace dnsfailover::fakes
