#pragma once
// TSIG (RFC 8945) for UPDATE messages: sign a request, verify a reply, and
// the server's side (verify a request, sign its answer), pure code on wire
// bytes. The clock is the caller's (the Scheduler port's now(), in whole
// seconds since the epoch), so the simulation checks time fudge on virtual
// time.
//
// The MAC covers (RFC 8945 4.3): for a reply, the request's MAC (length +
// bytes) first; then the message without its TSIG record, with ARCOUNT
// one less and the ID put back to the TSIG's Original ID; then the TSIG
// variables: key name and algorithm in canonical form, class ANY, TTL 0,
// time signed, fudge, error, other data.
//
// Secrets stay in TsigKey; nothing here writes them anywhere. Results are
// codes plus sentences that name the key, never its secret.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/dns/hmac.h"
#include "engine/dns/update.h"

namespace dnsfailover::dns {

inline constexpr uint16_t kTsigFudgeSeconds = 300;

// TSIG error codes (the TSIG record's Error field; the header says NOTAUTH).
enum class TsigError : uint16_t { None = 0, BadSig = 16, BadKey = 17, BadTime = 18, BadTrunc = 22 };
// "BADSIG", "BADKEY", "BADTIME", "BADTRUNC", "TSIG error N".
std::string tsigErrorName(uint16_t error);

struct TsigKey {
  std::string name;  // normalized key name ("dnsf")
  TsigAlgorithm algorithm = TsigAlgorithm::HmacSha256;
  std::vector<uint8_t> secret;
};

struct TsigParams {
  uint64_t timeSigned = 0;
  uint16_t fudge = kTsigFudgeSeconds;
  uint16_t error = 0;
  std::vector<uint8_t> other;
  // For a reply: the request's MAC, digested first.
  std::vector<uint8_t> requestMac;
  bool isReply = false;
};

struct SignedMessage {
  std::vector<uint8_t> wire;  // the message with its TSIG record appended
  std::vector<uint8_t> mac;
};

// Appends a TSIG record to `message` (which has none yet) and bumps
// ARCOUNT. `message` must hold at least a header.
SignedMessage tsigSign(std::vector<uint8_t> message, const TsigKey& key, const TsigParams& params);

// Appends an unsigned TSIG record (MAC size 0) carrying `error`: how a
// server answers a request whose key it does not know or whose MAC does not
// verify (RFC 8945 5.3.2).
std::vector<uint8_t> tsigAppendUnsigned(std::vector<uint8_t> message, const std::string& keyName,
                                        const std::string& algorithm, uint64_t timeSigned, uint16_t fudge,
                                        uint16_t originalId, TsigError error);

enum class TsigCheck {
  Ok,
  Unsigned,   // no TSIG record
  WrongKey,   // signed with another key name or algorithm
  BadMac,     // the MAC does not verify (or is missing)
  BadTime,    // time signed outside now +- fudge
};

// The MAC `parsed` carries verified against `key`, and its time against
// `nowSeconds`. `wire` is the message `parsed` was read from.
TsigCheck tsigVerify(std::span<const uint8_t> wire, const UpdateMessage& parsed, const TsigKey& key,
                     uint64_t nowSeconds, std::span<const uint8_t> requestMac, bool isReply);

}  // namespace dnsfailover::dns
