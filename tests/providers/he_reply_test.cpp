// Reply parsing of the HE dyn client: every reply HE's dyndns2 endpoint gives.

#include <gtest/gtest.h>

#include "engine/providers/he_dyn.h"

namespace dnsfailover {
namespace {

using Kind = PushOutcome::Kind;

PushOutcome parse(int status, const std::string& body, const std::string& key = "k3y") {
  return parseHeDynReply(HttpResult::success(HttpResponse{status, {{"Content-Type", "text/html"}}, body}), key);
}

TEST(HeDynReply, Success) {
  EXPECT_EQ(parse(200, "good 192.0.2.1").kind, Kind::Ok);
  EXPECT_EQ(parse(200, "good 192.0.2.1").message, "good 192.0.2.1");
  EXPECT_EQ(parse(200, "nochg 192.0.2.1\n").kind, Kind::Ok);
  EXPECT_EQ(parse(200, "  nochg 192.0.2.1\r\n").message, "nochg 192.0.2.1");
}

TEST(HeDynReply, FatalWords) {
  for (const char* word : {"badauth", "nohost", "notfqdn", "abuse", "badagent"}) {
    const PushOutcome o = parse(200, word);
    EXPECT_EQ(o.kind, Kind::Permanent) << word;
    EXPECT_NE(o.message.find(word), std::string::npos) << o.message;
  }
}

TEST(HeDynReply, RetryableWords) {
  const PushOutcome interval = parse(200, "interval");
  EXPECT_EQ(interval.kind, Kind::Retryable);
  EXPECT_EQ(interval.retryAfter, std::chrono::seconds{120});
  EXPECT_EQ(parse(200, "911").kind, Kind::Retryable);
  EXPECT_EQ(parse(200, "dnserr").kind, Kind::Retryable);
  EXPECT_EQ(parse(200, "something new").kind, Kind::Retryable);
}

TEST(HeDynReply, HttpStatuses) {
  EXPECT_EQ(parse(401, "<html>401</html>").kind, Kind::Permanent);
  EXPECT_EQ(parse(403, "").kind, Kind::Permanent);
  EXPECT_EQ(parse(503, "<html>503</html>").kind, Kind::Retryable);
  EXPECT_EQ(parse(502, "").kind, Kind::Retryable);
  EXPECT_EQ(parseHeDynReply(HttpResult::failure("timed out after 10s"), "k").kind, Kind::Retryable);
}

TEST(HeDynReply, EchoedKeyIsRedacted) {
  const std::string key = "ddns-key-value";
  EXPECT_EQ(parse(200, "badauth (password=ddns-key-value)", key).message.find(key), std::string::npos);
  EXPECT_EQ(parse(502, "proxy: hostname=x&password=ddns-key-value", key).message.find(key), std::string::npos);
  EXPECT_EQ(parse(200, "weird ddns-key-value", key).message.find(key), std::string::npos);
  EXPECT_EQ(parseHeDynReply(HttpResult::failure("error ddns-key-value"), key).message.find(key), std::string::npos);
}

}  // namespace
}  // namespace dnsfailover
