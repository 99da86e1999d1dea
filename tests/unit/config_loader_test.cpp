// Goal: every mistake in a config is reported with the path of the field
// and what was expected, and a good config loads completely.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

json goodConfig() {
  return json::parse(R"({
    "policies": {"10s-nr": {"period": "10s", "retry_schedule": "", "recovery_retry_schedule": ""}},
    "indicators": [
      {"name": "charlie:cat", "policy": "10s-nr",
       "check": {"method": "httpgrep", "url": "https://cat.okerr.com/", "musthave": "status=OK",
                 "options": "addr=116.202.27.149 ssl_noverify"}},
      {"name": "echo:cat", "policy": {"period": "1m", "retry_schedule": "20s 5m", "recovery_retry_schedule": ["30s"]},
       "maintenance": true,
       "check": {"method": "httpstatus", "url": "http://echo.example/", "status": 204}}
    ],
    "schemes": [
      {"name": "cat", "fqdn": "Cat.He.Okerr.com.", "zone": "he.okerr.com", "provider": "he.net",
       "credentials": {"env": "CAT_HE_KEY"}, "ttl": 300,
       "members": [
         {"indicator": "echo:cat", "priority": 95, "address": "51.158.104.109"},
         {"indicator": "charlie:cat", "priority": 100, "address": "116.202.27.149"}
       ]}
    ]
  })");
}

std::vector<std::string> errorsOf(const json& config) {
  std::vector<std::string> out;
  for (const auto& e : loadEngineConfig(config).errors) out.push_back(e.format());
  return out;
}

// Expects exactly one error and that it mentions `needle`.
void expectOneError(const json& config, const std::string& needle) {
  const auto errors = errorsOf(config);
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "no errors" : errors[0]);
  EXPECT_NE(errors[0].find(needle), std::string::npos) << errors[0];
}

TEST(ConfigLoader, LoadsAGoodConfig) {
  const ConfigLoad load = loadEngineConfig(goodConfig());
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  ASSERT_EQ(load.config.indicators.size(), 2u);
  const IndicatorConfig& charlie = load.config.indicators[0];
  EXPECT_EQ(charlie.policy.period, std::chrono::seconds{10});
  EXPECT_TRUE(charlie.policy.retrySchedule.empty());
  EXPECT_EQ(charlie.check.connectTo, "116.202.27.149");
  EXPECT_TRUE(charlie.check.sslNoVerify);
  EXPECT_EQ(charlie.check.timeout, std::chrono::seconds{3});
  const IndicatorConfig& echo = load.config.indicators[1];
  EXPECT_EQ(echo.policy.retrySchedule, (std::vector<Duration>{std::chrono::seconds{20}, std::chrono::minutes{5}}));
  EXPECT_EQ(echo.policy.recoveryRetrySchedule, (std::vector<Duration>{std::chrono::seconds{30}}));
  EXPECT_TRUE(echo.maintenance);
  EXPECT_EQ(echo.check.kind, CheckSpec::Kind::HttpStatus);
  EXPECT_EQ(echo.check.expectStatus, 204);

  const SchemeConfig& cat = load.config.schemes.at(0);
  EXPECT_EQ(cat.fqdn, "cat.he.okerr.com");
  EXPECT_EQ(cat.credentials.describe(), "env:CAT_HE_KEY");
  EXPECT_EQ(cat.pushBackoff, defaultPushBackoff());
  ASSERT_EQ(cat.members.size(), 2u);
  EXPECT_EQ(cat.members[0].priority, 100) << "members are sorted by priority, highest first";
}

TEST(ConfigLoader, KeepAliveIsOffUnlessThePolicyAsks) {
  json config = goodConfig();
  config["indicators"][1]["policy"]["keep_alive"] = true;
  const ConfigLoad load = loadEngineConfig(config);
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_FALSE(load.config.indicators[0].policy.keepAlive);
  EXPECT_TRUE(load.config.indicators[1].policy.keepAlive);
  config["indicators"][1]["policy"]["keep_alive"] = "no";
  expectOneError(config, "indicators[1].policy.keep_alive");
}

TEST(ConfigLoader, DuplicatePriorityInASchemeIsNamed) {
  json c = goodConfig();
  c["schemes"][0]["members"][1]["priority"] = 95;
  expectOneError(c, "schemes[0].members[1].priority: duplicate priority 95 (also members[0])");
}

