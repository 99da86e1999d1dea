#pragma once
// How the provider/check/config fuzz targets read their bytes, shared by the
// targets and the replay driver that writes inputs for them.
//
// An HTTP-shaped input is text fields separated by 0x1F (ASCII "unit
// separator"), so a saved input stays readable in an editor:
//   STATUS 0x1F SECRET 0x1F HEADERS 0x1F BODY
// STATUS is a decimal HTTP status; anything else (empty, "timeout", a number
// that does not fit an int) makes a transport error whose text is BODY.
// HEADERS is "Name: value" lines. The last field takes the rest of the
// input, separators included.

#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ports/http_client.h"

namespace dnsfailover::fuzz {

inline constexpr char kFieldSeparator = '\x1f';

inline std::vector<std::string> splitFields(std::span<const uint8_t> data, size_t count) {
  std::vector<std::string> fields(count);
  size_t field = 0;
  for (uint8_t byte : data) {
    if (byte == static_cast<uint8_t>(kFieldSeparator) && field + 1 < count) {
      ++field;
    } else {
      fields[field] += static_cast<char>(byte);
    }
  }
  return fields;
}

inline std::optional<int> parseInt(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

inline HttpHeaders parseHeaders(std::string_view text) {
  HttpHeaders headers;
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      headers.emplace_back(std::string(line), std::string{});
    } else {
      std::string_view value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
  }
  return headers;
}

inline HttpResult makeResult(const std::string& status, const std::string& headers, const std::string& body) {
  const std::optional<int> code = parseInt(status);
  if (!code) return HttpResult::failure(body);
  return HttpResult::success(HttpResponse{*code, parseHeaders(headers), body});
}

// A credential of the shape real ones have (HE DDNS keys, Cloudflare tokens
// and global keys): 8..64 characters of [A-Za-z0-9_-] with at least one
// letter and one digit. The fixed words of our messages ("HTTP 401",
// "interval", "non-JSON", status codes) hold no such run, so the secret can
// only turn up in a message by leaking from the reply.
inline std::string realisticSecret(std::string_view raw) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
  std::string secret;
  bool letter = false;
  bool digit = false;
  for (char c : raw.substr(0, 64)) {
    const auto byte = static_cast<unsigned char>(c);
    const char mapped = (std::isalnum(byte) || c == '_' || c == '-') ? c : kAlphabet[byte % 64];
    letter = letter || std::isalpha(static_cast<unsigned char>(mapped));
    digit = digit || std::isdigit(static_cast<unsigned char>(mapped));
    secret += mapped;
  }
  if (!letter) secret += 'k';
  if (!digit) secret += '7';
  while (secret.size() < 8) secret += "Zq4";
  return secret;
}

// Messages shown to people: one line of printable text.
inline bool printable(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 32 || byte == 127) return false;
  }
  return true;
}

}  // namespace dnsfailover::fuzz
