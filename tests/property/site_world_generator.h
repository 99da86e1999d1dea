#pragma once
// Random multi-site worlds for the site properties: the library's
// multi-site cat world (tests/support/site_world.h) with 3 to 5 sites and a
// timeline of site faults that all heal by `heal`, then main's real :20
// failure. Each world is a scenario document, so a failing case is written
// out and replayed with `dnsfailover sim FILE --seed N`.

#include <rapidcheck.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/core/time.h"
#include "engine/ports/trace.h"
#include "sim/runner.h"

namespace dnsfailover::testing {

struct SiteWorldOptions {
  // A minority of the sites loses the servers for a while (the servers
  // keep serving): the quorum must not fail over.
  bool minorityCut = true;
  // Also pauses, crashes, coordination partitions, etcd member loss and
  // clock drift, at random sites and members.
  bool leaderFaults = false;
};

struct GeneratedSiteWorld {
  nlohmann::json scenario;
  uint64_t seed = 1;
  int sites = 3;
  Duration heal{};  // every fault is over by then (offset from start)
};

rc::Gen<GeneratedSiteWorld> genSiteWorld(SiteWorldOptions options);
void showValue(const GeneratedSiteWorld& world, std::ostream& os);

struct GeneratedSiteRun {
  sim::RunReport report;
  std::vector<TraceEvent> events;
};
GeneratedSiteRun runSiteWorld(const GeneratedSiteWorld& world);
std::string replaySiteCommand(const GeneratedSiteWorld& world, const std::string& property);

// Runs `property` over `worlds` generated worlds (the seed from RC_PARAMS
// as usual, no shrinking: a multi-site run is too long to shrink), so the
// suite stays fast on two cores; the failure names the replay command.
void checkSiteWorlds(int worlds, const std::function<void()>& property);

}  // namespace dnsfailover::testing
