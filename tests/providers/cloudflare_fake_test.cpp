// The Cloudflare fake on its own: the codes, shapes and limits of
// Cloudflare's API v4, through its door.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fakes/cloudflare_api.h"

namespace dnsfailover::fakes {
namespace {

using json = nlohmann::json;

constexpr const char* kToken = "tok_0123456789";
constexpr const char* kEmail = "ops@example.com";
constexpr const char* kKey = "c2547eb745079dac9320b638f5e225cf483cc";
constexpr const char* kBase = "https://api.cloudflare.com/client/v4";

class CloudflareFake : public ::testing::Test {
 protected:
  CloudflareFake() : api_(store_) {
    zid_ = api_.addZone("example.com");
    otherZid_ = api_.addZone("other.org");
    api_.addToken(kToken);
    api_.addToken("limited", {"other.org"});
    api_.addAccount(kEmail, kKey);
  }

  HttpResponse call(const std::string& method, const std::string& path, const std::string& body = {},
                    HttpHeaders auth = {{"Authorization", std::string("Bearer ") + kToken}}) {
    HttpRequest r;
    r.method = method;
    r.url = kBase + path;
    r.headers = std::move(auth);
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.body = body;
    return api_.handle(r, now_, "192.0.2.53");
  }
  static json parse(const HttpResponse& r) { return json::parse(r.body); }
  static int code(const HttpResponse& r) { return parse(r)["errors"][0]["code"].get<int>(); }

