// Goal: the stored form of the state reads back exactly what was written,
// and a malformed stored value is an error that names the field and what
// was expected, never a silently defaulted state.

#include <gtest/gtest.h>

#include "engine/state/state_json.h"

namespace dnsfailover {
namespace {

std::string errorOf(const std::string& text, bool scheme = false) {
  try {
    if (scheme) {
      parseSchemeStateText(text);
    } else {
      parseIndicatorStateText(text);
    }
  } catch (const StoreError& e) {
    return e.what();
  }
  return "";
}

nlohmann::json goodIndicator() {
  IndicatorState s;
  s.name = "alpha";
  s.configKey = "k";
  s.since = *parseIsoUtc("2026-11-02T00:20:07.012Z");
  return indicatorStateJson(s);
}

TEST(StateJson, WritesReadableInstantsAndLeavesEmptyOptionalsOut) {
  const nlohmann::json j = goodIndicator();
  EXPECT_EQ(j.at("since"), "2026-11-02T00:20:07.012Z");
  EXPECT_FALSE(j.contains("nextCheck"));
  EXPECT_EQ(parseIndicatorState(j).since, *parseIsoUtc("2026-11-02T00:20:07.012Z"));
}

TEST(StateJson, MalformedValuesNameTheField) {
  auto with = [](const char* key, nlohmann::json value) {
    nlohmann::json j = goodIndicator();
    j[key] = std::move(value);
    return j.dump();
  };
  EXPECT_EQ(errorOf("[1,2]"), "expected a JSON object, got array");
  EXPECT_EQ(errorOf("{\"name\":"), "not valid JSON");
  EXPECT_EQ(errorOf(with("since", 12)), "since: expected an ISO UTC time, got 12");
  EXPECT_EQ(errorOf(with("nextCheck", "yesterday")), "nextCheck: expected an ISO UTC time, got \"yesterday\"");
  EXPECT_EQ(errorOf(with("retriesUsed", -1)), "retriesUsed: expected an integer from 0 to 4294967295, got -1");
  EXPECT_EQ(errorOf(with("retriesUsed", 1.5)), "retriesUsed: expected an integer from 0 to 4294967295, got 1.5");
  EXPECT_EQ(errorOf(with("maintenance", "yes")), "maintenance: expected true or false, got \"yes\"");
  EXPECT_EQ(errorOf(with("colour", "red")), "colour: unknown field (written by a newer dnsfailover?)");
  nlohmann::json missing = goodIndicator();
  missing.erase("status");
  EXPECT_EQ(errorOf(missing.dump()), "status: missing");

  SchemeState scheme;
  scheme.name = "cat";
  nlohmann::json j = schemeStateJson(scheme);
  j["providerCache"] = {{"zone_id", 7}};
  EXPECT_EQ(errorOf(j.dump(), true), "providerCache.zone_id: expected a string, got 7");
  j = schemeStateJson(scheme);
  j["desired"] = false;
  EXPECT_EQ(errorOf(j.dump(), true), "desired: expected a string, got false");
}

TEST(StateJson, TextThatIsNotUtf8IsStoredReplacedNotRefused) {
  IndicatorState s;
  s.name = "alpha";
  s.reason = "bad \xff byte";
  const IndicatorState back = parseIndicatorStateText(indicatorStateText(s));
  EXPECT_EQ(back.reason, "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace dnsfailover
