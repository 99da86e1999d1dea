#pragma once
// What a push asks a provider to hold: one RRset, the record type plus the
// ordered list of addresses it must contain (highest priority first). An
// empty list means "withdraw the RRset" (no record of this type at the name).
//
// The record type belongs to the address family of the members: IPv4 goes
// into A, IPv6 into AAAA. The config loader decides it once per member
// (`addressRecordType`) and everything downstream reads the member's type;
// nothing guesses it from the address text again.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsfailover {

enum class RecordType { A, AAAA };

// "A" / "AAAA".
const char* recordTypeName(RecordType type);
// The inverse of recordTypeName (exact upper case); nullopt otherwise.
std::optional<RecordType> parseRecordType(std::string_view name);
// A for IPv4 text, AAAA for IPv6 text, nullopt when `address` is neither.
std::optional<RecordType> addressRecordType(std::string_view address);

struct RecordSet {
  RecordType type = RecordType::A;
  std::vector<std::string> addresses;  // in order; empty = withdraw

  bool withdrawn() const { return addresses.empty(); }
  // "A 192.0.2.1,192.0.2.2" or "A (none)": for messages and traces.
  std::string describe() const;
  // "192.0.2.1,192.0.2.2" ("" when withdrawn).
  std::string joined() const;
  bool operator==(const RecordSet&) const = default;
};

// Every RRset a scheme keeps, by type (A before AAAA): a dual-stack scheme
// has both, an IPv4-only one just A. A type that is absent is not decided
// (no choice made yet, or "keep" with nothing pushed): nobody touches it.
using RecordSets = std::map<RecordType, std::vector<std::string>>;

// The set of one type in `sets` (empty addresses when absent).
RecordSet recordSetOf(const RecordSets& sets, RecordType type);
// For people: "192.0.2.1,192.0.2.2" when only one type is kept (as the
// single-address schemes always showed it), "(none)" for a withdrawn set,
// "A 192.0.2.1; AAAA 2001:db8::1" for several types; "" when empty.
std::string describeRecordSets(const RecordSets& sets);

}  // namespace dnsfailover
