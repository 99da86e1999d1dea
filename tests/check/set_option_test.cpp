// Goal: `--set PATH=V1,V2` names real fields by the loaders' own paths,
// refuses wrong paths with an error naming the path, and multiplies into
// variants in a stable order.

#include <gtest/gtest.h>

#include "sim/check/set_option.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json config() {
  return json::parse(R"({
    "policies": {"10s-nr": {"period": "10s"}},
    "schemes": [{"name": "cat", "ttl": 300, "members": [{"indicator": "a", "priority": 100}]}]
  })");
}

TEST(SetOption, ParsesPathAndValues) {
  std::string error;
  auto set = parseSetOption("schemes[0].ttl=60,300,3600", error);
  ASSERT_TRUE(set) << error;
  EXPECT_EQ(set->path, "schemes[0].ttl");
  EXPECT_EQ(set->values, (std::vector<std::string>{"60", "300", "3600"}));
  auto list = parseSetOption(R"(policies.10s-nr.retry_schedule=["5s","5s"],[])", error);
  ASSERT_TRUE(list) << error;
  EXPECT_EQ(list->values.size(), 2u) << "commas inside brackets do not split values";
}

TEST(SetOption, ParseErrorsNameThePath) {
  std::string error;
  EXPECT_FALSE(parseSetOption("schemes[0].ttl", error));
  EXPECT_NE(error.find("schemes[0].ttl"), std::string::npos) << error;
  EXPECT_FALSE(parseSetOption("schemes[0].ttl=60,,300", error));
  EXPECT_NE(error.find("--set schemes[0].ttl: empty value"), std::string::npos) << error;
  EXPECT_FALSE(parseSetOption("schemes[.ttl=60", error));
  EXPECT_NE(error.find("schemes[.ttl"), std::string::npos) << error;
}

TEST(SetOption, AppliesByIndexByNameAndByKey) {
  json doc = config();
  std::string error;
  ASSERT_TRUE(applySet(doc, "schemes[0].ttl", "60", error)) << error;
  EXPECT_EQ(doc["schemes"][0]["ttl"], 60) << "a number stays a number";
  ASSERT_TRUE(applySet(doc, "schemes[cat].ttl", "120", error)) << error;
  EXPECT_EQ(doc["schemes"][0]["ttl"], 120);
  ASSERT_TRUE(applySet(doc, "policies.10s-nr.period", "5s", error)) << error;
  EXPECT_EQ(doc["policies"]["10s-nr"]["period"], "5s") << "plain text is a string";
  ASSERT_TRUE(applySet(doc, "policies.10s-nr.retry_schedule", "10s 10s", error)) << error;
  EXPECT_EQ(doc["policies"]["10s-nr"]["retry_schedule"], "10s 10s") << "a new last key in an existing object";
}

TEST(SetOption, WrongPathsAreErrorsNamingThem) {
  json doc = config();
  std::string error;
  EXPECT_FALSE(applySet(doc, "schemes[3].ttl", "60", error));
  EXPECT_EQ(error, "--set schemes[3].ttl: schemes has 1 entries, no [3]");
  EXPECT_FALSE(applySet(doc, "schemes[dog].ttl", "60", error));
  EXPECT_EQ(error, "--set schemes[dog].ttl: schemes has no entry with \"name\": \"dog\"");
  EXPECT_FALSE(applySet(doc, "policy.10s-nr.period", "5s", error));
  EXPECT_EQ(error, "--set policy.10s-nr.period: (top level) has no \"policy\"");
  EXPECT_FALSE(applySet(doc, "schemes.ttl", "60", error));
  EXPECT_EQ(error, "--set schemes.ttl: schemes is not an object, so it has no \"ttl\"");
  EXPECT_FALSE(applySet(doc, "schemes[0].ttl[1]", "60", error));
  EXPECT_EQ(error, "--set schemes[0].ttl[1]: schemes[0].ttl is not an array");
}

TEST(SetOption, VariantsMultiplyInOrder) {
  std::string error;
  const auto a = *parseSetOption("schemes[0].ttl=60,300", error);
  const auto b = *parseSetOption("policies.10s-nr.period=5s,10s", error);
  const auto variants = expandVariants({a, b});
  ASSERT_EQ(variants.size(), 4u);
  EXPECT_EQ(variants[0].label, "schemes[0].ttl=60 policies.10s-nr.period=5s");
  EXPECT_EQ(variants[1].label, "schemes[0].ttl=60 policies.10s-nr.period=10s");
  EXPECT_EQ(variants[3].label, "schemes[0].ttl=300 policies.10s-nr.period=10s");
  EXPECT_EQ(expandVariants({}).front().label, "as given");
  auto applied = applyVariant(config(), variants[2], error);
  ASSERT_TRUE(applied) << error;
  EXPECT_EQ((*applied)["schemes"][0]["ttl"], 300);
  EXPECT_EQ((*applied)["policies"]["10s-nr"]["period"], "5s");
}

}  // namespace
}  // namespace dnsfailover::sim
