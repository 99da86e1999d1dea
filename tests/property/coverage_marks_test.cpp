// Goal: the property runs reach every rare path that the engine and the
// fakes mark (engine/core/coverage.h). A mark no run hits is a path the
// properties never exercise, so their passing says nothing about it: the
// test fails and lists the missing marks. The runs are the two kinds of
// property the harness has: generated worlds (with and without engine
// crashes, perturbed, as world_properties runs them) and seeds of every
// library scenario (as `explore` runs them, perturbed and in swarm mode).

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/core/coverage.h"
#include "sim/exploration.h"
#include "tests/property/world_generator.h"
#include "tests/support/paths.h"

namespace dnsfailover::testing {
namespace {

std::string missingMarks(const coverage::Counts& hits) {
  std::string missing;
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    if (hits[i] > 0) continue;
    const coverage::MarkInfo& info = coverage::markInfo(static_cast<coverage::Mark>(i));
    missing += "\n  " + std::string(info.name) + ": " + std::string(info.meaning);
  }
  return missing;
}

TEST(CoverageMarks, ThePropertyRunsHitEveryMark) {
  const coverage::Counts before = coverage::threadCounts();
  for (uint64_t i = 0; i < 60; ++i) {
    WorldOptions options;
    options.crashes = i % 2 == 1;
    const GeneratedWorld world = genWorld(options)(rc::Random(0xC0FE'0000 + i), 50).value();
    runWorld(world);
  }
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(sourcePath("scenarios"))) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    const sim::ScenarioLoad load = sim::loadScenarioFile(file);
    ASSERT_TRUE(load.ok()) << file << ": " << load.errors[0].format();
    sim::ExploreSpec spec;
    spec.file = file;
    for (uint64_t seed = 1; seed <= 2; ++seed) {
      spec.swarm = seed == 2;
      sim::exploreSeed(load.scenario, spec, seed);
    }
  }
  const std::string missing = missingMarks(coverage::since(before));
  EXPECT_TRUE(missing.empty()) << "coverage marks never hit by the property runs:" << missing;
}

TEST(CoverageMarks, EveryMarkHasAUniqueSnakeCaseName) {
  std::set<std::string_view> names;
  for (size_t i = 0; i < coverage::kMarkCount; ++i) {
    const coverage::MarkInfo& info = coverage::markInfo(static_cast<coverage::Mark>(i));
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_FALSE(info.meaning.empty()) << info.name;
    for (char c : info.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << info.name;
  }
}

}  // namespace
}  // namespace dnsfailover::testing
