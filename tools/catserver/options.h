#pragma once
// catserver's command line, parsed into plain data so tests can check the
// error messages without starting a server.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fakes/cat_server.h"

namespace dnsfailover::catserver {

struct Options {
  fakes::CatRole role = fakes::CatRole::Main;
  std::optional<int> failMinute;  // after parsing: the role's default unless given
  std::string listenAddress = "127.0.0.1";
  uint16_t listenPort = 0;
  std::string ip;                 // shown on the page; default: the listen address
  std::string host = "cat.okerr.com";
  double timeScale = 1.0;
  // Simulated time of day to begin at (since midnight UTC); none = now.
  std::optional<Duration> startTimeOfDay;
  std::string tlsCert;
  std::string tlsKey;
  std::string dnsServer;  // "IP:PORT"
  std::string dnsName;
  size_t threads = 2;
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  Options options;
  std::string error;  // non-empty: what is wrong, naming the flag
};

ParsedOptions parseOptions(const std::vector<std::string>& args);
const char* usageText();

// "HH:MM" or "HH:MM:SS" -> time since midnight.
std::optional<Duration> parseTimeOfDay(const std::string& text);
// "127.0.0.11:8080" -> address and port (IPv4 only; port 0 allowed).
bool splitHostPort(const std::string& text, std::string& address, uint16_t& port);

}  // namespace dnsfailover::catserver
