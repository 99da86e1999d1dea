// Reply parsing of the Cloudflare client: every documented error shape.

#include <gtest/gtest.h>

#include "engine/providers/cloudflare_reply.h"
#include "engine/providers/cloudflare_request.h"

namespace dnsfailover {
namespace {

using Verdict = CloudflareReply::Verdict;
constexpr const char* kSecret = "secret-token-xyz";

HttpResult reply(int status, std::string body, HttpHeaders headers = {{"Content-Type", "application/json"}}) {
  return HttpResult::success(HttpResponse{status, std::move(headers), std::move(body)});
}

std::string failureBody(const std::string& errors) {
  return R"({"success":false,"errors":)" + errors + R"(,"messages":[],"result":null})";
}

TEST(CloudflareReply, SuccessListWithPages) {
  const auto r = parseCloudflareReply(
      reply(200, R"({"result":[{"id":"372e67954025e0ba6aaa6d586b9e0b59","name":"app.example.com","type":"A",
        "content":"192.0.2.10","proxiable":true,"proxied":false,"ttl":60,"comment":null,"tags":[]}],
        "success":true,"errors":[],"messages":[],
        "result_info":{"page":1,"per_page":100,"count":1,"total_count":101,"total_pages":2}})"),
      "tok");
  ASSERT_EQ(r.verdict, Verdict::Ok);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].id, "372e67954025e0ba6aaa6d586b9e0b59");
  EXPECT_EQ(r.items[0].content, "192.0.2.10");
  EXPECT_EQ(r.items[0].ttl, 60);
  EXPECT_EQ(r.totalPages, 2);
}

TEST(CloudflareReply, SuccessSingleObjectAndEmptyList) {
  auto one = parseCloudflareReply(reply(200, R"({"result":{"id":"abc","name":"x"},"success":true,"errors":[],"messages":[]})"), kSecret);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].id, "abc");
  auto none = parseCloudflareReply(reply(200, R"({"result":[],"success":true,"errors":[],"messages":[]})"), kSecret);
  EXPECT_TRUE(none.ok());
  EXPECT_TRUE(none.items.empty());
}

TEST(CloudflareReply, SuccessFlagFalseIsNotSuccess) {
  auto r = parseCloudflareReply(reply(200, R"({"success":false,"errors":[],"messages":[],"result":null})"), kSecret);
  EXPECT_EQ(r.verdict, Verdict::Transient);
}

TEST(CloudflareReply, AuthenticationFailures) {
  EXPECT_EQ(parseCloudflareReply(reply(400, failureBody(R"([{"code":9106,"message":"Missing X-Auth-Key, X-Auth-Email or Authorization headers"}])")), kSecret).verdict,
            Verdict::AuthFailed);
  const auto malformed = parseCloudflareReply(
      reply(400, failureBody(R"([{"code":6003,"message":"Invalid request headers","error_chain":[{"code":6111,"message":"Invalid format for Authorization header"}]}])")), kSecret);
  EXPECT_EQ(malformed.verdict, Verdict::AuthFailed);
  EXPECT_NE(malformed.detail.find("6111 Invalid format for Authorization header"), std::string::npos) << malformed.detail;
  EXPECT_EQ(parseCloudflareReply(reply(403, failureBody(R"([{"code":10000,"message":"Authentication error"}])")), kSecret).verdict,
            Verdict::AuthFailed);
  EXPECT_EQ(parseCloudflareReply(reply(403, failureBody(R"([{"code":9103,"message":"Unknown X-Auth-Key or X-Auth-Email"}])")), kSecret).verdict,
            Verdict::AuthFailed);
  EXPECT_EQ(parseCloudflareReply(reply(401, failureBody(R"([{"code":1000,"message":"Invalid API Token"}])")), kSecret).verdict,
            Verdict::AuthFailed);
}

TEST(CloudflareReply, StaleIds) {
  EXPECT_EQ(parseCloudflareReply(reply(404, failureBody(R"([{"code":81044,"message":"Record does not exist."}])")), kSecret).verdict,
            Verdict::RecordGone);
  EXPECT_EQ(parseCloudflareReply(reply(400, failureBody(R"([{"code":7003,"message":"Could not route to /zones/x, perhaps your object identifier is invalid?"},{"code":7000,"message":"No route for that URI"}])")), kSecret).verdict,
            Verdict::ZoneGone);
}

TEST(CloudflareReply, ValidationErrorsAreRejected) {
  const auto content = parseCloudflareReply(
      reply(400, failureBody(R"([{"code":9005,"message":"Content for A record must be a valid IPv4 address."}])")), kSecret);
  EXPECT_EQ(content.verdict, Verdict::Rejected);
  EXPECT_EQ(content.detail, "HTTP 400: 9005 Content for A record must be a valid IPv4 address.");
  const auto ttl = parseCloudflareReply(
      reply(400, failureBody(R"([{"code":1004,"message":"DNS Validation Error","error_chain":[{"code":9021,"message":"Invalid TTL"}]}])")), kSecret);
  EXPECT_EQ(ttl.verdict, Verdict::Rejected);
  EXPECT_EQ(ttl.detail, "HTTP 400: 1004 DNS Validation Error [9021 Invalid TTL]");
  EXPECT_EQ(parseCloudflareReply(reply(400, failureBody(R"([{"code":81058,"message":"An identical record already exists."}])")), kSecret).verdict,
            Verdict::Rejected);
}

