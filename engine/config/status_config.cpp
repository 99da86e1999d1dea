#include "engine/config/status_config.h"

#include <arpa/inet.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

std::string join(const std::string& base, const std::string& key) { return base.empty() ? key : base + "." + key; }

std::string shown(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

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
  if (!root.is_object()) return config;
  auto it = root.find("status");
  if (it == root.end() || it->is_null()) return config;
  const std::string path = join(base, "status");
  if (!it->is_object()) {
    errors.push_back({path, "expected an object with listen, token_file and allow_remote, got " + shown(*it)});
    return config;
  }
  config.enabled = true;
  const json& s = *it;
  for (const auto& [key, value] : s.items()) {
    if (key != "listen" && key != "token_file" && key != "allow_remote") {
      errors.push_back({join(path, key), "unknown field (expected listen, token_file or allow_remote)"});
    }
  }
  if (auto allow = s.find("allow_remote"); allow != s.end()) {
    if (!allow->is_boolean()) {
      errors.push_back({join(path, "allow_remote"), "expected true or false, got " + shown(*allow)});
    } else {
      config.allowRemote = allow->get<bool>();
    }
  }
  if (auto token = s.find("token_file"); token != s.end()) {
    if (!token->is_string() || token->get<std::string>().empty()) {
      errors.push_back({join(path, "token_file"), "expected a file name, got " + shown(*token)});
    } else {
      config.tokenFile = token->get<std::string>();
    }
  }
  if (auto listen = s.find("listen"); listen != s.end()) {
    std::string host;
    uint16_t port = 0;
    if (!listen->is_string() || !splitListen(listen->get<std::string>(), host, port)) {
      errors.push_back({join(path, "listen"),
                        "expected an address and port like \"127.0.0.1:8053\" or \"[::1]:8053\", got " +
                            shown(*listen)});
    } else if (!isLoopbackAddress(host) && !config.allowRemote) {
      errors.push_back({join(path, "listen"), "\"" + listen->get<std::string>() +
                                                  "\" is not a loopback address; set \"allow_remote\": true to "
                                                  "serve the status page and control to other machines"});
    } else {
      config.host = host;
      config.port = port;
    }
  }
  return config;
}

}  // namespace dnsfailover
