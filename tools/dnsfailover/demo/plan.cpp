#include "tools/dnsfailover/demo/plan.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstdio>

namespace dnsfailover::cli::demo {

const char* demoUsage() {
  return "usage: dnsfailover demo [--provider he.net|cloudflare] [--time-scale X] [--start HH:MM]\n"
         "                        [--base 127.0.0.N] [--dns-port PORT] [--status ADDR:PORT]\n"
         "Starts a whole failover world on loopback and runs it until Ctrl-C: three cat\n"
         "servers (main, backup, sorry on base+1..+3) whose hour runs X times faster (main\n"
         "fails at :20, backup at :40, both recover at :00), fake-world (the fake provider\n"
         "API and the nameservers and resolvers serving what it holds), and the daemon\n"
         "(`dnsfailover run`) checking them, pushing, watching propagation and serving\n"
         "its status page. Credentials are generated for the run and never printed.\n"
         "Defaults: --provider he.net --time-scale 20 --start 00:16 --base 127.0.0.10\n"
         "          --dns-port 5353 --status 127.0.0.1:8053\n";
}

ParsedDemoOptions parseDemoOptions(const std::vector<std::string>& args) {
  ParsedDemoOptions parsed;
  DemoOptions& o = parsed.options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      o.help = true;
      return parsed;
    }
    if (i + 1 >= args.size()) {
      parsed.error = flag + " needs a value";
      return parsed;
    }
    const std::string& value = args[++i];
    if (flag == "--provider") {
      if (value != "he.net" && value != "cloudflare") {
        parsed.error = "--provider expects he.net or cloudflare, got \"" + value + "\"";
        return parsed;
      }
      o.provider = value;
    } else if (flag == "--time-scale") {
      double scale = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), scale);
      if (ec != std::errc{} || end != value.data() + value.size() || scale < 1 || scale > 3600) {
        parsed.error = "--time-scale expects a number 1..3600, got \"" + value + "\"";
        return parsed;
      }
      o.timeScale = scale;
    } else if (flag == "--start") {
      o.start = value;  // catserver checks it and names the flag
    } else if (flag == "--base") {
      o.base = value;
    } else if (flag == "--dns-port") {
      unsigned port = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
      if (ec != std::errc{} || end != value.data() + value.size() || port < 1 || port > 65535) {
        parsed.error = "--dns-port expects 1..65535, got \"" + value + "\"";
        return parsed;
      }
      o.dnsPort = static_cast<uint16_t>(port);
    } else if (flag == "--status") {
      o.statusListen = value;
    } else {
      parsed.error = "unknown option " + flag;
      return parsed;
    }
  }
  return parsed;
}

std::optional<DemoPlan> makePlan(const DemoOptions& options, std::string& error) {
  in_addr base{};
  if (inet_pton(AF_INET, options.base.c_str(), &base) != 1 || (ntohl(base.s_addr) >> 24) != 127) {
    error = "--base expects a loopback address 127.x.y.z, got \"" + options.base + "\"";
    return std::nullopt;
  }
  const uint32_t host = ntohl(base.s_addr);
  if ((host & 0xff) == 0 || (host & 0xff) + 9 > 254) {
    error = "--base " + options.base + " leaves no room for the nine addresses after it (last octet 1..245)";
    return std::nullopt;
  }
  auto at = [&](uint32_t offset) {
    in_addr a{htonl(host + offset)};
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, text, sizeof text);
    return std::string(text);
  };
  DemoPlan plan;
  plan.options = options;
  plan.zone = options.provider == "he.net" ? "he.okerr.com" : "cf.okerr.com";
  plan.fqdn = "cat." + plan.zone;
  plan.catRoles = {"main", "backup", "sorry"};
  plan.catAddresses = {at(1), at(2), at(3)};
  plan.apiAddress = at(4);
  plan.nsAddresses = {at(5), at(6), at(7)};
  plan.nsLags = {"", "2s", "3s-6s"};
  plan.resolverAddresses = {at(8), at(9)};
  return plan;
}

