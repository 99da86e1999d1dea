#pragma once
// Command-line options of fake-apis. Credentials are named by environment
// variable, never given on the command line, where `ps` would show them.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dnsfailover::fakeapis {

struct Options {
  std::string provider;  // "he.net" or "cloudflare"
  std::string listenAddress = "127.0.0.1";
  uint16_t listenPort = 0;
  bool https = false;
  std::string caOut;  // where to write the self-signed certificate (https)
  std::vector<std::string> zones;
  std::vector<std::pair<std::string, std::string>> records;   // fqdn, IPv4
  std::vector<std::pair<std::string, std::string>> heHosts;   // fqdn, env var with the DDNS key
  std::vector<std::string> cfTokenEnvs;                       // env vars with API tokens
  std::vector<std::pair<std::string, std::string>> cfAccounts;  // e-mail, env var with the global API key
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  Options options;
  std::string error;  // names the flag and what was expected
};

ParsedOptions parseOptions(const std::vector<std::string>& args);
const char* usageText();

}  // namespace dnsfailover::fakeapis
