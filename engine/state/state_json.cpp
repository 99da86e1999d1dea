#include "engine/state/state_json.h"

#include <cassert>
#include <cstdint>
#include <limits>
#include <set>

namespace dnsfailover {
namespace {

// A field added to a state struct must be added here too (and to the
// round-trip test); the size check makes forgetting it a build error on the
// platform we ship.
#if defined(__GLIBCXX__) && defined(__x86_64__)
static_assert(sizeof(IndicatorState) == 168, "IndicatorState changed: update state_json.cpp and its round-trip test");
static_assert(sizeof(SchemeState) == 480, "SchemeState changed: update state_json.cpp and its round-trip test");
#endif

std::string iso(TimePoint t) { return formatIsoUtc(t); }

// Reads the fields of one stored object, each exactly once, and reports the
// first problem by field name. finish() rejects fields nobody asked for.
class Reader {
 public:
  explicit Reader(const nlohmann::json& json) : json_(json) {
    if (!json_.is_object()) fail("", "expected a JSON object, got " + std::string(json_.type_name()));
  }

  std::string string(const char* key) { return asString(key, required(key)); }
  bool boolean(const char* key) {
    const nlohmann::json& v = required(key);
    if (!v.is_boolean()) fail(key, "expected true or false, got " + v.dump());
    return v.get<bool>();
  }
  uint64_t unsignedInt(const char* key, uint64_t max) {
    const nlohmann::json& v = required(key);
    if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0) ||
        v.get<uint64_t>() > max) {
      fail(key, "expected an integer from 0 to " + std::to_string(max) + ", got " + v.dump());
    }
    return v.get<uint64_t>();
  }
  TimePoint time(const char* key) { return asTime(key, required(key)); }
  std::optional<std::string> optString(const char* key) {
    const nlohmann::json* v = optional(key);
    if (v == nullptr) return std::nullopt;
    return asString(key, *v);
  }
  std::optional<TimePoint> optTime(const char* key) {
    const nlohmann::json* v = optional(key);
    if (v == nullptr) return std::nullopt;
    return asTime(key, *v);
  }
  std::map<std::string, std::string> stringMap(const char* key) {
    const nlohmann::json& v = required(key);
    if (!v.is_object()) fail(key, "expected an object of strings, got " + v.dump());
    std::map<std::string, std::string> out;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_string()) fail(std::string(key) + "." + it.key(), "expected a string, got " + it.value().dump());
      out.emplace(it.key(), it.value().get<std::string>());
    }
    return out;
  }

  // The value of an optional field, for the fields with their own forms.
  const nlohmann::json* raw(const char* key) { return optional(key); }
  [[noreturn]] static void reject(const std::string& key, const std::string& why) { fail(key, why); }

  void finish() const {
    for (auto it = json_.begin(); it != json_.end(); ++it) {
      if (!seen_.contains(it.key())) fail(it.key(), "unknown field (written by a newer dnsfailover?)");
    }
  }

 private:
  [[noreturn]] static void fail(const std::string& key, const std::string& why) {
    throw StoreError(key.empty() ? why : key + ": " + why);
  }
  const nlohmann::json* optional(const char* key) {
    seen_.insert(key);
    const auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  const nlohmann::json& required(const char* key) {
    const nlohmann::json* v = optional(key);
    if (v == nullptr) fail(key, "missing");
    return *v;
  }
  static std::string asString(const char* key, const nlohmann::json& v) {
    if (!v.is_string()) fail(key, "expected a string, got " + v.dump());
    return v.get<std::string>();
  }
  static TimePoint asTime(const char* key, const nlohmann::json& v) {
    if (v.is_string()) {
      if (const std::optional<TimePoint> t = parseIsoUtc(v.get<std::string>())) return *t;
    }
    fail(key, "expected an ISO UTC time, got " + v.dump());
  }

  const nlohmann::json& json_;
  std::set<std::string, std::less<>> seen_;
};

nlohmann::json parseText(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) throw StoreError("not valid JSON");
  return json;
}

}  // namespace

