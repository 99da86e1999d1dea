#pragma once
// Base64 (RFC 4648) for HTTP Basic auth in the fakes and clients.

#include <string>
#include <string_view>

namespace dnsfailover::fakes {

std::string base64Encode(std::string_view data);
// Invalid characters are skipped; a malformed input yields what decodes.
std::string base64Decode(std::string_view text);

}  // namespace dnsfailover::fakes
