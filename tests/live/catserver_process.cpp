#include "tests/live/catserver_process.h"

#include <stdexcept>

namespace dnsfailover::live::testing {

Catserver startCatserver(const std::string& role, const std::string& address, std::vector<std::string> extra) {
  std::vector<std::string> argv = {CATSERVER_BINARY, "--role", role, "--listen", address + ":0", "--ip", address};
  argv.insert(argv.end(), extra.begin(), extra.end());
  Catserver c{role, address, 0, std::make_unique<ChildProcess>(argv)};
  const auto line = c.process->readLine(std::chrono::seconds{30});
  if (!line) throw std::runtime_error("catserver " + role + " printed no listen line");
  const std::string marker = "://" + address + ":";
  const size_t at = line->find(marker);
  if (at == std::string::npos) throw std::runtime_error("unexpected catserver line: " + *line);
  c.port = static_cast<uint16_t>(std::stoi(line->substr(at + marker.size())));
  return c;
}

nlohmann::json catLoopbackConfig(const std::vector<Catserver>& servers, const std::string& urlScheme,
                                 const std::string& keyEnv, const std::string& endpoint) {
  nlohmann::json config = {
      {"policies", {{"fast", {{"period", "100ms"}, {"retry_schedule", ""}, {"recovery_retry_schedule", ""}}}}},
      {"indicators", nlohmann::json::array()},
      {"schemes",
       {{{"name", "cat"},
         {"fqdn", "cat.he.okerr.com"},
         {"zone", "he.okerr.com"},
         {"provider", "he.net"},
         {"credentials", {{"env", keyEnv}}},
         {"endpoint", endpoint},
         {"ttl", 300},
         {"startup_wait", "10s"},
         {"push_backoff", "0s 200ms"},
         {"members", nlohmann::json::array()}}}}};
  const std::vector<std::pair<std::string, int>> names = {{"charlie:cat", 100}, {"echo:cat", 95}, {"bravo:cat", 85}};
  for (size_t i = 0; i < servers.size() && i < names.size(); ++i) {
    config["indicators"].push_back(
        {{"name", names[i].first},
         {"policy", "fast"},
         {"check",
          {{"method", "httpgrep"},
           {"url", urlScheme + "://cat.okerr.com:" + std::to_string(servers[i].port) + "/"},
           {"musthave", "status=OK"},
           {"options", "addr=" + servers[i].address},
           {"timeout", "2s"}}}});
    config["schemes"][0]["members"].push_back(
        {{"indicator", names[i].first}, {"priority", names[i].second}, {"address", servers[i].address}});
  }
  return config;
}

}  // namespace dnsfailover::live::testing