  std::string create(const std::string& name, const std::string& content, const std::string& type = "A") {
    const auto r = call("POST", "/zones/" + zid_ + "/dns_records",
                        json{{"type", type}, {"name", name}, {"content", content}, {"ttl", 120}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return parse(r)["result"]["id"].get<std::string>();
  }

  ZoneStore store_;
  CloudflareApi api_;
  std::string zid_, otherZid_;
  TimePoint now_ = *parseIsoUtc("2026-11-02T00:00:00Z");
};

TEST_F(CloudflareFake, IdsAre32Hex) {
  EXPECT_EQ(zid_.size(), 32u);
  EXPECT_EQ(zid_.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(zid_, otherZid_);
}

TEST_F(CloudflareFake, AuthErrors) {
  auto none = call("GET", "/zones", {}, {});
  EXPECT_EQ(none.status, 400);
  EXPECT_EQ(code(none), 9106);
  auto malformed = call("GET", "/zones", {}, {{"Authorization", "Token abc"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(code(malformed), 6003);
  EXPECT_EQ(parse(malformed)["errors"][0]["error_chain"][0]["code"], 6111);
  auto unknown = call("GET", "/zones", {}, {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(unknown.status, 403);
  EXPECT_EQ(code(unknown), 10000);
  auto wrongKey = call("GET", "/zones", {}, {{"X-Auth-Email", kEmail}, {"X-Auth-Key", "0123456789abcdef0123456789abcdef01234"}});
  EXPECT_EQ(wrongKey.status, 403);
  EXPECT_EQ(code(wrongKey), 9103);
  auto badKey = call("GET", "/zones", {}, {{"X-Auth-Email", kEmail}, {"X-Auth-Key", "short"}});
  EXPECT_EQ(code(badKey), 6003);
  EXPECT_EQ(parse(badKey)["errors"][0]["error_chain"][0]["code"], 6103);
  auto onlyEmail = call("GET", "/zones", {}, {{"X-Auth-Email", kEmail}});
  EXPECT_EQ(code(onlyEmail), 9106);
  auto key = call("GET", "/zones", {}, {{"X-Auth-Email", kEmail}, {"X-Auth-Key", kKey}});
  EXPECT_EQ(key.status, 200);
  // A token limited to other.org cannot see or touch example.com.
  auto limited = call("GET", "/zones/" + zid_ + "/dns_records", {}, {{"Authorization", "Bearer limited"}});
  EXPECT_EQ(limited.status, 403);
  EXPECT_EQ(code(limited), 10000);
  auto listed = parse(call("GET", "/zones?name=example.com", {}, {{"Authorization", "Bearer limited"}}));
  EXPECT_TRUE(listed["result"].empty());
}

TEST_F(CloudflareFake, ZoneLookupByName) {
  auto r = call("GET", "/zones?name=example.com");
  ASSERT_EQ(r.status, 200);
  const json body = parse(r);
  EXPECT_TRUE(body["success"].get<bool>());
  ASSERT_EQ(body["result"].size(), 1u);
  EXPECT_EQ(body["result"][0]["id"], zid_);
  EXPECT_EQ(body["result_info"]["total_count"], 1);
  // "id" is the first key of every result object.
  EXPECT_EQ(r.body.find("\"result\":[{\"id\":"), 1u) << r.body;
  // Trailing slash, and an unknown name: 200 with an empty list.
  EXPECT_EQ(parse(call("GET", "/zones/?name=example.com"))["result"].size(), 1u);
  auto missing = call("GET", "/zones?name=nosuch.net");
  EXPECT_EQ(missing.status, 200);
  EXPECT_TRUE(parse(missing)["result"].empty());
}

TEST_F(CloudflareFake, RoutingErrors) {
  auto notId = call("GET", "/zones/example.com/dns_records");
  EXPECT_EQ(notId.status, 400);
  EXPECT_EQ(code(notId), 7003);
  EXPECT_EQ(parse(notId)["errors"][1]["code"], 7000);
  auto unknownZone = call("GET", "/zones/0123456789abcdef0123456789abcdef/dns_records");
  EXPECT_EQ(code(unknownZone), 7003);
  auto missingRecord = call("GET", "/zones/" + zid_ + "/dns_records/0123456789abcdef0123456789abcdef");
  EXPECT_EQ(missingRecord.status, 404);
  EXPECT_EQ(code(missingRecord), 81044);
}

TEST_F(CloudflareFake, CreateReadPatchPutDelete) {
  const std::string id = create("www.example.com", "192.0.2.1");
  EXPECT_EQ(store_.firstValue("www.example.com", "A"), "192.0.2.1");
  auto got = call("GET", "/zones/" + zid_ + "/dns_records/" + id);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find("{\"result\":{\"id\":\"" + id + "\""), 0u) << got.body;
  EXPECT_EQ(parse(got)["result"]["ttl"], 120);

  auto patched = call("PATCH", "/zones/" + zid_ + "/dns_records/" + id, R"({"content":"192.0.2.2"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(parse(patched)["result"]["ttl"], 120);  // untouched by PATCH
  EXPECT_EQ(store_.firstValue("www.example.com", "A"), "192.0.2.2");

  auto put = call("PUT", "/zones/" + zid_ + "/dns_records/" + id,
                  R"({"type":"A","name":"www.example.com","content":"192.0.2.3"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(parse(put)["result"]["ttl"], 1);  // PUT replaces: default TTL (automatic)
  EXPECT_EQ(store_.find("www.example.com", "A").front()->ttl, 300);

  auto deleted = call("DELETE", "/zones/" + zid_ + "/dns_records/" + id);
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(parse(deleted)["result"], json({{"id", id}}));
  EXPECT_FALSE(store_.firstValue("www.example.com", "A"));
}

TEST_F(CloudflareFake, Validation) {
  const std::string path = "/zones/" + zid_ + "/dns_records";
  auto badIp = call("POST", path, R"({"type":"A","name":"www","content":"192.0.2.300","ttl":120})");
  EXPECT_EQ(badIp.status, 400);
  EXPECT_EQ(code(badIp), 9005);
  auto badTtl = call("POST", path, R"({"type":"A","name":"www","content":"192.0.2.1","ttl":5})");
  EXPECT_EQ(code(badTtl), 1004);
  EXPECT_EQ(parse(badTtl)["errors"][0]["error_chain"][0]["code"], 9021);
  create("www.example.com", "192.0.2.1");
  auto duplicate = call("POST", path, R"({"type":"A","name":"www.example.com","content":"192.0.2.1","ttl":120})");
  EXPECT_EQ(code(duplicate), 81058);
  auto cname = call("POST", path, R"({"type":"CNAME","name":"www.example.com","content":"x.example.net","ttl":120})");
  EXPECT_EQ(code(cname), 81053);
  create("alias.example.com", "target.example.net", "CNAME");
  auto aOnCname = call("POST", path, R"({"type":"A","name":"alias.example.com","content":"192.0.2.9","ttl":120})");
  EXPECT_EQ(code(aOnCname), 81054);
  auto junk = call("POST", path, "not json");
  EXPECT_EQ(junk.status, 400);
}

TEST_F(CloudflareFake, ListFiltersAndPages) {
  // Round robin: several A records may share a name.
  for (int i = 1; i <= 5; ++i) create("rr.example.com", "192.0.2." + std::to_string(i));
  create("www.example.com", "192.0.2.100");
  const std::string path = "/zones/" + zid_ + "/dns_records";
  auto filtered = parse(call("GET", path + "?type=A&name=rr.example.com&per_page=2&page=3"));
  EXPECT_EQ(filtered["result"].size(), 1u);
  EXPECT_EQ(filtered["result_info"]["total_count"], 5);
  EXPECT_EQ(filtered["result_info"]["total_pages"], 3);
  EXPECT_EQ(filtered["result_info"]["page"], 3);
  auto byContent = parse(call("GET", path + "?content=192.0.2.100"));
  ASSERT_EQ(byContent["result"].size(), 1u);
  EXPECT_EQ(byContent["result"][0]["name"], "www.example.com");
  auto any = parse(call("GET", path + "?match=any&name=www.example.com&content=192.0.2.1"));
  EXPECT_EQ(any["result"].size(), 2u);
}

TEST_F(CloudflareFake, OutOfBandDeletionIsSeen) {
  const std::string id = create("www.example.com", "192.0.2.1");
  store_.remove(now_, "www.example.com", "A");
  auto patched = call("PATCH", "/zones/" + zid_ + "/dns_records/" + id, R"({"content":"192.0.2.2"})");
  EXPECT_EQ(patched.status, 404);
  EXPECT_EQ(code(patched), 81044);
}

TEST_F(CloudflareFake, RateLimitBlocksForFiveMinutes) {
  for (int i = 0; i < CloudflareApi::kRequestsPerWindow; ++i) {
    now_ += std::chrono::milliseconds{100};  // stay under 200/s per IP
    ASSERT_EQ(call("GET", "/zones?name=example.com").status, 200) << i;
  }
  now_ += std::chrono::milliseconds{100};
  auto limited = call("GET", "/zones?name=example.com");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(code(limited), 971);
  ASSERT_NE(findHeader(limited.headers, "Retry-After"), nullptr);
  EXPECT_EQ(*findHeader(limited.headers, "Retry-After"), "300");
  // Still blocked later in the window, even though old requests aged out.
  now_ += std::chrono::minutes{4};
  auto still = call("GET", "/zones?name=example.com");
  EXPECT_EQ(still.status, 429);
  EXPECT_EQ(*findHeader(still.headers, "Retry-After"), "60");
  // Another principal is not affected.
  EXPECT_EQ(call("GET", "/zones", {}, {{"X-Auth-Email", kEmail}, {"X-Auth-Key", kKey}}).status, 200);
  now_ += std::chrono::minutes{1};
  EXPECT_EQ(call("GET", "/zones?name=example.com").status, 200);
}

TEST_F(CloudflareFake, FaultKnobs) {
  api_.faults().failNext = 1;
  auto html = call("GET", "/zones");
  EXPECT_EQ(html.status, 503);
  EXPECT_NE(html.body.find("<html>"), std::string::npos);
  api_.faults().outages.push_back({now_, now_ + std::chrono::minutes{1}});
  api_.faults().errorStatus = 502;
  EXPECT_EQ(call("GET", "/zones").status, 502);
  now_ += std::chrono::minutes{1};
  EXPECT_EQ(call("GET", "/zones").status, 200);
  api_.faults().throttled.push_back({now_, now_ + std::chrono::seconds{42}});
  auto storm = call("GET", "/zones");
  EXPECT_EQ(storm.status, 429);
  EXPECT_EQ(*findHeader(storm.headers, "Retry-After"), "42");
  now_ += std::chrono::seconds{42};
  api_.faults().dropNext = 1;
  HttpRequest r{"GET", std::string(kBase) + "/zones", {{"Authorization", std::string("Bearer ") + kToken}}, {}, {}, true};
  EXPECT_FALSE(api_.serve(r, now_, "192.0.2.53").answered);
  api_.faults().echoCredential = true;
  auto echoed = call("GET", "/zones", {}, {{"Authorization", "Bearer nope"}});
  EXPECT_NE(echoed.body.find("nope"), std::string::npos);
}

TEST_F(CloudflareFake, ReissuedZoneIdRoutesNoMore) {
  const std::string old = zid_;
  const std::string fresh = api_.reissueZoneId("example.com");
  EXPECT_NE(old, fresh);
  EXPECT_EQ(code(call("GET", "/zones/" + old + "/dns_records")), 7003);
  EXPECT_EQ(call("GET", "/zones/" + fresh + "/dns_records").status, 200);
}

}  // namespace
}  // namespace dnsfailover::fakes
