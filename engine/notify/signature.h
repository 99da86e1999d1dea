#pragma once
// The webhook signature: "sha256=" and the lower-case hex of
// HMAC-SHA256(secret, body), sent as X-Dnsfailover-Signature-256 so a
// receiver can check that a notification came from this daemon and was not
// changed on the way (the same scheme as GitHub's webhooks). The secret
// signs and is never sent. Pure computation.

#include <string>
#include <string_view>

namespace dnsfailover {

inline constexpr const char* kSignatureHeader = "X-Dnsfailover-Signature-256";

std::string webhookSignature(std::string_view secret, std::string_view body);

}  // namespace dnsfailover
