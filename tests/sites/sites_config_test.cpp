// Goal: the "sites" object and the per-indicator "quorum" load completely
// when right, and every mistake names its field and what was expected.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

json baseConfig() {
  return json::parse(R"({
    "indicators": [
      {"name": "main", "policy": {"period": "10s"}, "check": {"method": "httpstatus", "url": "http://192.0.2.1/"}},
      {"name": "backup", "policy": {"period": "10s"}, "check": {"method": "httpstatus", "url": "http://192.0.2.2/"},
       "quorum": {"at_least": 2}}
    ],
    "schemes": [],
    "sites": {
      "names": ["paris", "frankfurt", "virginia"],
      "coordination": {"endpoints": ["http://127.0.0.21:2379", "http://127.0.0.22:2379/"],
                       "prefix": "/dnsfailover/demo/", "lease_ttl": "6s", "timeout": "3s"},
      "report_every": "2s", "stale_after": "20s",
      "sanity": {"url": "http://127.0.0.30/", "contains": "alive"}
    }
  })");
}

std::vector<std::string> errorsOf(const json& config) {
  std::vector<std::string> out;
  for (const auto& e : loadEngineConfig(config).errors) out.push_back(e.format());
  return out;
}

TEST(SitesConfig, AGoodConfigLoadsEveryField) {
  const ConfigLoad load = loadEngineConfig(baseConfig());
  ASSERT_TRUE(load.ok()) << load.errors.front().format();
  const SitesConfig& s = load.config.sites;
  EXPECT_TRUE(s.enabled);
  EXPECT_EQ(s.names, (std::vector<std::string>{"paris", "frankfurt", "virginia"}));
  EXPECT_EQ(s.coordination.endpoints,
            (std::vector<std::string>{"http://127.0.0.21:2379", "http://127.0.0.22:2379"}));
  EXPECT_EQ(s.coordination.prefix, "/dnsfailover/demo/");
  EXPECT_EQ(s.coordination.leaseTtl, std::chrono::seconds{6});
  EXPECT_EQ(s.coordination.timeout, std::chrono::seconds{3});
  EXPECT_EQ(s.reportEvery, std::chrono::seconds{2});
  EXPECT_EQ(s.staleAfter, std::chrono::seconds{20});
  ASSERT_TRUE(s.sanity.has_value());
  EXPECT_EQ(s.sanity->url, "http://127.0.0.30/");
  EXPECT_EQ(s.sanity->contains, "alive");
  EXPECT_EQ(load.config.indicators[0].quorum.kind, QuorumRule::Kind::Majority);
  EXPECT_EQ(load.config.indicators[1].quorum.kind, QuorumRule::Kind::AtLeast);
  EXPECT_EQ(load.config.indicators[1].quorum.atLeast, 2);
  EXPECT_TRUE(s.hasSite("frankfurt"));
  EXPECT_FALSE(s.hasSite("tokyo"));
}

TEST(SitesConfig, DefaultsAndAbsence) {
  json config = baseConfig();
  config["sites"] = json::parse(R"({"names": ["a"], "coordination": {"endpoints": ["http://127.0.0.21:2379"]}})");
  config["indicators"][1].erase("quorum");
  const ConfigLoad load = loadEngineConfig(config);
  ASSERT_TRUE(load.ok()) << load.errors.front().format();
  EXPECT_EQ(load.config.sites.coordination.leaseTtl, std::chrono::seconds{10});
  EXPECT_EQ(load.config.sites.reportEvery, std::chrono::seconds{5});
  EXPECT_EQ(load.config.sites.staleAfter, std::chrono::seconds{30});
  EXPECT_FALSE(load.config.sites.sanity.has_value());

  config.erase("sites");
  const ConfigLoad one = loadEngineConfig(config);
  ASSERT_TRUE(one.ok());
  EXPECT_FALSE(one.config.sites.enabled);
}

TEST(SitesConfig, MistakesNameTheirField) {
  struct Case {
    const char* pointer;
    json value;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"/sites/names", json::array(), "sites.names: expected an array of 1 to 9 site names"},
      {"/sites/names/1", "Frank Furt", "sites.names[1]: expected a site name of a-z"},
      {"/sites/names/2", "paris", "sites.names[2]: duplicate site name \"paris\""},
      {"/sites/coordination/endpoints/1", "https://127.0.0.22:2379",
       "sites.coordination.endpoints[1]: expected http://HOST:PORT"},
      {"/sites/coordination/endpoints/0", "http://127.0.0.21", "sites.coordination.endpoints[0]: expected http://HOST:PORT"},
      {"/sites/coordination/endpoints", json::array(), "sites.coordination.endpoints: expected a non-empty array"},
      {"/sites/coordination/prefix", "dnsfailover", "sites.coordination.prefix: expected a key prefix"},
      {"/sites/coordination/lease_ttl", "1s", "sites.coordination.lease_ttl: expected whole seconds, at least \"2s\""},
      {"/sites/coordination/lease_ttl", "2500ms", "sites.coordination.lease_ttl: expected whole seconds"},
      {"/sites/coordination/colour", "blue", "sites.coordination.colour: unknown field"},
      {"/sites/stale_after", "1s", "sites.stale_after: expected more than report_every"},
      {"/sites/report_every", "0s", "sites.report_every:"},
      {"/sites/sanity/url", "ftp://x/", "sites.sanity.url: expected an http:// or https:// URL"},
      {"/sites/quorum", 2, "sites.quorum: unknown field"},
      {"/indicators/1/quorum", "most", "indicators[1].quorum: expected \"majority\" or {\"at_least\": K}"},
      {"/indicators/1/quorum/at_least", 4, "indicators[1].quorum.at_least: expected a whole number of sites 1..3"},
      {"/indicators/1/quorum/at_least", 0, "indicators[1].quorum.at_least: expected a whole number of sites 1..3"},
  };
  for (const Case& c : cases) {
    json config = baseConfig();
    config[json::json_pointer(c.pointer)] = c.value;
    const std::vector<std::string> errors = errorsOf(config);
    ASSERT_FALSE(errors.empty()) << c.pointer;
    EXPECT_NE(errors.front().find(c.expected), std::string::npos) << c.pointer << ": " << errors.front();
  }
  json missing = baseConfig();
  missing["sites"].erase("coordination");
  EXPECT_EQ(errorsOf(missing).at(0), "sites.coordination: is required");
}

TEST(SitesConfig, AQuorumWithoutSitesIsAnError) {
  json config = baseConfig();
  config.erase("sites");
  const std::vector<std::string> errors = errorsOf(config);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("indicators[1].quorum: applies only with \"sites\""), std::string::npos) << errors[0];
}

}  // namespace
}  // namespace dnsfailover
