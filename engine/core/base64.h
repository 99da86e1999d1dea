#pragma once
// Base64 (RFC 4648, standard alphabet, padded) for TSIG secrets and MACs.
// Decoding is strict: a secret that is not clean base64 is a configuration
// mistake to report, never something to guess around. Whitespace (a key
// file's trailing newline, BIND's line breaks) is skipped.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsfailover {

std::string base64Encode(std::span<const uint8_t> data);
// Nullopt when `text` holds a character outside the alphabet, wrong
// padding, or a length that is not a whole number of quads.
std::optional<std::vector<uint8_t>> base64Decode(std::string_view text);

// The same over text: HTTP Basic credentials, etcd's keys and values.
std::string base64EncodeText(std::string_view text);
std::optional<std::string> base64DecodeText(std::string_view text);

}  // namespace dnsfailover
