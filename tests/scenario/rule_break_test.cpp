// Goal: the scenarios of the dry run and of the webhook receiver fail when
// their rule is broken: a run that pushes fails dry-run.json, and a
// notifier that does not retry (or a receiver that checks a different
// secret) fails webhook-receiver-down.json.

#include <gtest/gtest.h>

#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

std::vector<std::string> failed(const Scenario& scenario) {
  NullTraceSink trace;
  const RunReport report = runScenario(scenario, {}, trace);
  std::vector<std::string> out;
  for (const auto& e : report.expectations) {
    if (!e.passed) out.push_back(e.path + " " + e.description + ": " + e.detail);
  }
  return out;
}

Scenario load(const std::string& file) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath(file));
  EXPECT_TRUE(load.ok()) << (load.ok() ? "" : load.errors[0].format());
  return load.scenario;
}

TEST(RuleBreak, ARunThatPushesFailsTheDryRunScenario) {
  Scenario s = load("scenarios/dry-run.json");
  ASSERT_TRUE(failed(s).empty());
  s.dryRun = false;
  EXPECT_GE(failed(s).size(), 3u) << "pushes, would_push counts and the record must all give it away";
}

TEST(RuleBreak, NoRetriesOrAWrongSignatureFailTheWebhookScenario) {
  Scenario s = load("scenarios/webhook-receiver-down.json");
  ASSERT_TRUE(failed(s).empty());
  Scenario noRetry = s;
  noRetry.engine.notify[0].retrySchedule.clear();
  const auto withoutRetries = failed(noRetry);
  ASSERT_FALSE(withoutRetries.empty());
  EXPECT_NE(withoutRetries[0].find("expectations[0]"), std::string::npos) << withoutRetries[0];
  Scenario wrongKey = s;
  wrongKey.secrets["HOOK_SECRET"] = "not-the-senders-key";  // the receiver checks with this one
  wrongKey.engine.notify[0].secret = CredentialRef{CredentialRef::Source::Env, "CAT_HE_KEY"};
  EXPECT_FALSE(failed(wrongKey).empty()) << "unsigned or wrongly signed deliveries must not count";
}

}  // namespace
}  // namespace dnsfailover::sim
