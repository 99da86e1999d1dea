// Goal: the pure pieces of the status views behave as their headers say:
// okerr's age wording, the match tracker's "since", label escaping, the
// metrics text that promtool accepts after a failover, and the "status"
// config section with its errors by path.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "engine/config/config_loader.h"
#include "engine/engine.h"
#include "engine/status/metrics.h"
#include "engine/status/status_view.h"
#include "tests/status/door.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

TEST(FormatAge, UsesOkerrsWording) {
  EXPECT_EQ(status::formatAge(0s), "0s");
  EXPECT_EQ(status::formatAge(42s), "42s");
  EXPECT_EQ(status::formatAge(5min + 42s), "5m 42s");
  EXPECT_EQ(status::formatAge(2h + 5min + 3s), "2h 5m");
  EXPECT_EQ(status::formatAge(3 * 24h + 2h), "3d 2h");
  EXPECT_EQ(status::formatAge(-5s), "0s");
}

TEST(MatchTracker, DatesAFlipFromTheAnswerOrFromTheLookThatSawIt) {
  const TimePoint t0 = parseIsoUtc("2026-11-02T00:00:00Z").value();
  status::MatchTracker tracker;
  // First look: since the answer last changed.
  EXPECT_EQ(tracker.observe("cat", "ns1", true, "A", t0, t0 + 10s), t0);
  EXPECT_EQ(tracker.observe("cat", "ns1", true, "A", t0, t0 + 12s), t0);
  // The selection moved, the answer did not: since this look.
  EXPECT_EQ(tracker.observe("cat", "ns1", false, "A", t0, t0 + 14s), t0 + 14s);
  // The answer changed between looks: since the answer.
  EXPECT_EQ(tracker.observe("cat", "ns1", true, "B", t0 + 15s, t0 + 16s), t0 + 15s);
  // Both moved between looks and it still matches: a new match, since the answer.
  EXPECT_EQ(tracker.observe("cat", "ns1", true, "C", t0 + 20s, t0 + 30s), t0 + 20s);
  // Servers are tracked apart.
  EXPECT_EQ(tracker.observe("cat", "ns2", false, "A", t0 + 1s, t0 + 16s), t0 + 1s);
}

TEST(Metrics, EscapesLabelValues) {
  EXPECT_EQ(status::escapeLabelValue(R"(a"b\c)" "\n"), R"(a\"b\\c\n)");
}

TEST(Metrics, EveryFamilyHasHelpAndTypeAndPromtoolAcceptsTheText) {
  const sim::Scenario scenario = loadScenario("scenarios/cat-okerr.json");
  std::string text;
  visit(scenario,
        {{25min,
          [&](Engine* engine, Scheduler& clock, Store*) {
            status::MatchTracker tracker;
            status::DaemonFacts facts;
            facts.version = "1.2.3 \"test\"";
            facts.lastReloadAt = clock.now();
            text = status::metricsText(status::buildStatusModel(*engine, clock.now(), tracker), facts);
          }}},
        26min);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find(R"(dnsfailover_build_info{version="1.2.3 \"test\""} 1)"), std::string::npos);
  // Each sample's family was announced before it, and counters end in _total.
  std::string family, type;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) {
      std::istringstream in(line.substr(7));
      in >> family >> type;
      if (type == "counter") {
        EXPECT_TRUE(family.ends_with("_total")) << family;
      }
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0) continue;
    ASSERT_FALSE(family.empty()) << line;
    EXPECT_EQ(line.rfind(family, 0), 0u) << "sample outside its family: " << line;
  }
  for (const char* name : {"dnsfailover_probe_success", "dnsfailover_probe_duration_seconds",
                           "dnsfailover_probe_http_status_code", "dnsfailover_indicator_up",
                           "dnsfailover_scheme_selected_info", "dnsfailover_failovers_total", "dnsfailover_pushes_total",
                           "dnsfailover_push_failures_total", "dnsfailover_last_push_success_timestamp_seconds",
                           "dnsfailover_propagation_match", "dnsfailover_build_info",
                           "dnsfailover_config_last_reload_successful"}) {
    const bool labelled = text.find(std::string("\n") + name + "{") != std::string::npos;
    EXPECT_TRUE(labelled || text.find(std::string("\n") + name + " ") != std::string::npos)
        << name << " has no sample\n" << text.substr(0, 2000);
  }
  const std::string file = std::string(DNSFAILOVER_TEST_ARTIFACTS) + "/status-metrics.txt";
  std::ofstream(file) << text;
  const int rc = std::system(("bash " + std::string(DNSFAILOVER_PROMTOOL_SCRIPT) + " " + file).c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  if (WEXITSTATUS(rc) == 77) GTEST_SKIP() << "promtool is not installed (apt-get install prometheus)";
  EXPECT_EQ(WEXITSTATUS(rc), 0) << "promtool check metrics refused " << file;
}

ConfigLoad loadWithStatus(const json& status) {
  json root = json::parse(R"({
    "indicators": [{"name": "a", "policy": {"period": "10s"}, "check": {"method": "httpgrep", "url": "http://a.example/", "musthave": "OK"}}],
    "schemes": []})");
  root["status"] = status;
  return loadEngineConfig(root);
}

TEST(StatusConfig, ReadsListenTokenFileAndAllowRemote) {
  ConfigLoad load = loadWithStatus(json{{"listen", "127.0.0.1:9100"}, {"token_file", "/etc/dnsfailover/token"}});
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_TRUE(load.config.status.enabled);
  EXPECT_EQ(load.config.status.host, "127.0.0.1");
  EXPECT_EQ(load.config.status.port, 9100);
  EXPECT_EQ(load.config.status.tokenFile, "/etc/dnsfailover/token");
  load = loadWithStatus(json{{"listen", "[::1]:8053"}});
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.config.status.host, "::1");
  load = loadWithStatus(json{{"listen", "0.0.0.0:8053"}, {"allow_remote", true}});
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  EXPECT_EQ(load.config.status.host, "0.0.0.0");
  load = loadWithStatus(json::object());
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.config.status.host, "127.0.0.1");
  EXPECT_EQ(load.config.status.port, 8053);
}

TEST(StatusConfig, ErrorsNameTheField) {
  const std::vector<std::pair<json, std::string>> cases = {
      {json{{"listen", "0.0.0.0:8053"}}, "status.listen: \"0.0.0.0:8053\" is not a loopback address"},
      {json{{"listen", "localhost:8053"}}, "status.listen: expected an address and port"},
      {json{{"listen", "127.0.0.1:99999"}}, "status.listen: expected an address and port"},
      {json{{"listen", 8053}}, "status.listen: expected an address and port"},
      {json{{"token_file", ""}}, "status.token_file: expected a file name"},
      {json{{"allow_remote", "yes"}}, "status.allow_remote: expected true or false"},
      {json{{"port", 1}}, "status.port: unknown field"},
      {json("127.0.0.1:8053"), "status: expected an object"},
  };
  for (const auto& [value, expected] : cases) {
    const ConfigLoad load = loadWithStatus(value);
    ASSERT_FALSE(load.ok()) << value;
    EXPECT_EQ(load.errors[0].format().rfind(expected, 0), 0u) << load.errors[0].format();
  }
}

}  // namespace
}  // namespace dnsfailover::testing
