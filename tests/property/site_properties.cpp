// Goal: over generated multi-site worlds (3 to 5 sites), the sites keep
// the promises of issue 10. Few worlds per property (a multi-site run is
// several whole engines), each failure with its seed and replay command:
//
//  - a minority of sites losing the servers causes no failover;
//  - after every fault heals (pauses, crashes, coordination partitions,
//    etcd member loss, clock drift), exactly one running site leads and the
//    record converges on the true selection (main, then at :20 the backup);
//  - no leader that still held its lease pushes an address the servers'
//    truth did not call for shortly before (what a quorum can select), and
//    no site sends anything to a provider without a live lease.

#include <gtest/gtest.h>

#include <map>

#include "tests/property/site_world_generator.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;

constexpr int kWorlds = 5;
const char* const kMain = "116.202.27.149";
const char* const kBackup = "51.158.104.109";

void expectPassed(const GeneratedSiteWorld& world, const GeneratedSiteRun& run, const std::string& property) {
  for (const sim::ExpectationResult& e : run.report.expectations) {
    if (!e.passed) RC_FAIL(e.description + ": " + e.detail + "\n  replay: " + replaySiteCommand(world, property));
  }
}

TEST(SiteProperty, AMinorityCutOffFromTheServersCausesNoFailover) {
  checkSiteWorlds(kWorlds, [] {
    GeneratedSiteWorld world = *genSiteWorld({.minorityCut = true, .leaderFaults = false});
    world.scenario["expectations"] = json::array({{{"kind", "no_false_failover"}, {"scheme", "cat"}}});
    expectPassed(world, runSiteWorld(world), "SiteMinorityCut");
  });
}

TEST(SiteProperty, AfterFaultsHealOneLeaderAndTheRecordConverges) {
  checkSiteWorlds(kWorlds, [] {
    GeneratedSiteWorld world = *genSiteWorld({.minorityCut = true, .leaderFaults = true});
    // Two lease TTLs after the heal for a lost lease to run out and be taken.
    world.scenario["expectations"] = json::array({
        {{"kind", "one_leader"}, {"from", "00:15:30"}},
        {{"kind", "record_at"}, {"fqdn", "cat.he.okerr.com"}, {"at", "00:16"}, {"every", "30s"}, {"until", "00:19:30"},
         {"address", kMain}},
        {{"kind", "record_at"}, {"fqdn", "cat.he.okerr.com"}, {"at", "00:21:30"}, {"every", "30s"}, {"address", kBackup}},
    });
    expectPassed(world, runSiteWorld(world), "SiteHealConverges");
  });
}

// The true selection of the cat world at each instant, from the trace's
// server_state events: the best server that serves (main, backup, sorry).
class Truth {
 public:
  explicit Truth(const std::vector<TraceEvent>& events) {
    for (const TraceEvent& e : events) {
      if (e.type == EventType::ServerState) changes_.push_back({e.t, e.text(field::address), e.flag(field::ok)});
    }
  }
  std::string selectedAt(TimePoint t) const {
    std::map<std::string, bool> serving;
    for (const Change& c : changes_) {
      if (c.at <= t) serving[c.address] = c.ok;
    }
    for (const char* address : {kMain, kBackup, "37.59.102.26"}) {
      if (serving[address]) return address;
    }
    return kMain;  // none serving: the highest priority
  }

 private:
  struct Change {
    TimePoint at;
    std::string address;
    bool ok;
  };
  std::vector<Change> changes_;
};

TEST(SiteProperty, NoLeaseHolderPushesAnAddressTheQuorumCouldNotSelect) {
  checkSiteWorlds(kWorlds, [] {
    GeneratedSiteWorld world = *genSiteWorld({.minorityCut = true, .leaderFaults = true});
    world.scenario["expectations"] = json::array({{{"kind", "no_push_without_lease"}}});
    const GeneratedSiteRun run = runSiteWorld(world);
    expectPassed(world, run, "SiteNoPushWithoutLease");
    // Every push was sent under a live lease (above); its address must be
    // what the truth called for at some instant of the detection window
    // before it (a quorum follows the truth, a few periods late).
    const Truth truth(run.events);
    const Duration window = std::chrono::seconds{90};
    for (const TraceEvent& e : run.events) {
      if (e.type != EventType::Push) continue;
      const std::string address = e.text(field::address);
      bool called = false;
      for (TimePoint t = e.t - window; t <= e.t && !called; t += std::chrono::seconds{1}) {
        called = truth.selectedAt(t) == address;
      }
      if (!called) {
        RC_FAIL(e.text(field::origin) + " pushed " + address + " at " + formatIsoUtc(e.t) +
                ", which the servers' states had not called for in the 90 s before\n  replay: " +
                replaySiteCommand(world, "SiteNoUnselectedPush"));
      }
    }
  });
}

}  // namespace
}  // namespace dnsfailover::testing
