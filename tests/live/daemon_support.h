#pragma once
// Helpers for the tests that drive `dnsfailover run` as a child process:
// a fake HE dyn API in this process that logs every update it is sent, and
// readers for the daemon's JSON-lines trace and stderr.
//
// The fake runs on a fast clock (1000 fake seconds per real one) so HE's
// limit of 10 updates per record per 2 minutes never answers "interval" in a
// test that fails over every second or two; its reply can be slowed
// (FaultKnobs::extraLatency) so a kill or a reload can land while a push is
// in flight. The log and the zone are read under the door's own lock.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fakes/he_dyn_api.h"
#include "fakes/net/http_server.h"
#include "fakes/zone_store.h"

namespace dnsfailover::live::testing {

struct FakePush {
  std::chrono::steady_clock::time_point arrived;
  std::string reply;  // "good 127.0.0.31", "nochg 127.0.0.31", ...
  std::string holds;  // what the fake holds after it
};

class FakeHe {
 public:
  // Serves `fqdn` (zone = its parent) with DDNS `key` on plain HTTP at `address`.
  FakeHe(const std::string& address, const std::string& fqdn, const std::string& key, Duration latency);
  ~FakeHe();

  std::string endpoint() const;  // "http://127.0.0.x:PORT/nic/update"
  size_t pushCount() const;
  std::vector<FakePush> pushes() const;
  std::optional<std::string> holds() const;
  void stop();

 private:
  class Door;
  std::string fqdn_;
  fakes::ZoneStore zones_;
  fakes::HeDynApi he_;
  std::unique_ptr<Door> door_;
  std::unique_ptr<fakes::net::HttpServer> server_;
};

std::string slurp(const std::string& path);

// Every complete event line of a JSON-lines trace, in order; a line being
// written right now (no newline yet) is left out, and so is any line
// without a "t" (a header).
std::vector<nlohmann::json> readTraceEvents(const std::string& path);
// The same lines as they were written (for comparing with the history).
std::vector<std::string> readTraceLines(const std::string& path);

// Polls `done` every 20 ms until it holds or `limit` passes; the limit is a
// hang guard, never a timing assertion.
bool pollUntil(const std::function<bool()>& done, std::chrono::milliseconds limit);

// "KEY=value" pairs set in the environment for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

}  // namespace dnsfailover::live::testing
