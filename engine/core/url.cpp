#include "engine/core/url.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace {

// ASCII only: URLs are ASCII, and the C locale's tolower showed up in profiles.
void lowerAscii(std::string& text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

}  // namespace

namespace dnsfailover {

std::string Url::authority() const {
  const bool defaultPort = (scheme == "http" && port == 80) || (scheme == "https" && port == 443);
  const std::string shownHost = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return defaultPort ? shownHost : shownHost + ":" + std::to_string(port);
}

std::optional<Url> parseUrl(std::string_view text) {
  Url url;
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  url.scheme = std::string(text.substr(0, sep));
  lowerAscii(url.scheme);
  if (url.scheme == "http") {
    url.port = 80;
  } else if (url.scheme == "https") {
    url.port = 443;
  } else {
    return std::nullopt;
  }
  std::string_view rest = text.substr(sep + 3);
  const size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const size_t hash = url.target.find('#'); hash != std::string::npos) url.target.resize(hash);
  if (url.target.empty() || url.target[0] != '/') url.target = "/" + url.target;
  if (authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo
  std::string_view portText;
  if (!authority.empty() && authority[0] == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return std::nullopt;
      portText = after.substr(1);
    }
  } else {
    const size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) portText = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;
  lowerAscii(url.host);
  if (!portText.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), value);
    if (ec != std::errc{} || end != portText.data() + portText.size() || value == 0 || value > 65535) {
      return std::nullopt;
    }
    url.port = static_cast<uint16_t>(value);
  }
  return url;
}

std::string_view urlPath(std::string_view url) {
  const size_t sep = url.find("://");
  const size_t start = url.find_first_of("/?#", sep == std::string_view::npos ? 0 : sep + 3);
  if (start == std::string_view::npos || url[start] != '/') return "/";
  const size_t end = url.find_first_of("?#", start);
  return url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string urlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      unsigned value = 0;
      std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> formValue(std::string_view encoded, std::string_view key) {
  while (!encoded.empty()) {
    const size_t amp = encoded.find('&');
    const std::string_view pair = encoded.substr(0, amp);
    const size_t eq = pair.find('=');
    if (urlDecode(pair.substr(0, eq)) == key) {
      return eq == std::string_view::npos ? std::string{} : urlDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    encoded.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

}  // namespace dnsfailover
