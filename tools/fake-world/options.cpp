#include "tools/fake-world/options.h"

#include <charconv>

namespace dnsfailover::fakeworld {
namespace {

// "name=value" -> pair; empty pair when either side is missing.
std::pair<std::string, std::string> splitPair(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return {};
  return {text.substr(0, eq), text.substr(eq + 1)};
}

bool parsePort(const std::string& text, uint16_t& out) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > 65535) return false;
  out = static_cast<uint16_t>(value);
  return true;
}

// "127.0.0.21:5353" -> address, port.
bool parseEndpoint(const std::string& text, std::string& address, uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  address = text.substr(0, colon);
  return parsePort(text.substr(colon + 1), port);
}

}  // namespace

const char* usageText() {
  return "usage: fake-world [--provider he.net|cloudflare] --api 127.0.0.x:PORT [--https --ca-out FILE]\n"
         "                  --zone NAME --record FQDN=IPV4... [--ttl SECONDS]\n"
         "                  (he.net)     --host FQDN=KEY_ENV...   the record's DDNS key is in $KEY_ENV\n"
         "                  (cloudflare) --token-env TOKEN_ENV... an API token is in $TOKEN_ENV\n"
         "                  --ns 127.0.0.x [--lag 3s|2s-5s]... --dns-port PORT\n"
         "                  [--resolver 127.0.0.x:PORT [--min-ttl D]]... [--seed N]\n"
         "       fake-world --help | --version\n"
         "One process, one zone state: what a client writes through the fake provider API\n"
         "is what the fake nameservers answer. The first --ns is the primary (answers at\n"
         "once); each further --ns is a secondary that picks a change up after its --lag.\n"
         "The nameservers are ns1.ZONE, ns2.ZONE, ... (NS and A records in the zone), all\n"
         "on --dns-port, UDP and TCP. Resolvers resolve through them and cache by TTL.\n"
         "One line per server on stdout says where it listens, then \"fake-world: ready\";\n"
         "each record change is printed as it lands. SIGINT/SIGTERM stop.\n";
}

ParsedOptions parseOptions(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  auto fail = [&](std::string why) {
    parsed.error = std::move(why);
    return parsed;
  };
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
    if (i + 1 >= args.size()) return fail(flag + " needs a value");
    const std::string& value = args[++i];
    if (flag == "--provider") {
      if (value != "he.net" && value != "cloudflare") {
        return fail("--provider expects he.net or cloudflare, got \"" + value + "\"");
      }
      o.provider = value;
    } else if (flag == "--api") {
      if (!parseEndpoint(value, o.apiAddress, o.apiPort)) {
        return fail("--api expects 127.0.0.x:PORT, got \"" + value + "\"");
      }
    } else if (flag == "--ca-out") {
      o.caOut = value;
    } else if (flag == "--zone") {
      o.zone = value;
    } else if (flag == "--record" || flag == "--host") {
      auto pair = splitPair(value);
      if (pair.first.empty()) return fail(flag + " expects NAME=VALUE, got \"" + value + "\"");
      (flag == "--record" ? o.records : o.heHosts).push_back(std::move(pair));
    } else if (flag == "--ttl") {
      int ttl = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ttl);
      if (ec != std::errc{} || end != value.data() + value.size() || ttl < 1 || ttl > 86400) {
        return fail("--ttl expects 1..86400 seconds, got \"" + value + "\"");
      }
      o.ttl = ttl;
    } else if (flag == "--token-env") {
      o.cfTokenEnvs.push_back(value);
    } else if (flag == "--ns") {
      o.nameservers.push_back({value, {}, {}});
    } else if (flag == "--lag") {
      const size_t dash = value.find('-');
      const auto lo = parseDuration(value.substr(0, dash));
      const auto hi = dash == std::string::npos ? lo : parseDuration(value.substr(dash + 1));
      if (o.nameservers.size() < 2 || !lo || !hi || *lo > *hi) {
        return fail("--lag follows a second or later --ns and reads like 3s or 2s-5s, got \"" + value + "\"");
      }
      o.nameservers.back().lagMin = *lo;
      o.nameservers.back().lagMax = *hi;
    } else if (flag == "--dns-port") {
      if (!parsePort(value, o.dnsPort)) return fail("--dns-port expects 0..65535, got \"" + value + "\"");
    } else if (flag == "--resolver") {
      ResolverListen r;
      if (!parseEndpoint(value, r.address, r.port)) {
        return fail("--resolver expects 127.0.0.x:PORT, got \"" + value + "\"");
      }
      o.resolvers.push_back(r);
    } else if (flag == "--min-ttl") {
      const auto d = parseDuration(value);
      if (o.resolvers.empty() || !d) return fail("--min-ttl follows a --resolver and reads like 60s");
      o.resolvers.back().minTtl = *d;
    } else if (flag == "--seed") {
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), o.seed);
      if (ec != std::errc{} || end != value.data() + value.size()) return fail("--seed expects a number");
    } else {
      return fail("unknown option " + flag);
    }
  }
  if (o.zone.empty()) return fail("--zone is required");
  if (o.nameservers.empty()) return fail("--ns ADDRESS (the primary) is required");
  if (o.https && o.caOut.empty()) return fail("--https needs --ca-out FILE (clients must trust the CA)");
  if (o.provider == "he.net" && !o.cfTokenEnvs.empty()) return fail("--token-env is for --provider cloudflare");
  if (o.provider == "cloudflare" && !o.heHosts.empty()) return fail("--host is for --provider he.net");
  return parsed;
}

}  // namespace dnsfailover::fakeworld
