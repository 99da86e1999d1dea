#include "tools/catserver/options.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>

namespace dnsfailover::catserver {
namespace {

bool parseInt(const std::string& text, long min, long max, long& out) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) return false;
  out = value;
  return true;
}

bool isIpv4(const std::string& text) {
  in_addr a{};
  return ::inet_pton(AF_INET, text.c_str(), &a) == 1;
}

}  // namespace

const char* usageText() {
  return "usage: catserver [--role main|backup|sorry] [--fail-minute N|never] [--listen IP:PORT]\n"
         "                 [--ip ADDR] [--host NAME] [--time-scale X] [--start HH:MM[:SS]]\n"
         "                 [--tls-cert FILE --tls-key FILE] [--dns-server IP:PORT --dns-name FQDN]\n"
         "                 [--threads N]\n"
         "       catserver --help | --version\n"
         "\n"
         "The okerr demo cat server: GET / shows status=OK until the fail minute of\n"
         "every hour, status=ERR from then until the hour ends; GET /status is JSON.\n"
         "Defaults: main fails at :20, backup at :40, sorry never; listen 127.0.0.1:0\n"
         "(any free port; the chosen one is printed); time scale 1 (real time).\n"
         "--time-scale 60 runs an hour in a minute; --start sets the simulated time\n"
         "of day to begin at (UTC). --dns-server/--dns-name add the A record that\n"
         "authoritative server answers to the page.\n";
}

std::optional<Duration> parseTimeOfDay(const std::string& text) {
  long h = 0, m = 0, s = 0;
  const size_t c1 = text.find(':');
  if (c1 == std::string::npos) return std::nullopt;
  const size_t c2 = text.find(':', c1 + 1);
  if (!parseInt(text.substr(0, c1), 0, 23, h)) return std::nullopt;
  if (!parseInt(text.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1), 0, 59, m)) {
    return std::nullopt;
  }
  if (c2 != std::string::npos && !parseInt(text.substr(c2 + 1), 0, 59, s)) return std::nullopt;
  return std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
}

bool splitHostPort(const std::string& text, std::string& address, uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  long value = 0;
  if (!parseInt(text.substr(colon + 1), 0, 65535, value)) return false;
  const std::string host = text.substr(0, colon);
  if (!isIpv4(host)) return false;
  address = host;
  port = static_cast<uint16_t>(value);
  return true;
}

ParsedOptions parseOptions(const std::vector<std::string>& args) {
  ParsedOptions out;
  Options& o = out.options;
  bool failMinuteGiven = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& flag = args[i];
    if (flag == "-h" || flag == "--help") {
      o.help = true;
      continue;
    }
    if (flag == "--version") {
      o.version = true;
      continue;
    }
    if (flag.rfind("--", 0) != 0) {
      out.error = "unexpected argument \"" + flag + "\"";
      return out;
    }
    if (i + 1 >= args.size()) {
      out.error = flag + " needs a value";
      return out;
    }
    const std::string& value = args[++i];
    auto bad = [&](const std::string& expected) {
      out.error = flag + " expects " + expected + ", got \"" + value + "\"";
      return out;
    };
    if (flag == "--role") {
      auto role = fakes::parseCatRole(value);
      if (!role) return bad("main, backup or sorry");
      o.role = *role;
    } else if (flag == "--fail-minute") {
      failMinuteGiven = true;
      long minute = 0;
      if (value == "never") {
        o.failMinute.reset();
      } else if (parseInt(value, 0, 59, minute)) {
        o.failMinute = static_cast<int>(minute);
      } else {
        return bad("a minute 0..59 or \"never\"");
      }
    } else if (flag == "--listen") {
      if (!splitHostPort(value, o.listenAddress, o.listenPort)) return bad("IPv4:PORT such as 127.0.0.11:8080");
    } else if (flag == "--ip") {
      if (value.empty()) return bad("an address");
      o.ip = value;
    } else if (flag == "--host") {
      if (value.empty()) return bad("a host name");
      o.host = value;
    } else if (flag == "--time-scale") {
      double scale = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), scale);
      if (ec != std::errc{} || end != value.data() + value.size() || !std::isfinite(scale) || scale <= 0 ||
          scale > 1e6) {
        return bad("a number > 0 (60 = an hour per minute)");
      }
      o.timeScale = scale;
    } else if (flag == "--start") {
      o.startTimeOfDay = parseTimeOfDay(value);
      if (!o.startTimeOfDay) return bad("a time of day HH:MM or HH:MM:SS");
    } else if (flag == "--tls-cert") {
      o.tlsCert = value;
    } else if (flag == "--tls-key") {
      o.tlsKey = value;
    } else if (flag == "--dns-server") {
      std::string address;
      uint16_t port = 0;
      if (!splitHostPort(value, address, port) || port == 0) return bad("IPv4:PORT such as 127.0.0.53:5353");
      o.dnsServer = value;
    } else if (flag == "--dns-name") {
      if (value.empty()) return bad("a domain name");
      o.dnsName = value;
    } else if (flag == "--threads") {
      long n = 0;
      if (!parseInt(value, 1, 64, n)) return bad("1..64");
      o.threads = static_cast<size_t>(n);
    } else {
      out.error = "unknown option " + flag;
      return out;
    }
  }
  if (o.tlsCert.empty() != o.tlsKey.empty()) {
    out.error = "--tls-cert and --tls-key go together";
  } else if (o.dnsServer.empty() != o.dnsName.empty()) {
    out.error = "--dns-server and --dns-name go together";
  }
  if (!failMinuteGiven) o.failMinute = fakes::defaultFailMinute(o.role);
  if (o.ip.empty()) o.ip = o.listenAddress;
  return out;
}

}  // namespace dnsfailover::catserver
