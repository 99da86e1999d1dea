#include <cstdlib>

#include "engine/providers/cloudflare_reply.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

// The obvious reading of "Retry-After: <seconds>": optional spaces around
// decimal digits; capped at a day.
std::optional<int64_t> referenceRetryAfter(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty() || value.size() > 18) return std::nullopt;
  int64_t seconds = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return std::min<int64_t>(seconds, 86400);
}

void checkRetryAfter(const std::string& value) {
  const std::optional<Duration> parsed = parseRetryAfterSeconds(value);
  if (parsed && (*parsed < Duration::zero() || *parsed > std::chrono::seconds{86400})) std::abort();
  if (const auto expected = referenceRetryAfter(value)) {
    if (!parsed || *parsed != std::chrono::seconds{*expected}) std::abort();
  }
}

}  // namespace

void cloudflareReply(std::span<const uint8_t> data) {
  const std::vector<std::string> f = splitFields(data, 4);
  const std::string secret = realisticSecret(f[1]);
  const HttpResult result = makeResult(f[0], f[2], f[3]);
  const CloudflareReply reply = parseCloudflareReply(result, secret);
  using Verdict = CloudflareReply::Verdict;

  if (std::string_view(verdictName(reply.verdict)) == "?") std::abort();
  if (reply.detail.find(secret) != std::string::npos) std::abort();  // the token leaked
  if (!printable(reply.detail)) std::abort();
  if (reply.page < 1 || reply.totalPages < 1) std::abort();
  if (!result.ok()) {
    if (reply.verdict != Verdict::Transient || reply.retryAfter || !reply.items.empty()) std::abort();
    return;
  }
  const HttpResponse& response = *result.response;
  if (reply.ok() != reply.detail.empty()) std::abort();  // a failure says why, a success has nothing to say
  for (const auto& [name, value] : response.headers) checkRetryAfter(value);
  checkRetryAfter(response.body);
  if (reply.status != response.status) std::abort();
  if (reply.ok() && (response.status < 200 || response.status >= 300)) std::abort();
  if (!reply.ok() && !reply.items.empty()) std::abort();
  if ((response.status == 429) != (reply.verdict == Verdict::RateLimited)) std::abort();
  if (response.status == 429) {
    const std::string* header = findHeader(response.headers, "Retry-After");
    const std::optional<Duration> asked = header ? parseRetryAfterSeconds(*header) : std::nullopt;
    if (reply.retryAfter != asked.value_or(std::chrono::seconds{300})) std::abort();
  } else if (reply.retryAfter) {
    std::abort();
  }
  if (response.status >= 500 && reply.verdict != Verdict::Transient) std::abort();
}

}  // namespace dnsfailover::fuzz
