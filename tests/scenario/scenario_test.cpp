// Goal: every scenario in scenarios/ loads and meets its expectations with
// its own seed, and a broken expectation is reported as a failure (the
// checker can fail).

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "engine/ports/trace.h"
#include "sim/runner.h"
#include "sim/trace_writers.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

std::vector<std::string> scenarioFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(testing::sourcePath("scenarios"))) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class ScenarioFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioFile, MeetsItsExpectationsAndKeepsSecretsOutOfTheTrace) {
  const ScenarioLoad load = loadScenarioFile(GetParam());
  ASSERT_TRUE(load.ok()) << load.errors[0].format();
  std::ostringstream json, timeline;
  JsonLinesSink jsonSink(json);
  TimelineSink timelineSink(timeline);
  TeeTraceSink trace;
  trace.add(jsonSink);
  trace.add(timelineSink);
  const RunReport report = runScenario(load.scenario, {}, trace);
  // Credentials, including rotated ones, must never reach a trace or a log.
  std::vector<std::string> secrets;
  for (const auto& [name, value] : load.scenario.secrets) secrets.push_back(value);
  for (const FaultEvent& e : load.scenario.events) {
    if (e.kind == "credentials_rotated") secrets.push_back(e.value);
  }
  for (const std::string& secret : secrets) {
    EXPECT_EQ(json.str().find(secret), std::string::npos) << "a credential leaked into the trace";
    EXPECT_EQ(timeline.str().find(secret), std::string::npos) << "a credential leaked into the timeline";
  }
  for (const auto& e : report.expectations) {
    EXPECT_TRUE(e.passed) << e.path << " " << e.description << ": " << e.detail
                          << "\nreplay: dnsfailover sim " << GetParam() << " --seed " << report.seed;
  }
  EXPECT_FALSE(report.expectations.empty()) << "a scenario without expectations proves nothing";
  // The trace's account of the world agrees with the fakes' own logs.
  for (const auto& a : report.audit) {
    EXPECT_TRUE(a.passed) << a.path << " " << a.description << ": " << a.detail
                          << "\nreplay: dnsfailover sim " << GetParam() << " --seed " << report.seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Library, ScenarioFile, ::testing::ValuesIn(scenarioFiles()),
                         [](const auto& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(CatScenario, TooTightABoundFailsWithADiagnosis) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath("scenarios/cat-okerr.json"));
  ASSERT_TRUE(load.ok());
  Expectation tight;
  tight.kind = Expectation::Kind::RecordFollowsTruth;
  tight.path = "expectations[x]";
  tight.scheme = "cat";
  tight.within = std::chrono::milliseconds{500};  // less than one check period can deliver
  Expectation wrongAddress;
  wrongAddress.kind = Expectation::Kind::RecordAt;
  wrongAddress.path = "expectations[y]";
  wrongAddress.fqdn = "cat.he.okerr.com";
  wrongAddress.at = std::chrono::minutes{30};
  wrongAddress.address = "116.202.27.149";  // main is failing at :30
  load.scenario.expectations = {tight, wrongAddress};
  NullTraceSink trace;
  const RunReport report = runScenario(load.scenario, RunOptions::of(std::nullopt, std::chrono::hours{2}), trace);
  ASSERT_EQ(report.expectations.size(), 2u);
  EXPECT_FALSE(report.expectations[0].passed);
  EXPECT_NE(report.expectations[0].detail.find("the record followed only after"), std::string::npos)
      << report.expectations[0].detail;
  EXPECT_FALSE(report.expectations[1].passed);
  EXPECT_NE(report.expectations[1].detail.find("51.158.104.109"), std::string::npos) << report.expectations[1].detail;
}

}  // namespace
}  // namespace dnsfailover::sim
