// Goal: okerr's HTTP grep and HTTP status verdicts, with their reasons.

#include <gtest/gtest.h>

#include "engine/monitor/check.h"

namespace dnsfailover {
namespace {

CheckSpec grep(std::string musthave, std::string mustnothave = {}) {
  CheckSpec spec;
  spec.url = "https://cat.okerr.com/";
  spec.musthave = std::move(musthave);
  spec.mustnothave = std::move(mustnothave);
  return spec;
}

HttpResult page(int status, std::string body) { return HttpResult::success({status, {}, std::move(body)}); }

TEST(HttpGrep, OkWhen200AndMusthavePresent) {
  EXPECT_TRUE(evaluateCheck(grep("status=OK"), page(200, "role: main\nstatus=OK\n")).ok);
}

TEST(HttpGrep, ErrWithReasons) {
  EXPECT_EQ(evaluateCheck(grep("status=OK"), page(200, "status=ERR")).reason,
            "Content has no substring 'status=OK'");
  EXPECT_EQ(evaluateCheck(grep("status=OK"), page(503, "status=OK")).reason, "Status code: 503 (not 200)");
  EXPECT_EQ(evaluateCheck(grep("", "Fatal error"), page(200, "PHP Fatal error")).reason,
            "Content has substring 'Fatal error'");
  EXPECT_EQ(evaluateCheck(grep("status=OK"), HttpResult::failure("timed out after 3s")).reason,
            "timed out after 3s");
}

TEST(HttpGrep, EmptyPatternsOnlyRequire200) {
  EXPECT_TRUE(evaluateCheck(grep(""), page(200, "")).ok);
  EXPECT_FALSE(evaluateCheck(grep(""), page(301, "")).ok);
}

TEST(HttpStatus, ComparesTheCode) {
  CheckSpec spec = grep("");
  spec.kind = CheckSpec::Kind::HttpStatus;
  spec.expectStatus = 204;
  EXPECT_TRUE(evaluateCheck(spec, page(204, "")).ok);
  EXPECT_EQ(evaluateCheck(spec, page(200, "")).reason, "Status code: 200 (not 204)");
}

TEST(CheckRequest, CarriesOptions) {
  CheckSpec spec = grep("status=OK");
  spec.connectTo = "116.202.27.149";
  spec.sslNoVerify = true;
  const HttpRequest r = buildCheckRequest(spec);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.url, "https://cat.okerr.com/");
  EXPECT_EQ(r.connectTo, "116.202.27.149");
  EXPECT_FALSE(r.verifyTls);
  EXPECT_EQ(r.timeout, std::chrono::seconds{3});
  ASSERT_NE(findHeader(r.headers, "user-agent"), nullptr);
}

}  // namespace
}  // namespace dnsfailover
