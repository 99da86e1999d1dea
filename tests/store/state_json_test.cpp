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
  EXPECT_EQ(errorOf(j.dump(), true), "desired: expected an object of record sets like {\"A\": [...]}, got false");
  j = schemeStateJson(scheme);
  j["desired"] = {{"MX", nlohmann::json::array()}};
  EXPECT_EQ(errorOf(j.dump(), true), "desired.MX: expected the record type A or AAAA");
  j["desired"] = {{"A", {"192.0.2"}}};
  EXPECT_EQ(errorOf(j.dump(), true), "desired.A: expected an IP address, got \"192.0.2\"");
}

TEST(StateJson, ReadsTheFormBeforeRecordSets) {
  // A scheme as a store written before record sets holds it: one address
  // per field, "selectedIndicator" and "pending".
  const SchemeState old = parseSchemeStateText(R"({"name":"cat","configKey":"k","targetKey":"t",
    "selectedIndicator":"echo:cat","desired":"2001:db8::2","providerHolds":"192.0.2.1","inFlight":"2001:db8::2",
    "inFlightSince":"2026-11-02T00:20:07.012Z","pending":true,"attempted":false,"failures":0,
    "notBefore":"2026-11-02T00:00:00.000Z","statusSince":"2026-11-02T00:20:07.012Z","lastReply":"good",
    "lastError":"","pushesSent":3,"providerCache":{}})");
  EXPECT_EQ(old.selectedIndicators, std::vector<std::string>{"echo:cat"});
  EXPECT_EQ(old.desired, (RecordSets{{RecordType::AAAA, {"2001:db8::2"}}}));
  EXPECT_EQ(old.providerHolds, (RecordSets{{RecordType::A, {"192.0.2.1"}}}));
  EXPECT_EQ(old.inFlight, (RecordSet{RecordType::AAAA, {"2001:db8::2"}}));
  EXPECT_EQ(old.owed, std::set<RecordType>{RecordType::AAAA});
  // Written again, it takes the new form and reads back the same.
  EXPECT_EQ(parseSchemeStateText(schemeStateText(old)), old);
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