nlohmann::json indicatorStateJson(const IndicatorState& s) {
  nlohmann::json j = {{"name", s.name},
                      {"configKey", s.configKey},
                      {"status", s.status},
                      {"since", iso(s.since)},
                      {"reason", s.reason},
                      {"retriesUsed", s.retriesUsed},
                      {"maintenance", s.maintenance},
                      {"checksRun", s.checksRun}};
  if (s.nextCheck) j["nextCheck"] = iso(*s.nextCheck);
  return j;
}

IndicatorState parseIndicatorState(const nlohmann::json& json) {
  Reader r(json);
  IndicatorState s;
  s.name = r.string("name");
  s.configKey = r.string("configKey");
  s.status = r.string("status");
  s.since = r.time("since");
  s.reason = r.string("reason");
  s.retriesUsed = static_cast<uint32_t>(r.unsignedInt("retriesUsed", std::numeric_limits<uint32_t>::max()));
  s.maintenance = r.boolean("maintenance");
  s.nextCheck = r.optTime("nextCheck");
  s.checksRun = r.unsignedInt("checksRun", std::numeric_limits<uint64_t>::max());
  r.finish();
  return s;
}

namespace {

// {"A": ["192.0.2.1"], "AAAA": []}
nlohmann::json recordSetsJson(const RecordSets& sets) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [type, addresses] : sets) j[recordTypeName(type)] = addresses;
  return j;
}

std::vector<std::string> addressList(const std::string& key, const nlohmann::json& v) {
  if (!v.is_array()) Reader::reject(key, "expected an array of addresses, got " + v.dump());
  std::vector<std::string> out;
  for (const nlohmann::json& a : v) {
    if (!a.is_string() || !addressRecordType(a.get<std::string>())) {
      Reader::reject(key, "expected an IP address, got " + a.dump());
    }
    out.push_back(a.get<std::string>());
  }
  return out;
}

// A version-1 value: one address, whose family names its record type.
RecordSet singleAddress(const std::string& key, const nlohmann::json& v) {
  const std::optional<RecordType> type = addressRecordType(v.get<std::string>());
  if (!type) Reader::reject(key, "expected an IP address, got " + v.dump());
  return {*type, {v.get<std::string>()}};
}

RecordSets readRecordSets(Reader& r, const char* key) {
  RecordSets sets;
  const nlohmann::json* v = r.raw(key);
  if (v == nullptr) return sets;
  if (v->is_string()) {
    const RecordSet one = singleAddress(key, *v);
    sets[one.type] = one.addresses;
    return sets;
  }
  if (!v->is_object()) Reader::reject(key, "expected an object of record sets like {\"A\": [...]}, got " + v->dump());
  for (auto it = v->begin(); it != v->end(); ++it) {
    const std::string path = std::string(key) + "." + it.key();
    const std::optional<RecordType> type = parseRecordType(it.key());
    if (!type) Reader::reject(path, "expected the record type A or AAAA");
    sets[*type] = addressList(path, it.value());
  }
  return sets;
}

std::optional<RecordSet> readRecordSet(Reader& r, const char* key) {
  const nlohmann::json* v = r.raw(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return singleAddress(key, *v);
  if (!v->is_object() || !v->contains("type") || !v->contains("addresses") || v->size() != 2 ||
      !(*v)["type"].is_string() || !parseRecordType((*v)["type"].get<std::string>())) {
    Reader::reject(key, "expected {\"type\": \"A\" or \"AAAA\", \"addresses\": [...]}, got " + v->dump());
  }
  return RecordSet{*parseRecordType((*v)["type"].get<std::string>()),
                   addressList(std::string(key) + ".addresses", (*v)["addresses"])};
}

}  // namespace