TEST(ConfigLoader, DuplicateIndicatorInASchemeIsNamed) {
  json c = goodConfig();
  c["schemes"][0]["members"][1]["indicator"] = "echo:cat";
  expectOneError(c, "schemes[0].members[1].indicator: duplicate indicator \"echo:cat\"");
}

TEST(ConfigLoader, BadIpIsNamed) {
  json c = goodConfig();
  c["schemes"][0]["members"][0]["address"] = "51.158.104";
  expectOneError(c, "schemes[0].members[0].address: expected an IPv4 or IPv6 address, got \"51.158.104\"");
}

TEST(ConfigLoader, EachMemberKnowsItsRecordType) {
  json c = goodConfig();
  c["schemes"][0]["members"][0]["address"] = "2001:db8::95";
  c["schemes"][0]["members"][1]["address"] = "2001:db8::100";
  const ConfigLoad load = loadEngineConfig(c);
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.config.schemes[0].members[0].type, RecordType::AAAA);
  EXPECT_EQ(loadEngineConfig(goodConfig()).config.schemes[0].members[0].type, RecordType::A);
}

TEST(ConfigLoader, DualStackAndANamedRecordType) {
  json c = goodConfig();
  c["schemes"][0]["members"][1]["address"] = "2001:db8::100";
  const ConfigLoad dual = loadEngineConfig(c);
  ASSERT_TRUE(dual.ok()) << dual.errors[0].format();
  EXPECT_EQ(schemeRecordTypes(dual.config.schemes[0]), (std::vector<RecordType>{RecordType::A, RecordType::AAAA}));
  c["schemes"][0]["type"] = "A";
  expectOneError(c, "schemes[0].members[1].address: an A record holds IPv4 addresses, got \"2001:db8::100\"");
  c["schemes"][0]["type"] = "MX";
  expectOneError(c, "schemes[0].type: expected \"A\" or \"AAAA\", got \"MX\"");
}

TEST(ConfigLoader, AnswerRulesAndWhatTheProviderCanHold) {
  json c = goodConfig();
  c["schemes"][0]["answer"] = "all_healthy";
  expectOneError(c, "schemes[0].answer: \"all_healthy\" needs a provider that holds several addresses per record; he.net");
  c["schemes"][0].erase("answer");
  c["schemes"][0]["when_all_down"] = "none";
  expectOneError(c, "schemes[0].when_all_down: \"none\" deletes the record, which he.net cannot do");
  c["schemes"][0]["when_all_down"] = "keep";
  EXPECT_EQ(loadEngineConfig(c).config.schemes[0].answer.whenAllDown, WhenAllDown::Keep);
  c["schemes"][0]["max_answers"] = 2;
  expectOneError(c, "schemes[0].max_answers: applies only with \"answer\": \"all_healthy\"");

  json cf = goodConfig();
  cf["schemes"][0]["provider"] = "cloudflare";
  cf["schemes"][0]["answer"] = "all_healthy";
  cf["schemes"][0]["max_answers"] = 2;
  cf["schemes"][0]["when_all_down"] = "none";
  const ConfigLoad load = loadEngineConfig(cf);
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.config.schemes[0].answer, (AnswerRule{AnswerMode::AllHealthy, 2, WhenAllDown::None}));
  cf["schemes"][0].erase("max_answers");
  cf["schemes"][0]["answer"] = "every";
  expectOneError(cf, "schemes[0].answer: expected \"one\" or \"all_healthy\", got \"every\"");
}

TEST(ConfigLoader, UnknownIndicatorIsNamed) {
  json c = goodConfig();
  c["schemes"][0]["members"][0]["indicator"] = "delta:cat";
  expectOneError(c, "schemes[0].members[0].indicator: unknown indicator \"delta:cat\"");
}

TEST(ConfigLoader, UnparsableDurationIsNamed) {
  json c = goodConfig();
  c["policies"]["10s-nr"]["period"] = "10 seconds";
  expectOneError(c, "policies.10s-nr.period: expected a duration like \"10s\"");
  json d = goodConfig();
  d["indicators"][1]["policy"]["retry_schedule"] = "20s 5x";
  expectOneError(d, "indicators[1].policy.retry_schedule: expected durations like \"20s 5m\"");
}

