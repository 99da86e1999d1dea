#pragma once
// Random worlds and fault timelines for the harness's own properties: a few
// servers with cat-style schedules, a policy, a provider (HE or Cloudflare)
// with a short push backoff, and a timeline of faults that all heal before
// the last part of the run. Each world is a scenario document, so a failing
// case can be written out and replayed with `dnsfailover sim`.

#include <rapidcheck.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/time.h"
#include "engine/ports/trace.h"
#include "engine/selector/answer_rule.h"
#include "sim/runner.h"

namespace dnsfailover::testing {

struct GeneratedWorld {
  nlohmann::json scenario;
  uint64_t seed = 1;
  Duration heal{};            // every fault is over by then (offset from start)
  Duration detectBound{};     // a true change is seen and pushed within this
  std::vector<Duration> backoff;
  std::string provider;       // "he.net" or "cloudflare"
  // The records: "A", "AAAA" or "dual" (every server has an IPv4 and an
  // IPv6 side, each family selected on its own); the answer rule
  // (answer_rule.h; all_healthy and none only with Cloudflare).
  std::string family = "A";
  AnswerRule rule;
};

struct WorldOptions {
  // Also kill the engine at random instants (some while a slowed push is in
  // flight) and restart it from its store after a random downtime; the
  // world then also expects the history to be complete.
  bool crashes = false;
};

rc::Gen<GeneratedWorld> genWorld(WorldOptions options = {});
void showValue(const GeneratedWorld& world, std::ostream& os);

struct GeneratedRun {
  sim::RunReport report;
  std::vector<TraceEvent> events;
  std::string traceJson;
};

// Loads and runs the world with its own seed. A world that does not load is
// a generator bug: it fails the property with the loader's message.
GeneratedRun runWorld(const GeneratedWorld& world);

// Writes the world next to the test artifacts and returns the command that
// replays it; for failure messages.
std::string replayCommand(const GeneratedWorld& world, const std::string& property);

}  // namespace dnsfailover::testing
