#pragma once
// The DNS door's fast path for what nearly every query is: a standard query
// with one question and at most an OPT record, and its answer made of A,
// AAAA, NS, CNAME, PTR, MX and SOA records. Both directions go straight
// between bytes and the message model with engine/dns/wire_codec.h, instead
// of the full codec's text round trip through ldns (engine/live/dns_wire.h),
// which was most of the door's CPU under dnsperf.
//
// Anything else gives nullopt and takes the full codec, so the answer to
// odd input (compression tricks, escaped names, TXT data,
// several records in a query) has one definition. Where both paths take a
// message they agree: tests/dns/wire_test.cpp decodes both side by side.
// Names in the fast path are letters, digits, '-' and '_' (lower-cased, as
// the full codec lower-cases them).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/dns/message.h"

namespace dnsfailover::fakes {

std::optional<dns::Message> decodeSimpleQuery(std::span<const uint8_t> wire);

// Names are compressed as the full codec compresses them.
std::optional<std::vector<uint8_t>> encodeSimpleReply(const dns::Message& reply);

}  // namespace dnsfailover::fakes
