#pragma once
// RFC 2136 dynamic UPDATE messages in wire form, pure code (the simulation
// builds, signs and checks the same bytes the daemon sends).
//
// What dnsfailover sends for one name and one record type:
//   zone section   <zone> SOA IN
//   prerequisite   (compare-and-swap only) "RRset exists (value
//                  dependent)": every address we last saw, class IN, TTL 0
//                  (RFC 2136 2.4.2); the server refuses with NXRRSET when
//                  the RRset holds anything else; an empty list of
//                  what we saw (we withdrew it) sends "RRset does not
//                  exist" instead (2.4.3), refused with YXRRSET
//   update         delete the RRset (class ANY, TTL 0, no rdata, 2.5.2),
//                  then add each new address with the scheme's TTL; an
//                  empty set only deletes (withdraws the name)
//   additional     the TSIG record (engine/dns/tsig.h)
// The delete and the adds are one message, so the server applies them
// atomically: no instant without the record, other types and names of the
// zone untouched.
//
// parseUpdateWire reads any message with the UPDATE section layout (a
// request at the fake server, a reply at the provider); it never trusts its
// input and gives a message or an error, never a crash.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/dns/message.h"

namespace dnsfailover::dns {

inline constexpr uint8_t kOpcodeUpdate = 5;
inline constexpr uint16_t kTypeTsig = 250;
inline constexpr uint16_t kClassAny = 255;
inline constexpr uint16_t kClassNone = 254;

// Header rcodes an UPDATE reply can carry (RFC 2136 2.2, RFC 8945).
enum class UpdateRcode : uint8_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NxDomain = 3,
  NotImp = 4,
  Refused = 5,
  YxDomain = 6,
  YxRrset = 7,
  NxRrset = 8,
  NotAuth = 9,
  NotZone = 10,
};
// "NOERROR", "NXRRSET", ...; "RCODE11" for the rest.
std::string updateRcodeName(uint8_t rcode);

struct UpdateRequest {
  uint16_t id = 0;
  std::string zone;  // normalized
  std::string name;  // normalized, inside zone
  Type type = Type::A;
  uint32_t ttl = 300;
  std::vector<std::string> addresses;                   // empty = delete the RRset
  std::optional<std::vector<std::string>> prerequisite;  // the addresses we last saw (empty: none)
};

// The unsigned message (ARCOUNT 0); nullopt with `error` set when a name
// cannot be encoded or an address does not fit `type`.
std::optional<std::vector<uint8_t>> encodeUpdate(const UpdateRequest& request, std::string& error);

struct WireRecord {
  std::string name;
  uint16_t type = 0;
  uint16_t rclass = kClassIn;
  uint32_t ttl = 0;
  std::vector<uint8_t> rdata;
  bool operator==(const WireRecord&) const = default;
};

struct TsigRecord {
  std::string keyName;    // normalized
  std::string algorithm;  // normalized ("hmac-sha256")
  uint64_t timeSigned = 0;
  uint16_t fudge = 0;
  std::vector<uint8_t> mac;
  uint16_t originalId = 0;
  uint16_t error = 0;
  std::vector<uint8_t> other;
};

struct UpdateMessage {
  uint16_t id = 0;
  bool qr = false;
  uint8_t opcode = 0;
  uint8_t rcode = 0;
  std::vector<Question> zone;
  std::vector<WireRecord> prerequisites;
  std::vector<WireRecord> updates;
  std::vector<WireRecord> additional;  // without the TSIG record
  std::optional<TsigRecord> tsig;      // only when it is the last record
  size_t tsigOffset = 0;               // where the TSIG record starts
};

struct ParsedUpdate {
  std::optional<UpdateMessage> message;
  std::string error;  // "update section: record 2 truncated", ...
};

ParsedUpdate parseUpdateWire(std::span<const uint8_t> wire);

}  // namespace dnsfailover::dns
