// catserver's flags: defaults per role, and an error naming the flag for
// every bad value.

#include "tools/catserver/options.h"

#include <gtest/gtest.h>

namespace dnsfailover::catserver {
namespace {

ParsedOptions parse(std::vector<std::string> args) { return parseOptions(args); }

TEST(CatserverOptions, DefaultsFollowTheRole) {
  ParsedOptions p = parse({"--role", "backup", "--listen", "127.0.0.12:8080"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.role, fakes::CatRole::Backup);
  EXPECT_EQ(p.options.failMinute, 40);
  EXPECT_EQ(p.options.listenAddress, "127.0.0.12");
  EXPECT_EQ(p.options.listenPort, 8080);
  EXPECT_EQ(p.options.ip, "127.0.0.12");
  p = parse({"--role", "sorry"});
  EXPECT_EQ(p.options.failMinute, std::nullopt);
  p = parse({"--role", "main", "--fail-minute", "never"});
  EXPECT_EQ(p.options.failMinute, std::nullopt);
}

TEST(CatserverOptions, ReadsEveryFlag) {
  const ParsedOptions p = parse({"--fail-minute", "5", "--ip", "116.202.27.149", "--host", "cat.example", "--time-scale",
                                 "60", "--start", "00:19:30", "--tls-cert", "c.pem", "--tls-key", "k.pem",
                                 "--dns-server", "127.0.0.53:5353", "--dns-name", "cat.he.okerr.com", "--threads", "3"});
  ASSERT_EQ(p.error, "");
  EXPECT_EQ(p.options.failMinute, 5);
  EXPECT_EQ(p.options.ip, "116.202.27.149");
  EXPECT_EQ(p.options.host, "cat.example");
  EXPECT_EQ(p.options.timeScale, 60.0);
  EXPECT_EQ(p.options.startTimeOfDay, std::chrono::minutes{19} + std::chrono::seconds{30});
  EXPECT_EQ(p.options.tlsCert, "c.pem");
  EXPECT_EQ(p.options.dnsServer, "127.0.0.53:5353");
  EXPECT_EQ(p.options.threads, 3u);
}

TEST(CatserverOptions, BadValuesNameTheFlag) {
  EXPECT_EQ(parse({"--role", "boss"}).error, "--role expects main, backup or sorry, got \"boss\"");
  EXPECT_EQ(parse({"--fail-minute", "60"}).error, "--fail-minute expects a minute 0..59 or \"never\", got \"60\"");
  EXPECT_EQ(parse({"--listen", "localhost:80"}).error,
            "--listen expects IPv4:PORT such as 127.0.0.11:8080, got \"localhost:80\"");
  EXPECT_EQ(parse({"--time-scale", "0"}).error, "--time-scale expects a number > 0 (60 = an hour per minute), got \"0\"");
  EXPECT_EQ(parse({"--start", "25:00"}).error, "--start expects a time of day HH:MM or HH:MM:SS, got \"25:00\"");
  EXPECT_EQ(parse({"--tls-cert", "c.pem"}).error, "--tls-cert and --tls-key go together");
  EXPECT_EQ(parse({"--dns-name", "x.example"}).error, "--dns-server and --dns-name go together");
  EXPECT_EQ(parse({"--bogus", "1"}).error, "unknown option --bogus");
  EXPECT_EQ(parse({"--role"}).error, "--role needs a value");
  EXPECT_EQ(parse({"stray"}).error, "unexpected argument \"stray\"");
}

TEST(CatserverOptions, TimeOfDay) {
  EXPECT_EQ(parseTimeOfDay("00:20"), std::chrono::minutes{20});
  EXPECT_EQ(parseTimeOfDay("23:59:59"), std::chrono::hours{23} + std::chrono::minutes{59} + std::chrono::seconds{59});
  EXPECT_EQ(parseTimeOfDay("12"), std::nullopt);
  EXPECT_EQ(parseTimeOfDay("12:60"), std::nullopt);
  EXPECT_EQ(parseTimeOfDay("1a:00"), std::nullopt);
}

}  // namespace
}  // namespace dnsfailover::catserver
