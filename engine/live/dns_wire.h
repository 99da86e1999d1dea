#pragma once
// DNS wire format <-> dns::Message, with ldns. Used by the live DnsClient
// (encode queries, decode replies) and by the fake servers' network door
// (decode queries, encode replies). Decoding never trusts its input: any
// byte string gives either a message or an error, never a crash.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/dns/message.h"

namespace dnsfailover::live {

struct DecodedMessage {
  std::optional<dns::Message> message;
  std::string error;  // "header section incomplete", ...
};

DecodedMessage decodeMessage(std::span<const uint8_t> wire);

// Nullopt when a field cannot be written (a name or record data that is
// not valid presentation format).
std::optional<std::vector<uint8_t>> encodeMessage(const dns::Message& message);

}  // namespace dnsfailover::live
