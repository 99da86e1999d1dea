#pragma once
// Asks one authoritative nameserver for the A record of a name over UDP
// (one small query, ldns wire format), for the cat page's "dns:" line.
// ldns stays in the .cpp: its headers redefine true/false (as int macros).

#include <chrono>
#include <string>

namespace dnsfailover::catserver {

struct ProbeResult {
  std::string answer;  // "127.0.0.11" or "127.0.0.11, 127.0.0.12"; empty on error
  std::string error;   // "timeout from 127.0.0.53:5353", "NXDOMAIN", "no A record"
};

// `server` is "IPv4:PORT"; never waits longer than `timeout`.
ProbeResult queryA(const std::string& server, const std::string& name, std::chrono::milliseconds timeout);

}  // namespace dnsfailover::catserver
