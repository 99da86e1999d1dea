#pragma once
// The one stored form of the engine's state: IndicatorState and SchemeState
// as JSON objects. Every store writes these (SQLite now, etcd later), so a
// value written by one reads back in another, field for field.
//
//   {"name":"charlie","configKey":"...","status":"OK","since":"2026-11-02T00:20:07.012Z",...}
//
// Rules:
// - instants are ISO UTC with milliseconds (formatIsoUtc), so a stored value
//   reads the same in every time zone and by eye;
// - an optional that holds nothing is left out; every other field must be
//   present, and a field this binary does not know is an error: adding or
//   renaming a field is a schema change with a migration
//   (engine/live/sqlite_schema.h), never a silent default;
// - a scheme's record sets are stored per type, {"A": ["192.0.2.1"]}, and
//   the RRset in flight as {"type": "A", "addresses": [...]}; the forms
//   written before record sets (one address string in desired,
//   providerHolds and inFlight, "selectedIndicator", "pending") still read,
//   the address's family naming its type, so an older store needs no
//   migration;
// - reading a malformed value throws StoreError naming the field and what
//   was expected ("nextCheck: expected an ISO UTC time, got 12"); the
//   store adds the file and the row.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/ports/store.h"
#include "engine/state/engine_state.h"

namespace dnsfailover {

nlohmann::json indicatorStateJson(const IndicatorState& state);
nlohmann::json schemeStateJson(const SchemeState& state);

// Throw StoreError naming the field.
IndicatorState parseIndicatorState(const nlohmann::json& json);
SchemeState parseSchemeState(const nlohmann::json& json);

// The same, as compact text (what a store keeps in its blob column).
std::string indicatorStateText(const IndicatorState& state);
std::string schemeStateText(const SchemeState& state);
IndicatorState parseIndicatorStateText(std::string_view text);
SchemeState parseSchemeStateText(std::string_view text);

}  // namespace dnsfailover
