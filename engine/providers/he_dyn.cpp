#include "engine/providers/he_dyn.h"

#include <cctype>

#include "engine/monitor/check.h"

namespace dnsfailover {
namespace {

std::string firstLine(const std::string& body) {
  const size_t end = body.find_first_of("\r\n");
  std::string line = body.substr(0, end);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  size_t start = 0;
  while (start < line.size() && std::isspace(static_cast<unsigned char>(line[start]))) ++start;
  return line.substr(start);
}

}  // namespace

std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string redact(std::string_view text, std::string_view secret, size_t maxLength) {
  // Drop control characters first: removing them after the search would
  // join "tok\x01en" back into the secret.
  std::string clean;
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 32 && c != 127) clean += c;
    else if (c == '\n' || c == '\t') clean += ' ';
  }
  if (!secret.empty()) {
    for (size_t pos = clean.find(secret); pos != std::string::npos; pos = clean.find(secret, pos + 3)) {
      clean.replace(pos, secret.size(), "***");
    }
  }
  if (clean.size() > maxLength) clean = clean.substr(0, maxLength) + "...";
  return clean;
}

HttpRequest buildHeDynRequest(const std::string& endpoint, const std::string& fqdn,
                              const std::string& key, const std::string& address) {
  HttpRequest request;
  request.method = "POST";
  request.url = endpoint;
  request.headers = {{"User-Agent", kUserAgent},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "hostname=" + urlEncode(fqdn) + "&password=" + urlEncode(key) +
                 "&myip=" + urlEncode(address);
  request.timeout = std::chrono::seconds{10};
  request.maxBodyBytes = 64 * 1024;
  return request;
}

PushOutcome parseHeDynReply(const HttpResult& result, const std::string& key) {
  using Kind = PushOutcome::Kind;
  if (!result.ok()) return {Kind::Retryable, "he.net: " + redact(result.error, key), {}};
  const HttpResponse& response = *result.response;
  const std::string line = redact(firstLine(response.body), key);
  if (response.status == 401 || response.status == 403) {
    return {Kind::Permanent, "he.net: HTTP " + std::to_string(response.status) + " (authentication refused)", {}};
  }
  if (response.status != 200) {
    return {Kind::Retryable, "he.net: HTTP " + std::to_string(response.status) +
                                 (line.empty() ? "" : ": " + line), {}};
  }
  const std::string word = line.substr(0, line.find(' '));
  if (word == "good" || word == "nochg") return {Kind::Ok, line, {}};
  if (word == "badauth" || word == "nohost" || word == "notfqdn" || word == "abuse" ||
      word == "badagent") {
    return {Kind::Permanent, "he.net: " + line, {}};
  }
  if (word == "interval") {
    // HE allows 10 updates per record in 2 minutes; wait out the window.
    return {Kind::Retryable, "he.net: interval (too many updates)", std::chrono::seconds{120}};
  }
  if (word == "911" || word == "dnserr") return {Kind::Retryable, "he.net: " + line, {}};
  return {Kind::Retryable, "he.net: unexpected reply \"" + line + "\"", {}};
}

HeDynProvider::HeDynProvider(HttpClient& http, std::string endpoint, std::string fqdn, std::string key,
                             Scheduler& scheduler)
    : http_(http),
      endpoint_(std::move(endpoint)),
      fqdn_(std::move(fqdn)),
      key_(std::move(key)),
      scheduler_(scheduler) {}

void HeDynProvider::setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) {
  if (records.addresses.size() != 1) {
    const std::string why = records.withdrawn()
                                ? "he.net: dyndns cannot delete the " + std::string(recordTypeName(records.type)) +
                                      " record of " + fqdn_ + " (when_all_down \"none\" needs another provider)"
                                : "he.net: a record holds one address; cannot publish " + records.describe() +
                                      " (answer \"all_healthy\" needs another provider)";
    scheduler_.scheduleAfter(Duration{0}, [why, done = std::move(done)] {
      done({PushOutcome::Kind::Permanent, why, {}});
    });
    return;
  }
  http_.send(buildHeDynRequest(endpoint_, fqdn_, key_, records.addresses.front()),
             [this, done = std::move(done)](HttpResult result) { done(parseHeDynReply(result, key_)); });
}

}  // namespace dnsfailover
