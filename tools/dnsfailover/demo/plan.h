#pragma once
// What `dnsfailover demo` sets up, as values: the loopback addresses of
// every part of the world (from --base), the command lines of fake-world and
// the cat servers, and the daemon's config. Pure functions, so the layout
// and the generated config are tested without starting anything.
//
// From --base 127.0.0.B: cat servers main/backup/sorry on B+1..B+3, the
// fake provider API on B+4, nameservers ns1 (primary) .. ns3 on B+5..B+7,
// resolvers on B+8 and B+9. With the default base 127.0.0.10 the cat
// servers sit on 127.0.0.11-13, as in the okerr cat demo.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace dnsfailover::cli::demo {

struct DemoOptions {
  std::string provider = "he.net";  // or "cloudflare"
  double timeScale = 20;
  std::string start = "00:16";  // cat servers' time of day at launch: main fails at :20
  std::string base = "127.0.0.10";
  uint16_t dnsPort = 5353;
  std::string statusListen = "127.0.0.1:8053";
  bool help = false;
};

struct DemoPlan {
  DemoOptions options;
  std::string zone, fqdn;
  std::vector<std::string> catRoles;      // main, backup, sorry
  std::vector<std::string> catAddresses;  // in the same order
  std::string apiAddress;
  std::vector<std::string> nsAddresses;   // [0] is the primary
  std::vector<std::string> nsLags;        // "" for the primary
  std::vector<std::string> resolverAddresses;
  int ttl = 10;  // short, so resolvers follow soon after their cache expires
};

struct ParsedDemoOptions {
  DemoOptions options;
  std::string error;  // names the flag and what was expected
};

ParsedDemoOptions parseDemoOptions(const std::vector<std::string>& args);
const char* demoUsage();

// Nullopt with `error` set when the base leaves no room (B+9 > 254) or is
// not a 127.x.y.z address.
std::optional<DemoPlan> makePlan(const DemoOptions& options, std::string& error);

// Names of the environment variables that carry the generated credentials
// to the children (never their values on a command line).
inline constexpr const char* kProviderKeyEnv = "DNSFAILOVER_DEMO_PROVIDER_KEY";

std::vector<std::string> catServerArgs(const DemoPlan& plan, const std::string& binary, size_t index);
std::vector<std::string> fakeWorldArgs(const DemoPlan& plan, const std::string& binary, const std::string& caFile);
// The daemon's config: checks with addr=, the scheme at the fake provider
// (`apiUrl` from fake-world), propagation over the fake nameservers and
// resolvers, and the status page with `tokenFile`.
nlohmann::json daemonConfig(const DemoPlan& plan, const std::string& apiUrl, const std::string& tokenFile);

}  // namespace dnsfailover::cli::demo
