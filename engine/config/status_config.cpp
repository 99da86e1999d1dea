#include "engine/config/status_config.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

// "127.0.0.1:8053" or "[::1]:8053" -> host, port; false when malformed.
bool splitListen(const std::string& text, std::string& host, uint16_t& port) {
  std::string portText;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return false;
    host = text.substr(1, close - 1);
    portText = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos || text.find(':') != colon) return false;
    host = text.substr(0, colon);
    portText = text.substr(colon + 1);
  }
  if (!isIpAddress(host) || portText.empty() || portText.size() > 5) return false;
  unsigned value = 0;
  for (char c : portText) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return false;
  port = static_cast<uint16_t>(value);
  return true;
}

}  // namespace

bool isLoopbackAddress(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

StatusConfig loadStatusConfig(const json& root, const std::string& base, std::vector<ConfigError>& errors) {
  StatusConfig config;
  Reader r(errors);
  const json* s = r.member(root, base, "status", false);
  if (s == nullptr) return config;
  const std::string path = Reader::join(base, "status");
  if (!s->is_object()) {
    r.fail(path, "expected an object with listen, token_file and allow_remote, got " + Reader::shown(*s));
    return config;
  }
  config.enabled = true;
  for (const auto& [key, value] : s->items()) {
    if (key != "listen" && key != "token_file" && key != "allow_remote") {
      r.fail(Reader::join(path, key), "unknown field (expected listen, token_file or allow_remote)");
    }
  }
  config.allowRemote = r.boolean(*s, path, "allow_remote").value_or(false);
  if (const json* token = r.member(*s, path, "token_file", false)) {
    if (!token->is_string() || token->get<std::string>().empty()) {
      r.fail(Reader::join(path, "token_file"), "expected a file name, got " + Reader::shown(*token));
    } else {
      config.tokenFile = token->get<std::string>();
    }
  }
  if (const json* listen = r.member(*s, path, "listen", false)) {
    std::string host;
    uint16_t port = 0;
    if (!listen->is_string() || !splitListen(listen->get<std::string>(), host, port)) {
      r.fail(Reader::join(path, "listen"),
             "expected an address and port like \"127.0.0.1:8053\" or \"[::1]:8053\", got " + Reader::shown(*listen));
    } else if (!isLoopbackAddress(host) && !config.allowRemote) {
      r.fail(Reader::join(path, "listen"), "\"" + listen->get<std::string>() +
                                               "\" is not a loopback address; set \"allow_remote\": true to "
                                               "serve the status page and control to other machines");
    } else {
      config.host = host;
      config.port = port;
    }
  }
  return config;
}

}  // namespace dnsfailover
