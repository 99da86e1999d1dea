#include <gtest/gtest.h>

#include "engine/core/time.h"

namespace dnsfailover {
namespace {

TEST(ParseDuration, AcceptsOkerrForms) {
  EXPECT_EQ(parseDuration("10s"), std::chrono::seconds{10});
  EXPECT_EQ(parseDuration("5m"), std::chrono::minutes{5});
  EXPECT_EQ(parseDuration("5min"), std::chrono::minutes{5});
  EXPECT_EQ(parseDuration("2h"), std::chrono::hours{2});
  EXPECT_EQ(parseDuration("30"), std::chrono::seconds{30});
  EXPECT_EQ(parseDuration("1h5m"), std::chrono::minutes{65});
  EXPECT_EQ(parseDuration("250ms"), std::chrono::milliseconds{250});
  EXPECT_EQ(parseDuration("365d"), std::chrono::hours{365 * 24});
}

TEST(ParseDuration, RejectsGarbage) {
  for (const char* bad : {"", "s", "10x", "ten", "-5s", "5 m", "1h5", "10s!", "99999999999s"}) {
    EXPECT_FALSE(parseDuration(bad).has_value()) << bad;
  }
}

TEST(IsoTime, RoundTripsWithMilliseconds) {
  const auto t = parseIsoUtc("2026-11-02T00:20:07.012Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(formatIsoUtc(*t), "2026-11-02T00:20:07.012Z");
  EXPECT_EQ(formatClock(*t), "00:20:07.012");
  EXPECT_EQ(minuteOfHour(*t), 20);
  EXPECT_EQ(formatIsoUtc(startOfHour(*t)), "2026-11-02T00:00:00.000Z");
}

TEST(IsoTime, RejectsInvalidDates) {
  EXPECT_FALSE(parseIsoUtc("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parseIsoUtc("2026-11-02 00:00:00Z"));
  EXPECT_FALSE(parseIsoUtc("2026-11-02T00:00:00"));
  EXPECT_FALSE(parseIsoUtc("2026-11-02T24:00:00Z"));
}

TEST(FormatDuration, IsReadable) {
  EXPECT_EQ(formatDuration(std::chrono::seconds{30}), "30s");
  EXPECT_EQ(formatDuration(std::chrono::milliseconds{7380}), "7.38s");
  EXPECT_EQ(formatDuration(std::chrono::minutes{90}), "1h30m");
  EXPECT_EQ(formatDuration(std::chrono::hours{48}), "2d");
}

}  // namespace
}  // namespace dnsfailover
