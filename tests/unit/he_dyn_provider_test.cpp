// Goal: the HE client builds the documented request and reads every reply
// into success, retryable or permanent, without leaking the key.

#include <gtest/gtest.h>

#include "engine/core/url.h"
#include "engine/providers/he_dyn.h"
#include "sim/kernel.h"

namespace dnsfailover {
namespace {

HttpResult reply(std::string body, int status = 200) { return HttpResult::success({status, {}, std::move(body)}); }

TEST(HeDynRequest, IsAFormPostWithHostnamePasswordAndIp) {
  const HttpRequest r = buildHeDynRequest(kHeDynEndpoint, "cat.he.okerr.com", "k&y=1", "51.158.104.109");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://dyn.dns.he.net/nic/update");
  EXPECT_EQ(*findHeader(r.headers, "content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(formValue(r.body, "hostname"), "cat.he.okerr.com");
  EXPECT_EQ(formValue(r.body, "password"), "k&y=1");
  EXPECT_EQ(formValue(r.body, "myip"), "51.158.104.109");
}

TEST(HeDynReply, GoodAndNochgSucceed) {
  const PushOutcome good = parseHeDynReply(reply("good 51.158.104.109\n"), "key");
  EXPECT_TRUE(good.ok());
  EXPECT_EQ(good.message, "good 51.158.104.109");
  EXPECT_TRUE(parseHeDynReply(reply("nochg 51.158.104.109"), "key").ok());
}

TEST(HeDynReply, ClassifiesFailures) {
  using Kind = PushOutcome::Kind;
  for (const char* word : {"badauth", "nohost", "notfqdn", "abuse", "badagent"}) {
    EXPECT_EQ(parseHeDynReply(reply(word), "key").kind, Kind::Permanent) << word;
  }
  for (const char* word : {"911", "dnserr", "something odd"}) {
    const PushOutcome o = parseHeDynReply(reply(word), "key");
    EXPECT_EQ(o.kind, Kind::Retryable) << word;
    EXPECT_NE(o.message.find(word), std::string::npos) << "the failure carries the reply text";
  }
  const PushOutcome interval = parseHeDynReply(reply("interval"), "key");
  EXPECT_EQ(interval.kind, Kind::Retryable);
  EXPECT_TRUE(interval.retryAfter);
  EXPECT_EQ(parseHeDynReply(reply("", 502), "key").kind, Kind::Retryable);
  EXPECT_EQ(parseHeDynReply(reply("", 401), "key").kind, Kind::Permanent);
  EXPECT_EQ(parseHeDynReply(HttpResult::failure("timed out after 10s"), "key").kind, Kind::Retryable);
}

TEST(HeDynReply, NeverShowsTheKey) {
  const PushOutcome echoed = parseHeDynReply(reply("badauth for password s3cr3t-key"), "s3cr3t-key");
  EXPECT_EQ(echoed.message.find("s3cr3t-key"), std::string::npos) << echoed.message;
  const PushOutcome transport = parseHeDynReply(HttpResult::failure("bad request to ...password=s3cr3t-key"), "s3cr3t-key");
  EXPECT_EQ(transport.message.find("s3cr3t-key"), std::string::npos) << transport.message;
}

// Answers "good" to every request, later, and counts them.
class CountingHttp final : public HttpClient {
 public:
  explicit CountingHttp(Scheduler& scheduler) : scheduler_(scheduler) {}
  void send(HttpRequest request, std::function<void(HttpResult)> done) override {
    sent.push_back(std::move(request));
    scheduler_.scheduleAfter(Duration{0}, [done = std::move(done)] {
      done(HttpResult::success({200, {}, "good"}));
    });
  }
  std::vector<HttpRequest> sent;

 private:
  Scheduler& scheduler_;
};

TEST(HeDynProvider, SendsTheOneAddressOfTheSet) {
  sim::Kernel kernel(TimePoint{});
  CountingHttp http(kernel);
  HeDynProvider he(http, kHeDynEndpoint, "cat.he.okerr.com", "key", kernel);
  std::optional<PushOutcome> outcome;
  he.setRecords({RecordType::AAAA, {"2001:db8::1"}}, [&](PushOutcome o) { outcome = o; });
  kernel.runUntil(TimePoint{} + 1s);
  ASSERT_TRUE(outcome && outcome->ok());
  ASSERT_EQ(http.sent.size(), 1u);
  EXPECT_EQ(formValue(http.sent[0].body, "myip"), "2001:db8::1");
}

TEST(HeDynProvider, RefusesSetsItCannotHoldWithoutCallingHe) {
  sim::Kernel kernel(TimePoint{});
  CountingHttp http(kernel);
  HeDynProvider he(http, kHeDynEndpoint, "cat.he.okerr.com", "key", kernel);
  std::vector<PushOutcome> outcomes;
  he.setRecords({RecordType::A, {"192.0.2.1", "192.0.2.2"}}, [&](PushOutcome o) { outcomes.push_back(o); });
  he.setRecords({RecordType::A, {}}, [&](PushOutcome o) { outcomes.push_back(o); });
  EXPECT_TRUE(outcomes.empty()) << "answers come later, never inside setRecords()";
  kernel.runUntil(TimePoint{} + 1s);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcomes[0].message.find("one address"), std::string::npos) << outcomes[0].message;
  EXPECT_EQ(outcomes[1].kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcomes[1].message.find("cannot delete"), std::string::npos) << outcomes[1].message;
  EXPECT_TRUE(http.sent.empty());
}

}  // namespace
}  // namespace dnsfailover