std::vector<std::string> catServerArgs(const DemoPlan& plan, const std::string& binary, size_t index) {
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", plan.options.timeScale);
  const std::string& address = plan.catAddresses.at(index);
  return {binary, "--role", plan.catRoles.at(index), "--listen", address + ":8080", "--ip", address,
          "--time-scale", scale, "--start", plan.options.start};
}

std::vector<std::string> fakeWorldArgs(const DemoPlan& plan, const std::string& binary, const std::string& caFile) {
  std::vector<std::string> args = {binary, "--provider", plan.options.provider, "--api", plan.apiAddress + ":0",
                                   "--https", "--ca-out", caFile, "--zone", plan.zone,
                                   "--record", plan.fqdn + "=" + plan.catAddresses[0],
                                   "--ttl", std::to_string(plan.ttl)};
  if (plan.options.provider == "he.net") {
    args.insert(args.end(), {"--host", plan.fqdn + "=" + kProviderKeyEnv});
  } else {
    args.insert(args.end(), {"--token-env", kProviderKeyEnv});
  }
  for (size_t i = 0; i < plan.nsAddresses.size(); ++i) {
    args.insert(args.end(), {"--ns", plan.nsAddresses[i]});
    if (!plan.nsLags[i].empty()) args.insert(args.end(), {"--lag", plan.nsLags[i]});
  }
  args.insert(args.end(), {"--dns-port", std::to_string(plan.options.dnsPort)});
  for (const std::string& r : plan.resolverAddresses) {
    args.insert(args.end(), {"--resolver", r + ":" + std::to_string(plan.options.dnsPort)});
  }
  return args;
}

nlohmann::json daemonConfig(const DemoPlan& plan, const std::string& apiUrl, const std::string& tokenFile) {
  using nlohmann::json;
  // Checks every 2 s without retries: the accelerated hour leaves no time
  // for a real schedule, and a failover shows within a check or two.
  json config = {{"policies", {{"demo", {{"period", "2s"}, {"retry_schedule", ""}, {"recovery_retry_schedule", ""}}}}}};
  json indicators = json::array();
  json members = json::array();
  const int priorities[] = {100, 95, 85};
  for (size_t i = 0; i < plan.catRoles.size(); ++i) {
    const std::string name = plan.catRoles[i] + ":cat";
    indicators.push_back({{"name", name},
                          {"policy", "demo"},
                          {"check",
                           {{"method", "httpgrep"},
                            {"url", "http://cat.okerr.com:8080/"},
                            {"musthave", "status=OK"},
                            {"options", "addr=" + plan.catAddresses[i]}}}});
    members.push_back({{"indicator", name}, {"priority", priorities[i]}, {"address", plan.catAddresses[i]}});
  }
  config["indicators"] = indicators;
  const bool he = plan.options.provider == "he.net";
  config["schemes"] = json::array({{{"name", "cat"},
                                    {"fqdn", plan.fqdn},
                                    {"zone", plan.zone},
                                    {"provider", plan.options.provider},
                                    {"endpoint", he ? apiUrl + "/nic/update" : apiUrl + "/client/v4"},
                                    {"credentials", {{"env", kProviderKeyEnv}}},
                                    {"ttl", plan.ttl},
                                    {"startup_wait", "5s"},
                                    {"members", members}}});
  json resolvers = json::array();
  for (size_t i = 0; i < plan.resolverAddresses.size(); ++i) {
    resolvers.push_back({{"name", "resolver" + std::to_string(i + 1)},
                         {"address", plan.resolverAddresses[i]},
                         {"port", plan.options.dnsPort}});
  }
  config["propagation"] = {{"resolvers", resolvers},     {"dense_interval", "1s"}, {"dense_for", "5m"},
                           {"settle", "30s"},            {"sparse_interval", "10s"}, {"timeout", "1s"},
                           {"rediscover", "10m"},        {"nameserver_port", plan.options.dnsPort}};
  config["status"] = {{"listen", plan.options.statusListen}, {"token_file", tokenFile}};
  return config;
}

}  // namespace dnsfailover::cli::demo