TEST(CloudflareReply, RateLimitCarriesRetryAfter) {
  const auto r = parseCloudflareReply(
      reply(429, failureBody(R"([{"code":971,"message":"Please wait and consider throttling your request speed"}])"),
            {{"Content-Type", "application/json"}, {"retry-after", "217"}}),
      "t");
  EXPECT_EQ(r.verdict, Verdict::RateLimited);
  EXPECT_EQ(r.retryAfter, std::chrono::seconds{217});
  // Without the header, the whole 5-minute block is assumed.
  const auto bare = parseCloudflareReply(reply(429, "Too Many Requests", {}), kSecret);
  EXPECT_EQ(bare.verdict, Verdict::RateLimited);
  EXPECT_EQ(bare.retryAfter, std::chrono::seconds{300});
}

TEST(CloudflareReply, ServerTroubleIsTransientEvenWithoutJson) {
  const auto html = parseCloudflareReply(reply(502, "<html><body>502 Bad Gateway</body></html>", {}), kSecret);
  EXPECT_EQ(html.verdict, Verdict::Transient);
  EXPECT_NE(html.detail.find("HTTP 502 (non-JSON body"), std::string::npos) << html.detail;
  EXPECT_EQ(parseCloudflareReply(reply(500, failureBody(R"([{"code":10001,"message":"oops"}])")), kSecret).verdict,
            Verdict::Transient);
  EXPECT_EQ(parseCloudflareReply(HttpResult::failure("timed out after 10s"), kSecret).verdict, Verdict::Transient);
  EXPECT_EQ(parseCloudflareReply(reply(200, "not json"), kSecret).verdict, Verdict::Transient);
}

TEST(CloudflareReply, EchoedSecretIsRedacted) {
  const std::string secret = "s3cr3t-token-value";
  const auto r = parseCloudflareReply(
      reply(403, failureBody(R"([{"code":10000,"message":"Authentication error for Bearer s3cr3t-token-value"}])")), secret);
  EXPECT_EQ(r.detail.find(secret), std::string::npos) << r.detail;
  const auto html = parseCloudflareReply(reply(503, "<p>Authorization: Bearer s3cr3t-token-value</p>", {}), secret);
  EXPECT_EQ(html.detail.find(secret), std::string::npos) << html.detail;
  const auto transport = parseCloudflareReply(HttpResult::failure("proxy said s3cr3t-token-value"), secret);
  EXPECT_EQ(transport.detail.find(secret), std::string::npos) << transport.detail;
}

TEST(CloudflareReply, RetryAfterParsing) {
  EXPECT_EQ(parseRetryAfterSeconds("120"), std::chrono::seconds{120});
  EXPECT_EQ(parseRetryAfterSeconds(" 5 "), std::chrono::seconds{5});
  EXPECT_EQ(parseRetryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
  EXPECT_EQ(parseRetryAfterSeconds("-1"), std::nullopt);
  EXPECT_EQ(parseRetryAfterSeconds("99999999"), std::chrono::seconds{86400});
}

TEST(CloudflareRequest, AuthHeadersAndBodies) {
  const auto token = buildCloudflareRequest("https://api.cloudflare.com/client/v4/", {"tok", std::nullopt}, "GET",
                                            "/zones?name=example.com");
  EXPECT_EQ(token.url, "https://api.cloudflare.com/client/v4/zones?name=example.com");
  ASSERT_NE(findHeader(token.headers, "Authorization"), nullptr);
  EXPECT_EQ(*findHeader(token.headers, "Authorization"), "Bearer tok");
  EXPECT_EQ(findHeader(token.headers, "Content-Type"), nullptr);
  const auto key = buildCloudflareRequest(kCloudflareEndpoint, {"key", "ops@example.com"}, "PATCH", "/x",
                                          cloudflarePatchBody("192.0.2.1", 1));
  EXPECT_EQ(findHeader(key.headers, "Authorization"), nullptr);
  EXPECT_EQ(*findHeader(key.headers, "X-Auth-Email"), "ops@example.com");
  EXPECT_EQ(*findHeader(key.headers, "X-Auth-Key"), "key");
  EXPECT_EQ(*findHeader(key.headers, "Content-Type"), "application/json");
  EXPECT_EQ(key.body, R"({"content":"192.0.2.1","ttl":1})");
  EXPECT_EQ(cloudflareCreateBody("A", "app.example.com", "192.0.2.10", 60),
            R"({"type":"A","name":"app.example.com","content":"192.0.2.10","ttl":60,"proxied":false})");
}

}  // namespace
}  // namespace dnsfailover
