#pragma once
// What a push asks a provider to hold: one RRset, the record type plus the
// ordered list of addresses it must contain (highest priority first). An
// empty list means "withdraw the RRset" (no record of this type at the name).
//
// The record type belongs to the address family of the members: IPv4 goes
// into A, IPv6 into AAAA. The config loader decides it once per member
// (`addressRecordType`) and everything downstream reads the member's type;
// nothing guesses it from the address text again.

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

}  // namespace dnsfailover
