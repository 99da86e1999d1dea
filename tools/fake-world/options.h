#pragma once
// Command-line options of fake-world: one process holding one ZoneStore
// behind a fake provider API (HTTP or HTTPS) and fake DNS (an authoritative
// primary, lagging secondaries, caching resolvers). Credentials are named by
// environment variable, never given on the command line, where `ps` shows
// them. Errors name the flag and what was expected.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover::fakeworld {

struct Nameserver {
  std::string address;  // 127.0.0.x; every nameserver shares dnsPort
  Duration lagMin{}, lagMax{};  // zero for the primary
};

struct ResolverListen {
  std::string address;
  uint16_t port = 0;
  Duration minTtl{};
};

struct Options {
  std::string provider = "he.net";  // or "cloudflare"
  std::string apiAddress = "127.0.0.1";
  uint16_t apiPort = 0;
  bool https = false;
  std::string caOut;  // where the throw-away CA goes (https)
  std::string zone;
  std::vector<std::pair<std::string, std::string>> records;  // fqdn, IPv4
  int ttl = 60;                                               // of those records
  std::vector<std::pair<std::string, std::string>> heHosts;   // fqdn, env var with the DDNS key
  std::vector<std::string> cfTokenEnvs;                       // env vars with API tokens
  std::vector<Nameserver> nameservers;                        // [0] is the primary
  uint16_t dnsPort = 0;                                       // 0 = the first free one
  std::vector<ResolverListen> resolvers;
  uint64_t seed = 1;
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  Options options;
  std::string error;
};

ParsedOptions parseOptions(const std::vector<std::string>& args);
const char* usageText();

}  // namespace dnsfailover::fakeworld
