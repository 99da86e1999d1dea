// The HE dyn fake on its own: every reply HE's dyndns2 endpoint gives.

#include <gtest/gtest.h>

#include "engine/core/base64.h"
#include "fakes/he_dyn_api.h"

namespace dnsfailover::fakes {
namespace {

class HeFake : public ::testing::Test {
 protected:
  HeFake() : api_(store_) {
    store_.addZone("example.com");
    api_.enableHost("dyn.example.com", "key1");
  }
  HttpResponse post(const std::string& form, HttpHeaders headers = {}) {
    HttpRequest r;
    r.method = "POST";
    r.url = "https://dyn.dns.he.net/nic/update";
    r.headers = std::move(headers);
    r.body = form;
    return api_.handle(r, now_, "198.51.100.7");
  }
  ZoneStore store_;
  HeDynApi api_;
  TimePoint now_ = *parseIsoUtc("2026-11-02T00:00:00Z");
};

TEST_F(HeFake, GoodNochgAndPeerAddress) {
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "good 192.0.2.1");
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "nochg 192.0.2.1");
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1").body, "good 198.51.100.7");
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=2001:db8::1").body, "good 2001:db8::1");
  EXPECT_EQ(store_.firstValue("dyn.example.com", "AAAA"), "2001:db8::1");
}

TEST_F(HeFake, ErrorWordsAlwaysWithStatus200) {
  EXPECT_EQ(post("password=key1&myip=192.0.2.1").body, "notfqdn");
  EXPECT_EQ(post("hostname=dyn.example.com&password=nope&myip=192.0.2.1").body, "badauth");
  const auto unknown = post("hostname=other.example.com&password=key1&myip=192.0.2.1");
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(unknown.body, "badauth");
  api_.faults().unknownHostReply = "nohost";
  EXPECT_EQ(post("hostname=other.example.com&password=key1&myip=192.0.2.1").body, "nohost");
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=junk").body, "dnserr");
  api_.faults().abuse = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "abuse");
  api_.faults().abuse = false;
  api_.faults().fail911 = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "911");
  api_.faults().fail911 = false;
  api_.faults().dnserr = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "dnserr");
  api_.faults().dnserr = false;
  api_.faults().badagent = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "badagent");
  api_.faults().badagent = false;
  HttpRequest del{"DELETE", "https://dyn.dns.he.net/nic/update", {}, {}, {}, true};
  const auto method = api_.handle(del, now_, "198.51.100.7");
  EXPECT_EQ(method.status, 200);
  EXPECT_EQ(method.body, "badagent");
}

TEST_F(HeFake, IntervalAfterTenUpdatesInTwoMinutes) {
  for (int i = 0; i < HeDynApi::kUpdatesPerWindow; ++i) {
    now_ += std::chrono::seconds{1};
    EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2." + std::to_string(i + 1)).body.substr(0, 4),
              "good");
  }
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.99").body, "interval");
  now_ += std::chrono::seconds{111};  // the first update leaves the window
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.99").body, "good 192.0.2.99");
}

TEST_F(HeFake, BasicAuthAnd401) {
  const HttpHeaders good{{"Authorization", "Basic " + base64EncodeText("dyn.example.com:key1")}};
  EXPECT_EQ(post("myip=192.0.2.5", good).body, "good 192.0.2.5");
  const HttpHeaders bad{{"Authorization", "Basic " + base64EncodeText("dyn.example.com:nope")}};
  EXPECT_EQ(post("myip=192.0.2.6", bad).body, "badauth");
  api_.faults().basicAuth401 = true;
  EXPECT_EQ(post("myip=192.0.2.6", bad).status, 401);
}

TEST_F(HeFake, FaultKnobs) {
  api_.knobs().failNext = 1;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").status, 503);
  api_.knobs().throttled.push_back({now_, now_ + std::chrono::seconds{10}});
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").body, "interval");
  now_ += std::chrono::seconds{10};
  api_.knobs().echoCredential = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=wrong&myip=192.0.2.1").body, "badauth (password=wrong)");
  api_.knobs().dropNext = 1;
  HttpRequest r{"POST", "https://dyn.dns.he.net/nic/update", {}, "hostname=dyn.example.com&password=key1", {}, true};
  EXPECT_FALSE(api_.serve(r, now_, "198.51.100.7").answered);
  api_.faults().outage = true;
  EXPECT_EQ(post("hostname=dyn.example.com&password=key1&myip=192.0.2.1").status, 503);
}

}  // namespace
}  // namespace dnsfailover::fakes
