// Goal: on the cat day, where at HH:00 the backup is chosen seconds before
// the main as both recover, `push_delay` turns the two provider updates of
// each HH:00 into one (the main's address), and without it there are two;
// the record still follows the truth and is never stale.

#include <gtest/gtest.h>

#include <map>

#include "sim/runner.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

class PushSink final : public TraceSink {
 public:
  void record(const TraceEvent& event) override {
    if (event.type == EventType::Push) pushes.push_back(event);
    if (event.type == EventType::Selection) selections.push_back(event);
  }
  std::vector<TraceEvent> pushes;
  std::vector<TraceEvent> selections;
};

// Pushes whose request left within the first two minutes of each hour
// after the first, by hour.
std::map<int64_t, std::vector<std::string>> pushesAtTheTopOfTheHour(const std::vector<TraceEvent>& pushes,
                                                                    TimePoint start) {
  std::map<int64_t, std::vector<std::string>> byHour;
  for (const TraceEvent& e : pushes) {
    const Duration since = e.t - start;
    const int64_t hour = std::chrono::duration_cast<std::chrono::hours>(since).count();
    if (hour == 0 || since - std::chrono::hours{hour} >= std::chrono::minutes{2}) continue;
    byHour[hour].push_back(e.text(field::address));
  }
  return byHour;
}

struct Run {
  RunReport report;
  PushSink sink;
};

std::unique_ptr<Run> runCatDay(const std::string& file, std::optional<Duration> pushDelay) {
  ScenarioLoad load = loadScenarioFile(testing::sourcePath(file));
  EXPECT_TRUE(load.ok()) << (load.ok() ? "" : load.errors[0].format());
  if (pushDelay) load.scenario.engine.schemes[0].pushDelay = *pushDelay;
  auto run = std::make_unique<Run>();
  run->report = runScenario(load.scenario, RunOptions::of(std::nullopt, std::chrono::hours{6}), run->sink);
  return run;
}

TEST(PushDelay, OnePushAtEachTopOfTheHourWithTheWindowTwoWithout) {
  const auto with = runCatDay("scenarios/cat-push-delay.json", std::nullopt);
  const auto without = runCatDay("scenarios/cat-push-delay.json", Duration{0});
  const std::string main = "116.202.27.149";
  const std::string backup = "51.158.104.109";

  const auto withHours = pushesAtTheTopOfTheHour(with->sink.pushes, with->report.start);
  const auto withoutHours = pushesAtTheTopOfTheHour(without->sink.pushes, without->report.start);
  ASSERT_EQ(withHours.size(), 5u) << "hours 1..5 each recover at HH:00";
  ASSERT_EQ(withoutHours.size(), 5u);
  for (const auto& [hour, addresses] : withoutHours) {
    ASSERT_EQ(addresses.size(), 2u) << "hour " << hour << ": the seed must show the double change";
    EXPECT_EQ(addresses[0], backup) << "hour " << hour;
    EXPECT_EQ(addresses[1], main) << "hour " << hour;
  }
  for (const auto& [hour, addresses] : withHours) {
    ASSERT_EQ(addresses.size(), 1u) << "hour " << hour << ": push_delay must coalesce the double change";
    EXPECT_EQ(addresses[0], main) << "hour " << hour;
  }
  // The selection still changes twice; only the provider is spared.
  EXPECT_EQ(with->sink.selections.size(), without->sink.selections.size());
  // The record still follows the truth (within the window) and is never
  // stale; the day's counts are the scenario file's own test.
  for (const auto& e : with->report.expectations) {
    if (e.description.find("count") != std::string::npos || e.description.find("selection changes") != std::string::npos) continue;
    EXPECT_TRUE(e.passed) << e.path << " " << e.description << ": " << e.detail;
  }
}

}  // namespace
}  // namespace dnsfailover::sim
