// Goal: the cat servers fail and recover on okerr-cat's schedule and their
// page says so.

#include <gtest/gtest.h>

#include "tests/support/requests.h"

#include "fakes/cat_server.h"

namespace dnsfailover::fakes {
namespace {

const TimePoint kHour = *parseIsoUtc("2026-11-02T05:00:00Z");
using std::chrono::minutes;
using std::chrono::seconds;

CatServer server(CatRole role) { return CatServer({role, "cat.okerr.com", "192.0.2.1", defaultFailMinute(role)}); }

TEST(CatServer, MainFailsAtTwentyAndRecoversOnTheHour) {
  const CatServer main = server(CatRole::Main);
  EXPECT_TRUE(main.okAt(kHour));
  EXPECT_TRUE(main.okAt(kHour + minutes{20} - Duration{1}));
  EXPECT_FALSE(main.okAt(kHour + minutes{20}));
  EXPECT_FALSE(main.okAt(kHour + minutes{59} + seconds{59}));
  EXPECT_TRUE(main.okAt(kHour + minutes{60}));
  EXPECT_EQ(main.nextChangeAfter(kHour), kHour + minutes{20});
  EXPECT_EQ(main.nextChangeAfter(kHour + minutes{20}), kHour + minutes{60});
  EXPECT_EQ(main.minutesLeft(kHour + minutes{5}), 15);
}

TEST(CatServer, BackupFailsAtFortySorryNever) {
  EXPECT_TRUE(server(CatRole::Backup).okAt(kHour + minutes{39}));
  EXPECT_FALSE(server(CatRole::Backup).okAt(kHour + minutes{40}));
  EXPECT_TRUE(server(CatRole::Sorry).okAt(kHour + minutes{50}));
  EXPECT_FALSE(server(CatRole::Sorry).nextChangeAfter(kHour));
}

TEST(CatServer, PageShowsRoleHostIpTimeStatusAndMinutesLeft) {
  CatServer main = server(CatRole::Main);
  main.setDnsAnswerSource([] { return std::string("51.158.104.109"); });
  const HttpResponse ok = main.handle(testing::request("GET", "https://cat.okerr.com/"), kHour + minutes{5}, "192.0.2.9");
  EXPECT_EQ(ok.status, 200);
  for (const char* part : {"role: main", "host: cat.okerr.com", "ip: 192.0.2.1", "time: 2026-11-02T05:05:00.000Z",
                           "status=OK", "minutes until failure: 15", "dns: cat.okerr.com -> 51.158.104.109"}) {
    EXPECT_NE(ok.body.find(part), std::string::npos) << part;
  }
  const HttpResponse err = main.handle(testing::request("GET", "https://cat.okerr.com/"), kHour + minutes{30}, "");
  EXPECT_NE(err.body.find("status=ERR"), std::string::npos);
  EXPECT_EQ(err.body.find("status=OK"), std::string::npos);
  EXPECT_NE(err.body.find("minutes until recovery: 30"), std::string::npos);
}

TEST(CatServer, StatusJsonAndErrors) {
  CatServer sorry = server(CatRole::Sorry);
  const HttpResponse json = sorry.handle(testing::request("GET", "http://cat/status"), kHour, "");
  EXPECT_EQ(json.status, 200);
  EXPECT_NE(json.body.find("\"status\":\"OK\""), std::string::npos);
  EXPECT_EQ(sorry.handle(testing::request("GET", "http://cat/nope"), kHour, "").status, 404);
  EXPECT_EQ(sorry.handle(testing::request("POST", "http://cat/"), kHour, "").status, 405);
}

}  // namespace
}  // namespace dnsfailover::fakes
