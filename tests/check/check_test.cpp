// Goal: `dnsfailover check` is a function of (config, options, seeds): its
// JSON is byte-identical for the same seeds and differs for others; a
// sharded check merged equals the single-process one; and on the cat
// config with the cat schedule it finds the double push of HH:00 (both
// servers recover at once and the backup is selected a moment before main).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/check/check_run.h"
#include "tests/support/paths.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json catConfig() {
  std::ifstream in(testing::sourcePath("examples/cat-okerr.config.json"));
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

CheckOptions small(uint64_t runs, uint64_t firstSeed) {
  CheckOptions o;
  o.runs = runs;
  o.firstSeed = firstSeed;
  o.jobs = 2;
  o.world.duration = std::chrono::hours{2};
  return o;
}

json check(const json& config, const CheckOptions& options, const std::vector<Variant>& variants = expandVariants({})) {
  std::vector<std::string> errors;
  auto result = runCheck(config, "cat-okerr.config.json", variants, options, errors);
  EXPECT_TRUE(result) << (errors.empty() ? "" : errors[0]);
  return result ? checkJson(*result) : json();
}

TEST(Check, TheExampleConfigIsTheCatScenariosEngine) {
  std::ifstream in(testing::sourcePath("scenarios/cat-okerr.json"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(catConfig(), json::parse(text.str())["engine"])
      << "examples/cat-okerr.config.json must stay the engine part of scenarios/cat-okerr.json";
}

TEST(Check, JsonIsDeterministicForASeed) {
  const json a = check(catConfig(), small(3, 7));
  const json b = check(catConfig(), small(3, 7));
  ASSERT_FALSE(a.is_null());
  EXPECT_EQ(a.dump(), b.dump()) << "replay: dnsfailover check examples/cat-okerr.config.json --runs 3 --seed 7 "
                                   "--duration 2h --json a.json (twice)";
  EXPECT_EQ(a["kind"], "check");
  EXPECT_EQ(a["variants"][0]["runs"].size(), 3u);
  const json c = check(catConfig(), small(3, 8));
  EXPECT_NE(a["variants"][0]["runs"].dump(), c["variants"][0]["runs"].dump()) << "seeds must draw different worlds";
}

TEST(Check, ShardsMergeToTheSingleRun) {
  const json whole = check(catConfig(), small(4, 1));
  std::vector<json> shards;
  for (uint64_t k = 0; k < 2; ++k) {
    CheckOptions o = small(4, 1);
    o.shardIndex = k;
    o.shardCount = 2;
    shards.push_back(check(catConfig(), o));
    EXPECT_EQ(shards.back()["variants"][0]["runs"].size(), 2u);
  }
  std::string error;
  // In either order.
  auto merged = mergeCheckJson({shards[1], shards[0]}, error);
  ASSERT_TRUE(merged) << error;
  EXPECT_EQ(merged->dump(), whole.dump());
  EXPECT_FALSE(mergeCheckJson({shards[0], shards[0]}, error));
  EXPECT_NE(error.find("given twice"), std::string::npos) << error;
}

TEST(Check, VariantsRunOnTheSameSeeds) {
  std::string error;
  const auto ttl = *parseSetOption("schemes[0].ttl=60,3600", error);
  const json doc = check(catConfig(), small(2, 3), expandVariants({ttl}));
  ASSERT_EQ(doc["variants"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(doc["variants"][0]["runs"][i]["seed"], doc["variants"][1]["runs"][i]["seed"]);
    EXPECT_EQ(doc["variants"][0]["runs"][i]["faults"], doc["variants"][1]["runs"][i]["faults"]);
  }
  EXPECT_EQ(doc["variants"][1]["label"], "schemes[0].ttl=3600");
}

TEST(Check, WrongSetPathIsAnErrorNamingIt) {
  std::string error;
  const auto bad = *parseSetOption("schemes[2].ttl=60", error);
  std::vector<std::string> errors;
  EXPECT_FALSE(runCheck(catConfig(), "cat.json", expandVariants({bad}), small(1, 1), errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0], "--set schemes[2].ttl: schemes has 1 entries, no [2]");
  const auto invalid = *parseSetOption("schemes[0].ttl=-5", error);
  errors.clear();
  EXPECT_FALSE(runCheck(catConfig(), "cat.json", expandVariants({invalid}), small(1, 1), errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].find("with schemes[0].ttl=-5: schemes[0].ttl"), std::string::npos) << errors[0];
}

TEST(Check, FindsTheDoublePushOfTheCatHour) {
  CheckOptions o = small(4, 1);
  o.world.catSchedule = true;
  o.world.duration = std::chrono::hours{3};
  std::vector<std::string> errors;
  auto result = runCheck(catConfig(), "cat.json", expandVariants({}), o, errors);
  ASSERT_TRUE(result) << errors[0];
  const auto summary = summarize(result->variants[0], o.world.duration);
  ASSERT_EQ(summary.size(), 1u);
  EXPECT_GT(summary[0].doublePushes, 0u) << "at HH:00 main and backup recover together; the first checked wins for a moment";
  bool atTheHour = false;
  for (const RunResult& run : result->variants[0].runs) {
    for (const DoublePush& d : run.schemes[0].doublePushes) {
      const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(d.at).count();
      if (s % 3600 < 15 && d.first == "51.158.104.109" && d.second == "116.202.27.149") atTheHour = true;
    }
  }
  EXPECT_TRUE(atTheHour) << "a double push backup -> main just after HH:00";
  bool listed = false;
  for (const WorstRun& w : summary[0].worst) listed = listed || w.why.find("double push") != std::string::npos;
  EXPECT_TRUE(listed) << "the double push is among the worst runs";
}

}  // namespace
}  // namespace dnsfailover::sim
