// Goal: every fault kind changes the world. For each kind, the cat world
// runs with a base timeline and with the same timeline plus that fault,
// on the same seed; the world's side of the trace (record values, server
// states, the nameservers' and resolvers' answers) must differ. A fault
// kind that the injector accepted but never applied would leave both runs
// identical and fail here. Every kind in faultKinds() needs a case.

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/ports/trace_json.h"
#include "sim/runner.h"
#include "tests/support/paths.h"
#include "tests/support/site_world.h"

namespace dnsfailover::sim {
namespace {

using json = nlohmann::json;

json event(const char* at, const char* kind, json fields = json::object()) {
  fields["at"] = at;
  fields["kind"] = kind;
  return fields;
}

struct FaultCase {
  std::string kind;
  json base;   // the timeline both runs share
  json fault;  // the one event under test
};

const json kMainDown = event("00:05", "server_down", {{"server", "charlie"}});

std::vector<FaultCase> cases() {
  return {
      {"server_down", json::array(), kMainDown},
      {"server_up", json::array({kMainDown}), event("00:07", "server_up", {{"server", "charlie"}})},
      {"server_page", json::array(), event("00:05", "server_page", {{"server", "charlie"}, {"status", "ERR"}})},
      {"server_slow", json::array(), event("00:05", "server_slow", {{"server", "charlie"}, {"delay", "5s"}})},
      {"partition", json::array(), event("00:05", "partition", {{"server", "charlie"}, {"on", true}})},
      {"packet_loss", json::array(), event("00:05", "packet_loss", {{"server", "charlie"}, {"ratio", 1.0}})},
      {"provider_outage", json::array({kMainDown}), event("00:04", "provider_outage", {{"provider", "he.net"}, {"for", "5m"}})},
      {"provider_errors", json::array({kMainDown}),
       event("00:04", "provider_errors", {{"provider", "he.net"}, {"ratio", 1.0}, {"for", "5m"}})},
      {"rate_limit_storm", json::array({kMainDown}), event("00:04", "rate_limit_storm", {{"provider", "he.net"}, {"for", "5m"}})},
      {"provider_slow", json::array({kMainDown}), event("00:04", "provider_slow", {{"provider", "he.net"}, {"delay", "4s"}})},
      {"credentials_rotated", json::array({kMainDown}),
       event("00:04", "credentials_rotated", {{"provider", "he.net"}, {"secret", "CAT_HE_KEY"}, {"value", "fresh"}})},
      {"record_deleted", json::array(), event("00:05", "record_deleted", {{"fqdn", "cat.he.okerr.com"}})},
      {"ns_lag", json::array({kMainDown}), event("00:04", "ns_lag", {{"nameserver", "ns2.he.net"}, {"delay", "5m"}})},
      {"ns_down", json::array({kMainDown}), event("00:04", "ns_down", {{"nameserver", "ns2.he.net"}, {"on", true}})},
      {"resolver_clamp", json::array({kMainDown}), event("00:00", "resolver_clamp", {{"resolver", "1.1.1.1"}, {"delay", "1h"}})},
      {"maintenance", json::array(), event("00:05", "maintenance", {{"indicator", "charlie:cat"}, {"on", true}})},
      // A record deleted out of band stays gone until an operator forces a push.
      {"force_push", json::array({event("00:05", "record_deleted", {{"fqdn", "cat.he.okerr.com"}})}),
       event("00:07", "force_push", {{"scheme", "cat"}})},
      {"engine_crash", json::array({kMainDown}), event("00:04:55", "engine_crash", {{"for", "2m"}})},
  };
}

// The world's side of the run: what the provider's record held, what the
// servers really did, and what the DNS servers answered.
std::string worldOf(const json& events) {
  std::ifstream in(testing::sourcePath("scenarios/cat-okerr.json"));
  json doc = json::parse(in);
  doc["duration"] = "20m";
  doc["events"] = events;
  const ScenarioLoad load = loadScenarioText(doc.dump(), "fault.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  if (!load.ok()) return {};
  class WorldOnly final : public TraceSink {
   public:
    void record(const TraceEvent& e) override {
      if (e.type == EventType::Record || e.type == EventType::ServerState || e.type == EventType::NsAnswer) {
        out << traceEventJson(e) << "\n";
      }
    }
    std::ostringstream out;
  } world;
  const RunReport report = runScenario(load.scenario, {}, world);
  for (const ExpectationResult& a : report.audit) EXPECT_TRUE(a.passed) << a.path << ": " << a.detail;
  return world.out.str();
}

// Runs the case's timeline with and without its fault; what `observe`
// reads of the world must differ.
void expectTheFaultShows(const FaultCase& c, const std::function<std::string(const json&)>& observe,
                         const char* what) {
  json with = c.base;
  with.push_back(c.fault);
  const std::string without = observe(c.base);
  ASSERT_FALSE(without.empty());
  EXPECT_NE(observe(with), without) << c.kind << " left " << what << " as it was:\n" << without;
}

class FaultBites : public ::testing::TestWithParam<FaultCase> {};

TEST_P(FaultBites, TheWorldDiffersWithAndWithoutIt) { expectTheFaultShows(GetParam(), worldOf, "the world"); }

INSTANTIATE_TEST_SUITE_P(EveryKind, FaultBites, ::testing::ValuesIn(cases()),
                         [](const auto& info) { return info.param.kind; });

// The webhook receiver's faults change only what the receiver accepts,
// which the world side above does not hold. Their world is the receiver's
// own log, read through webhook_deliveries expectations (any bounds: only
// their measurements are compared), on the notification scenario's world.
std::vector<FaultCase> receiverCases() {
  const json down = event("00:19", "receiver_down", {{"receiver", "hooks"}});
  return {
      {"receiver_down", json::array(), down},
      {"receiver_up", json::array({down}), event("00:25", "receiver_up", {{"receiver", "hooks"}})},
      {"receiver_errors", json::array(), event("00:19", "receiver_errors", {{"receiver", "hooks"}, {"for", "6m"}})},
      // Longer than the webhook's timeout, so deliveries time out and retry.
      {"receiver_slow", json::array(), event("00:19", "receiver_slow", {{"receiver", "hooks"}, {"delay", "30s"}})},
  };
}

std::string receiverLogOf(const json& events) {
  std::ifstream catIn(testing::sourcePath("scenarios/cat-okerr.json"));
  std::ifstream hooksIn(testing::sourcePath("scenarios/webhook-receiver-down.json"));
  json doc = json::parse(catIn);
  json hooks = json::parse(hooksIn);
  hooks.erase("extends");
  doc.merge_patch(hooks);
  doc["events"] = events;
  doc["expectations"] = json::array();
  for (const char* notification : {"", "failover", "recovery", "synced"}) {
    json e = {{"kind", "webhook_deliveries"}, {"receiver", "hooks"}, {"min", 0}, {"max", 1000}};
    if (*notification != '\0') e["event"] = notification;
    doc["expectations"].push_back(e);
  }
  const ScenarioLoad load = loadScenarioText(doc.dump(), "receiver-fault.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  if (!load.ok()) return {};
  NullTraceSink none;
  const RunReport report = runScenario(load.scenario, {}, none);
  for (const ExpectationResult& a : report.audit) EXPECT_TRUE(a.passed) << a.path << ": " << a.detail;
  std::string log;
  for (const ExpectationResult& e : report.expectations) log += e.description + ": " + e.detail + "\n";
  return log;
}

class ReceiverFaultBites : public ::testing::TestWithParam<FaultCase> {};

TEST_P(ReceiverFaultBites, TheReceiversLogDiffersWithAndWithoutIt) {
  expectTheFaultShows(GetParam(), receiverLogOf, "the receiver's log");
}

INSTANTIATE_TEST_SUITE_P(EveryReceiverKind, ReceiverFaultBites, ::testing::ValuesIn(receiverCases()),
                         [](const auto& info) { return info.param.kind; });

// The site faults change what the sites do; their world is the multi-site
// cat world's whole trace but the fault events themselves (every site's
// engine events, tagged with their origin), plus the summary's account of
// what etcd served.
std::vector<FaultCase> siteCases() {
  return {
      {"site_partition", json::array(),
       event("00:03", "site_partition", {{"site", "frankfurt"}, {"from", "servers"}, {"on", true}})},
      {"site_pause", json::array(), event("00:03", "site_pause", {{"site", "paris"}, {"for", "30s"}})},
      {"site_crash", json::array(), event("00:03", "site_crash", {{"site", "paris"}, {"for", "30s"}})},
      {"etcd_member_down", json::array(), event("00:03", "etcd_member_down", {{"member", "0"}, {"on", true}})},
      {"clock_drift", json::array(), event("00:03", "clock_drift", {{"site", "virginia"}, {"ratio", 1.5}})},
  };
}

std::string siteWorldOf(const json& events) {
  json doc = testing::siteWorldDocument();
  doc["duration"] = "6m";
  doc["engine"].erase("propagation");
  doc["events"] = events;
  const ScenarioLoad load = loadScenarioText(doc.dump(), "site-fault.json");
  EXPECT_TRUE(load.ok()) << load.errors[0].format();
  if (!load.ok()) return {};
  class AllButFaults final : public TraceSink {
   public:
    void record(const TraceEvent& e) override {
      if (e.type != EventType::Fault) out << traceEventJson(e) << "\n";
    }
    std::ostringstream out;
  } world;
  const RunReport report = runScenario(load.scenario, {}, world);
  for (const std::string& note : report.notes) world.out << note << "\n";
  return world.out.str();
}

class SiteFaultBites : public ::testing::TestWithParam<FaultCase> {};

TEST_P(SiteFaultBites, TheSitesDifferWithAndWithoutIt) { expectTheFaultShows(GetParam(), siteWorldOf, "the sites"); }

INSTANTIATE_TEST_SUITE_P(EverySiteKind, SiteFaultBites, ::testing::ValuesIn(siteCases()),
                         [](const auto& info) { return info.param.kind; });

TEST(FaultBites, EveryFaultKindHasACase) {
  std::set<std::string> covered;
  for (const FaultCase& c : cases()) covered.insert(c.kind);
  for (const FaultCase& c : receiverCases()) covered.insert(c.kind);
  for (const FaultCase& c : siteCases()) covered.insert(c.kind);
  for (const FaultKind& k : faultKinds()) EXPECT_TRUE(covered.count(k.name)) << k.name << " has no case here";
}

}  // namespace
}  // namespace dnsfailover::sim
