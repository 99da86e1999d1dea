#pragma once
// Real catserver processes for the live tests, and the cat config that
// checks them over loopback (each member checked with addr= its server).

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/live/child_process.h"

namespace dnsfailover::live::testing {

struct Catserver {
  std::string role;
  std::string address;  // 127.0.0.x
  uint16_t port = 0;
  std::unique_ptr<ChildProcess> process;
};

// Starts catserver on `address`, port 0, and reads the port it printed.
// Throws when it does not start.
Catserver startCatserver(const std::string& role, const std::string& address, std::vector<std::string> extra);

// The cat scheme over `servers` (main, backup, sorry in that order): a
// 100 ms period, no retries, HE at `endpoint` with the key in $keyEnv.
nlohmann::json catLoopbackConfig(const std::vector<Catserver>& servers, const std::string& urlScheme,
                                 const std::string& keyEnv, const std::string& endpoint);

}  // namespace dnsfailover::live::testing