TEST(ConfigLoader, UnknownProviderIsNamed) {
  json c = goodConfig();
  c["schemes"][0]["provider"] = "route53";
  expectOneError(c, "schemes[0].provider: unknown provider \"route53\" (expected \"he.net\", \"cloudflare\" or \"rfc2136\")");
}

TEST(ConfigLoader, OtherMistakesAreNamed) {
  json c = goodConfig();
  c["indicators"][0]["check"]["options"] = "addr=cat.okerr.com";
  expectOneError(c, "indicators[0].check.options: addr= expects an IPv4 or IPv6 address");
  json d = goodConfig();
  d["indicators"][0]["check"]["method"] = "ping";
  expectOneError(d, "indicators[0].check.method: expected \"httpgrep\", \"httpstatus\" or \"tcp\"");
  json e = goodConfig();
  e["indicators"][0]["policy"] = "1m";
  expectOneError(e, "indicators[0].policy: unknown policy \"1m\"");
  json f = goodConfig();
  f["schemes"][0]["zone"] = "okerr.net";
  expectOneError(f, "schemes[0].zone: \"okerr.net\" does not contain fqdn \"cat.he.okerr.com\"");
  json g = goodConfig();
  g["schemes"][0]["credentials"] = "secret-in-the-clear";
  expectOneError(g, "schemes[0].credentials: expected {\"env\": \"VARIABLE\"} or {\"file\": \"path\"}");
  json h = goodConfig();
  h["schemes"][0].erase("members");
  expectOneError(h, "schemes[0].members: is required");
  json i = goodConfig();
  i["indicators"][1]["name"] = "charlie:cat";
  const auto errors = errorsOf(i);
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("indicators[1].name: duplicate indicator name \"charlie:cat\""), std::string::npos);
}

TEST(ConfigLoader, CollectsEveryErrorInOneRound) {
  json c = goodConfig();
  c["schemes"][0]["members"][0]["address"] = "x";
  c["schemes"][0]["provider"] = "route53";
  c["policies"]["10s-nr"]["period"] = "soon";
  EXPECT_EQ(errorsOf(c).size(), 3u);
}

TEST(ConfigLoader, PrefixesPathsInsideAScenario) {
  json c = goodConfig();
  c["schemes"][0]["ttl"] = 0;
  const ConfigLoad load = loadEngineConfig(c, "engine");
  ASSERT_EQ(load.errors.size(), 1u);
  EXPECT_EQ(load.errors[0].path, "engine.schemes[0].ttl");
}

TEST(ConfigLoader, ReadsTheStoreSection) {
  const ConfigLoad defaults = loadEngineConfig(goodConfig());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults.config.store.path, "");  // the daemon picks its default
  EXPECT_EQ(defaults.config.store.historyRetention, std::chrono::hours{24 * 30});
  EXPECT_EQ(defaults.config.store.historyMaxEvents, 1'000'000u);

  json c = goodConfig();
  c["store"] = {{"path", "/var/lib/dnsfailover/state.db"}, {"history_retention", "7d"}, {"history_max_events", 5000}};
  const ConfigLoad load = loadEngineConfig(c);
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.config.store.path, "/var/lib/dnsfailover/state.db");
  EXPECT_EQ(load.config.store.historyRetention, std::chrono::hours{24 * 7});
  EXPECT_EQ(load.config.store.historyMaxEvents, 5000u);
}

TEST(ConfigLoader, StoreMistakesAreNamed) {
  json a = goodConfig();
  a["store"] = "state.db";
  expectOneError(a, "store: expected an object");
  json b = goodConfig();
  b["store"] = {{"history_retention", "forever"}};
  expectOneError(b, "store.history_retention: expected a duration");
  json c = goodConfig();
  c["store"] = {{"history_max_events", 0}};
  expectOneError(c, "store.history_max_events: expected a positive number");
  json d = goodConfig();
  d["store"] = {{"file", "state.db"}};
  expectOneError(d, "store.file: unknown key");
  json e = goodConfig();
  e["store"] = {{"path", ""}};
  expectOneError(e, "store.path: expected a non-empty file name");
}

}  // namespace
}  // namespace dnsfailover