nlohmann::json schemeStateJson(const SchemeState& s) {
  assert(s.failures >= 0);
  nlohmann::json owed = nlohmann::json::array();
  for (RecordType type : s.owed) owed.push_back(recordTypeName(type));
  nlohmann::json j = {{"name", s.name},
                      {"configKey", s.configKey},
                      {"targetKey", s.targetKey},
                      {"selectedIndicators", s.selectedIndicators},
                      {"desired", recordSetsJson(s.desired)},
                      {"providerHolds", recordSetsJson(s.providerHolds)},
                      {"owed", std::move(owed)},
                      {"attempted", s.attempted},
                      {"failures", s.failures},
                      {"notBefore", iso(s.notBefore)},
                      {"statusSince", iso(s.statusSince)},
                      {"lastReply", s.lastReply},
                      {"lastError", s.lastError},
                      {"pushesSent", s.pushesSent},
                      {"providerCache", s.providerCache}};
  if (s.inFlight) j["inFlight"] = {{"type", recordTypeName(s.inFlight->type)}, {"addresses", s.inFlight->addresses}};
  if (s.inFlightSince) j["inFlightSince"] = iso(*s.inFlightSince);
  if (s.nextAttempt) j["nextAttempt"] = iso(*s.nextAttempt);
  return j;
}

SchemeState parseSchemeState(const nlohmann::json& json) {
  Reader r(json);
  SchemeState s;
  s.name = r.string("name");
  s.configKey = r.string("configKey");
  s.targetKey = r.string("targetKey");
  // Version 1 kept one member ("selectedIndicator") and one address per
  // field, and "pending" where "owed" names the types now; both forms read.
  if (const nlohmann::json* list = r.raw("selectedIndicators")) {
    if (!list->is_array()) Reader::reject("selectedIndicators", "expected an array of names, got " + list->dump());
    for (const nlohmann::json& name : *list) {
      if (!name.is_string()) Reader::reject("selectedIndicators", "expected an array of names, got " + list->dump());
      s.selectedIndicators.push_back(name.get<std::string>());
    }
  }
  if (auto one = r.optString("selectedIndicator")) s.selectedIndicators.push_back(*one);
  s.desired = readRecordSets(r, "desired");
  s.providerHolds = readRecordSets(r, "providerHolds");
  s.inFlight = readRecordSet(r, "inFlight");
  s.inFlightSince = r.optTime("inFlightSince");
  if (const nlohmann::json* owed = r.raw("owed")) {
    if (!owed->is_array()) Reader::reject("owed", "expected an array of record types, got " + owed->dump());
    for (const nlohmann::json& t : *owed) {
      const std::optional<RecordType> type = t.is_string() ? parseRecordType(t.get<std::string>()) : std::nullopt;
      if (!type) Reader::reject("owed", "expected the record types A or AAAA, got " + t.dump());
      s.owed.insert(*type);
    }
  } else if (r.raw("pending") != nullptr && r.boolean("pending")) {
    for (const auto& [type, addresses] : s.desired) s.owed.insert(type);
  }
  s.attempted = r.boolean("attempted");
  s.failures = static_cast<int>(r.unsignedInt("failures", std::numeric_limits<int>::max()));
  s.nextAttempt = r.optTime("nextAttempt");
  s.notBefore = r.time("notBefore");
  s.statusSince = r.time("statusSince");
  s.lastReply = r.string("lastReply");
  s.lastError = r.string("lastError");
  s.pushesSent = r.unsignedInt("pushesSent", std::numeric_limits<uint64_t>::max());
  s.providerCache = r.stringMap("providerCache");
  r.finish();
  return s;
}

namespace {

// Text that is not UTF-8 (a reason quoting a checked page) is stored with
// U+FFFD in place of the bad bytes rather than failing the commit.
std::string compact(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string indicatorStateText(const IndicatorState& state) { return compact(indicatorStateJson(state)); }
std::string schemeStateText(const SchemeState& state) { return compact(schemeStateJson(state)); }
IndicatorState parseIndicatorStateText(std::string_view text) { return parseIndicatorState(parseText(text)); }
SchemeState parseSchemeStateText(std::string_view text) { return parseSchemeState(parseText(text)); }

}  // namespace dnsfailover
