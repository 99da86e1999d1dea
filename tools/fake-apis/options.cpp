#include "tools/fake-apis/options.h"

#include <charconv>

#include "engine/config/config_loader.h"

namespace dnsfailover::fakeapis {
namespace {

// "name=value" -> pair; empty pair when there is no '='.
std::pair<std::string, std::string> splitPair(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return {};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

}  // namespace

const char* usageText() {
  return "usage: fake-apis --provider he.net|cloudflare --listen 127.0.0.x:PORT [--https --ca-out FILE]\n"
         "                 --zone NAME [--record FQDN=IPV4]...\n"
         "                 (he.net)     --host FQDN=KEY_ENV...   the record's DDNS key is in $KEY_ENV\n"
         "                 (cloudflare) --token-env TOKEN_ENV... an API token is in $TOKEN_ENV\n"
         "                              --account EMAIL=KEY_ENV... an account that logs in with\n"
         "                                  X-Auth-Email: EMAIL and X-Auth-Key: $KEY_ENV (global API key)\n"
         "       fake-apis --help | --version\n"
         "Serves the fake provider API until SIGINT/SIGTERM. With --https a throw-away CA\n"
         "signs a certificate for the provider's real host name (dyn.dns.he.net or\n"
         "api.cloudflare.com) and the listen address; the CA goes to --ca-out, so clients\n"
         "can trust it (curl --cacert FILE, dnsfailover run --ca-file FILE).\n"
         "On exit it prints the records it holds.\n";
}

ParsedOptions parseOptions(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      o.help = true;
      return parsed;
    }
    if (flag == "--version") {
      o.version = true;
      return parsed;
    }
    if (flag == "--https") {
      o.https = true;
      continue;
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
    } else if (flag == "--listen") {
      const size_t colon = value.rfind(':');
      unsigned port = 0;
      const char* portText = value.c_str() + (colon == std::string::npos ? value.size() : colon + 1);
      auto [end, ec] = std::from_chars(portText, value.c_str() + value.size(), port);
      if (colon == std::string::npos || !isIpv4Address(value.substr(0, colon)) || ec != std::errc{} ||
          end != value.c_str() + value.size() || port > 65535) {
        parsed.error = "--listen expects IPV4:PORT such as 127.0.0.41:8443, got \"" + value + "\"";
        return parsed;
      }
      o.listenAddress = value.substr(0, colon);
      o.listenPort = static_cast<uint16_t>(port);
    } else if (flag == "--ca-out") {
      o.caOut = value;
    } else if (flag == "--zone") {
      o.zones.push_back(value);
    } else if (flag == "--record") {
      auto pair = splitPair(value);
      if (pair.first.empty() || !isIpAddress(pair.second)) {
        parsed.error = "--record expects FQDN=IP such as cat.example.net=192.0.2.1, got \"" + value + "\"";
        return parsed;
      }
      o.records.push_back(pair);
    } else if (flag == "--host") {
      auto pair = splitPair(value);
      if (pair.first.empty()) {
        parsed.error = "--host expects FQDN=KEY_ENV such as cat.example.net=CAT_KEY, got \"" + value + "\"";
        return parsed;
      }
      o.heHosts.push_back(pair);
    } else if (flag == "--token-env") {
      o.cfTokenEnvs.push_back(value);
    } else if (flag == "--account") {
      auto pair = splitPair(value);
      if (pair.first.empty() || pair.first.find('@') == std::string::npos) {
        parsed.error = "--account expects EMAIL=KEY_ENV such as ops@example.net=CF_GLOBAL_KEY, got \"" + value + "\"";
        return parsed;
      }
      o.cfAccounts.push_back(pair);
    } else {
      parsed.error = "unknown flag " + flag;
      return parsed;
    }
  }
  if (o.provider.empty()) parsed.error = "--provider is required";
  else if (o.zones.empty()) parsed.error = "--zone is required (at least one)";
  else if (o.https && o.caOut.empty()) parsed.error = "--https needs --ca-out FILE for the client to trust";
  else if (o.provider == "he.net" && o.heHosts.empty()) parsed.error = "--provider he.net needs at least one --host";
  else if (o.provider == "cloudflare" && o.cfTokenEnvs.empty() && o.cfAccounts.empty()) {
    parsed.error = "--provider cloudflare needs --token-env or --account";
  }
  return parsed;
}

}  // namespace dnsfailover::fakeapis
