#include "engine/providers/cloudflare_reply.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/providers/provider.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;
using Verdict = CloudflareReply::Verdict;

// Codes that mean "these credentials cannot do this" (Cloudflare's authentication error codes).
constexpr int kAuthCodes[] = {1000, 6003, 6102, 6103, 6111, 9103, 9106, 9109, 10000};
// The zone id in the path no longer routes: 7003/7000, or 1001 "Invalid
// zone identifier" that some zone endpoints answer.
constexpr int kZoneGoneCodes[] = {7003, 7000, 1001};
constexpr int kRecordGone = 81044;

bool contains(const auto& list, int code) { return std::find(std::begin(list), std::end(list), code) != std::end(list); }

std::string text(const json& v, const char* key) {
  auto it = v.find(key);
  return it != v.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

int integer(const json& v, const char* key, int fallback) {
  auto it = v.find(key);
  return it != v.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

CloudflareItem readItem(const json& v) {
  CloudflareItem item;
  if (!v.is_object()) return item;
  item.id = text(v, "id");
  item.name = text(v, "name");
  item.type = text(v, "type");
  item.content = text(v, "content");
  item.ttl = integer(v, "ttl", 0);
  if (auto it = v.find("proxied"); it != v.end() && it->is_boolean()) item.proxied = it->get<bool>();
  return item;
}

struct ApiError {
  int code = 0;
  std::string message;
  std::vector<ApiError> chain;
};

std::vector<ApiError> readErrors(const json& list) {
  std::vector<ApiError> out;
  if (!list.is_array()) return out;
  for (const json& e : list) {
    if (!e.is_object()) continue;
    ApiError error{integer(e, "code", 0), text(e, "message"), {}};
    if (auto chain = e.find("error_chain"); chain != e.end()) error.chain = readErrors(*chain);
    out.push_back(std::move(error));
  }
  return out;
}

void describe(const std::vector<ApiError>& errors, std::string& out) {
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) out += "; ";
    out += std::to_string(errors[i].code) + " " + errors[i].message;
    if (!errors[i].chain.empty()) {
      out += " [";
      describe(errors[i].chain, out);
      out += "]";
    }
  }
}

bool anyCode(const std::vector<ApiError>& errors, const auto& codes) {
  for (const ApiError& e : errors) {
    if (contains(codes, e.code) || anyCode(e.chain, codes)) return true;
  }
  return false;
}

std::string httpPrefix(int status) { return "HTTP " + std::to_string(status); }

// A non-JSON body (an edge or proxy page): keep a short, single-line taste.
std::string bodyTaste(const std::string& body, std::string_view secret) {
  if (body.empty()) return "empty body";
  return "non-JSON body: " + redact(body, secret, 80);
}

Verdict verdictForStatus(int status) {
  if (status == 429) return Verdict::RateLimited;
  if (status >= 500 || status == 408 || status == 409) return Verdict::Transient;
  if (status == 401 || status == 403) return Verdict::AuthFailed;
  return Verdict::Rejected;
}

}  // namespace

const char* verdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::Ok: return "ok";
    case Verdict::RecordGone: return "record gone";
    case Verdict::ZoneGone: return "zone gone";
    case Verdict::RateLimited: return "rate limited";
    case Verdict::Transient: return "transient";
    case Verdict::AuthFailed: return "authentication failed";
    case Verdict::Rejected: return "rejected";
  }
  return "?";
}

std::optional<Duration> parseRetryAfterSeconds(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc{} || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  // Cap at a day: a hostile or broken header must not park the scheme forever.
  return std::chrono::seconds{std::min<int64_t>(seconds, 86400)};
}

CloudflareReply parseCloudflareReply(const HttpResult& result, std::string_view secret) {
  CloudflareReply reply;
  if (!result.ok()) {
    reply.verdict = Verdict::Transient;
    reply.detail = redact(result.error, secret);
    return reply;
  }
  const HttpResponse& response = *result.response;
  reply.status = response.status;
  if (response.status == 429) {
    // Cloudflare blocks the token for the rest of a 5-minute window; when
    // the header is missing, assume the whole window.
    const std::string* header = findHeader(response.headers, "Retry-After");
    reply.retryAfter = header ? parseRetryAfterSeconds(*header) : std::nullopt;
    if (!reply.retryAfter) reply.retryAfter = std::chrono::seconds{300};
  }

  const json body = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    // 5xx pages from an edge or proxy are often HTML; any unreadable answer
    // is retried, except that 401/403 still mean the credentials.
    reply.verdict = response.status >= 200 && response.status < 300 ? Verdict::Transient
                                                                     : verdictForStatus(response.status);
    if (reply.verdict == Verdict::Rejected) reply.verdict = Verdict::Transient;
    reply.detail = httpPrefix(response.status) + " (" + bodyTaste(response.body, secret) + ")";
    return reply;
  }

  const std::vector<ApiError> errors = readErrors(body.value("errors", json::array()));
  const auto success = body.find("success");
  const bool succeeded = success != body.end() && success->is_boolean() && success->get<bool>();
  if (response.status >= 200 && response.status < 300 && succeeded) {
    reply.verdict = Verdict::Ok;
    if (auto r = body.find("result"); r != body.end()) {
      if (r->is_array()) {
        for (const json& item : *r) reply.items.push_back(readItem(item));
      } else if (r->is_object()) {
        reply.items.push_back(readItem(*r));
      }
    }
    if (auto info = body.find("result_info"); info != body.end() && info->is_object()) {
      reply.page = std::max(1, integer(*info, "page", 1));
      reply.totalPages = std::max(1, integer(*info, "total_pages", 1));
    }
    return reply;
  }

  std::string what;
  describe(errors, what);
  if (what.empty()) what = succeeded ? "\"success\": true with a failure status" : "no error details";
  reply.detail = redact(httpPrefix(response.status) + ": " + what, secret);

  if (response.status == 429) {
    reply.verdict = Verdict::RateLimited;
  } else if (response.status >= 500 || response.status == 408 || response.status == 409) {
    reply.verdict = Verdict::Transient;
  } else if (anyCode(errors, kAuthCodes)) {
    reply.verdict = Verdict::AuthFailed;
  } else if (anyCode(errors, std::array{kRecordGone})) {
    reply.verdict = Verdict::RecordGone;
  } else if (anyCode(errors, kZoneGoneCodes)) {
    reply.verdict = Verdict::ZoneGone;
  } else if (response.status >= 200 && response.status < 300) {
    // 2xx without success: the envelope is the authority, but it names no
    // known cause; retrying is the safe side.
    reply.verdict = Verdict::Transient;
  } else {
    reply.verdict = verdictForStatus(response.status);
  }
  return reply;
}

}  // namespace dnsfailover
