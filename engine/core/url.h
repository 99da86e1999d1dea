#pragma once
// The parts of an http(s) URL that a client needs to open a connection.

#include <optional>
#include <string>
#include <string_view>

namespace dnsfailover {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lower case; IPv6 without brackets
  uint16_t port = 0;   // explicit or the scheme's default
  std::string target;  // path + query, at least "/"

  std::string path() const { return target.substr(0, target.find('?')); }
  std::string query() const {
    const size_t q = target.find('?');
    return q == std::string::npos ? std::string{} : target.substr(q + 1);
  }
  // "host" or "host:port" when the port is not the default (the Host header).
  std::string authority() const;
};

std::optional<Url> parseUrl(std::string_view text);

// Just the path of an absolute URL ("/" when it has none), without
// allocating: for servers that route on the path of every request.
std::string_view urlPath(std::string_view url);

// Decodes application/x-www-form-urlencoded text (also a URL's query) and
// returns the first value of `key`.
std::optional<std::string> formValue(std::string_view encoded, std::string_view key);
std::string urlDecode(std::string_view text);

}  // namespace dnsfailover
