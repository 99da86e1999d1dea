#pragma once
// The HMACs TSIG signs with (RFC 8945 section 6): hmac-sha256 (the
// default, mandatory to implement), hmac-sha512 and hmac-sha1.
//
// Computed with OpenSSL's libcrypto, which the live adapters link anyway:
// an HMAC is a pure function of key and data (no I/O, no clock, no
// randomness), so the simulation signs and checks exactly as the daemon
// does, and a vetted implementation beats a hand-written SHA-2 here. The
// RFC 4231 / RFC 2202 vectors in tests/unit/tsig_test.cpp pin it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsfailover::dns {

enum class TsigAlgorithm { HmacSha1, HmacSha256, HmacSha512 };

// "hmac-sha256" (as configs and BIND/Knot key files spell it).
const char* tsigAlgorithmName(TsigAlgorithm algorithm);
// Accepts the names above, any case, with or without the trailing dot.
std::optional<TsigAlgorithm> parseTsigAlgorithm(std::string_view name);

std::vector<uint8_t> hmacDigest(TsigAlgorithm algorithm, std::span<const uint8_t> key,
                                std::span<const uint8_t> data);

}  // namespace dnsfailover::dns
