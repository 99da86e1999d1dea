// Goal: three engines, one per site, in one simulated world with the fake
// etcd cluster: only the elected leader ever calls the provider; a site
// that alone loses its links to a server does not fail over for the
// others; when most sites see a server down the leader fails over; when
// the leader dies another site takes over and pushes; a config with sites
// refuses to run without a coordination port or with a site it does not
// name.

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/coordination/etcd_coordination.h"
#include "engine/engine.h"
#include "engine/ports/trace_events.h"
#include "engine/status/metrics.h"
#include "engine/status/status_view.h"
#include "fakes/he_dyn_api.h"
#include "fakes/zone_store.h"
#include "sim/seeded_random.h"
#include "tests/sites/sites_world.h"
#include "tests/support/recording_sink.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;
using test::SitesWorld;
using testing::RecordingSink;

constexpr const char* kKey = "he-key-not-shown";
const char* const kNames[] = {"paris", "frankfurt", "virginia"};

class KeySecrets final : public Secrets {
 public:
  SecretLookup resolve(const CredentialRef&) override { return {std::string(kKey), {}}; }
};

// A server whose answer the test sets.
class Server final : public fakes::HttpDoor {
 public:
  HttpResponse handle(const HttpRequest&, TimePoint, const std::string&) override {
    return up ? HttpResponse{200, {}, "ok"} : HttpResponse{503, {}, "down"};
  }
  bool up = true;
};

// The HE API as one site reaches it: records who called.
class ProviderDoor final : public fakes::HttpDoor {
 public:
  ProviderDoor(fakes::HeDynApi& api, std::vector<std::pair<size_t, std::string>>& calls, size_t site)
      : api_(api), calls_(calls), site_(site) {}
  HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) override {
    calls_.emplace_back(site_, request.body);
    return api_.handle(request, now, peer);
  }

 private:
  fakes::HeDynApi& api_;
  std::vector<std::pair<size_t, std::string>>& calls_;
  size_t site_;
};

json sitesConfig(const std::vector<std::string>& endpoints) {
  json config = json::parse(R"({
    "indicators": [
      {"name": "main", "policy": {"period": "2s"}, "check": {"method": "httpstatus", "url": "http://127.0.0.41/"}},
      {"name": "backup", "policy": {"period": "2s"}, "check": {"method": "httpstatus", "url": "http://127.0.0.42/"}}
    ],
    "schemes": [
      {"name": "cat", "fqdn": "cat.he.okerr.com", "zone": "he.okerr.com", "provider": "he.net",
       "credentials": {"env": "CAT_HE_KEY"}, "endpoint": "http://127.0.0.44/nic/update",
       "members": [
         {"indicator": "main", "priority": 100, "address": "192.0.2.1"},
         {"indicator": "backup", "priority": 50, "address": "192.0.2.2"}
       ]}
    ],
    "sites": {"names": ["paris", "frankfurt", "virginia"],
              "coordination": {"prefix": "/dnsf/engine-test/", "lease_ttl": "6s", "timeout": "2s"},
              "report_every": "2s", "stale_after": "10s"}
  })");
  config["sites"]["coordination"]["endpoints"] = endpoints;
  return config;
}

struct SiteEngine {
  RecordingSink trace;
  std::unique_ptr<sim::SeededRandom> random;
  std::unique_ptr<EtcdCoordination> coordination;
  std::unique_ptr<Engine> engine;
};

class SitesEngineTest : public ::testing::Test {
 protected:
  SitesEngineTest() : world_(3), he_(zones_) {
    zones_.addZone("he.okerr.com");
    he_.enableHost("cat.he.okerr.com", kKey);
    world_.attachEverywhere("127.0.0.41", main_);
    world_.attachEverywhere("127.0.0.42", backup_);
    const ConfigLoad load = loadEngineConfig(sitesConfig(world_.endpoints()));
    EXPECT_TRUE(load.ok()) << load.errors.front().format();
    config_ = load.config;
    for (size_t i = 0; i < 3; ++i) {
      doors_.push_back(std::make_unique<ProviderDoor>(he_, calls_, i));
      world_.site(i).network.attach("127.0.0.44", *doors_.back());
    }
    for (size_t i = 0; i < 3; ++i) startSite(i);
  }

  void startSite(size_t i) {
    auto& s = sites_[i];
    s = std::make_unique<SiteEngine>();
    EngineConfig config = config_;
    config.site = kNames[i];
    test::TestSite& site = world_.site(i);
    s->random = std::make_unique<sim::SeededRandom>(7, i);
    s->coordination = std::make_unique<EtcdCoordination>(site.http, site.scheduler, config.sites.coordination,
                                                         config.site);
    EnginePorts ports{site.scheduler, site.http, *s->random, s->trace, secrets_};
    ports.coordination = s->coordination.get();
    s->engine = std::make_unique<Engine>(config, ports);
    s->engine->start();
  }

  void crash(size_t i) { sites_[i].reset(); }  // engine and session die together, nothing resigned

  std::vector<size_t> leaders() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < 3; ++i) {
      if (sites_[i] && sites_[i]->engine->leader().leads) out.push_back(i);
    }
    return out;
  }
  std::optional<std::string> record() const { return zones_.firstValue("cat.he.okerr.com", "A"); }
  bool recordIs(const std::string& address) const { return record() == address; }

  SitesWorld world_;
  fakes::ZoneStore zones_;
  fakes::HeDynApi he_;
  Server main_;
  Server backup_;
  KeySecrets secrets_;
  EngineConfig config_;
  std::vector<std::pair<size_t, std::string>> calls_;  // (site, body) of every provider call
  std::vector<std::unique_ptr<ProviderDoor>> doors_;
  std::unique_ptr<SiteEngine> sites_[3];
};

TEST_F(SitesEngineTest, OnlyTheLeaderPushesAndEverySiteSeesEveryOther) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{30});
  ASSERT_EQ(leaders().size(), 1u);
  const size_t leader = leaders().front();
  ASSERT_FALSE(calls_.empty());
  for (const auto& [site, body] : calls_) EXPECT_EQ(site, leader) << body;
  for (size_t i = 0; i < 3; ++i) {
    const Engine& e = *sites_[i]->engine;
    EXPECT_TRUE(e.coordinationReachable()) << kNames[i];
    EXPECT_EQ(e.leader().leader, kNames[leader]) << kNames[i];
    const std::vector<SiteView> views = e.sites();
    ASSERT_EQ(views.size(), 3u);
    for (const SiteView& v : views) {
      EXPECT_TRUE(v.voting) << kNames[i] << " sees " << v.name << ": " << v.notVoting;
      EXPECT_EQ(v.self, v.name == kNames[i]);
      ASSERT_EQ(v.indicators.size(), 2u);
      EXPECT_EQ(v.indicators[0].status, Status::Ok) << kNames[i] << " sees " << v.name;
    }
    EXPECT_EQ(sites_[i]->trace.of(EventType::Leader).size(), i == leader ? 1u : 0u) << kNames[i];
    // The credential never reaches a trace.
    for (const TraceEvent& ev : sites_[i]->trace.events) {
      for (const auto& [k, v] : ev.fields) {
        const auto* text = std::get_if<std::string>(&v);
        EXPECT_TRUE(text == nullptr || text->find(kKey) == std::string::npos) << k;
      }
    }
    for (const TraceEvent& ev : sites_[i]->trace.events) {
      const auto problem = checkTraceEvent(ev);
      EXPECT_FALSE(problem.has_value()) << *problem;
    }
  }
}

TEST_F(SitesEngineTest, ASiteThatAloneLosesAServerDoesNotFailOver) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{10});
  const size_t leader = leaders().at(0);
  // The leader's own network loses main: the worst place for it.
  world_.site(leader).network.link("127.0.0.41").down = true;
  world_.runFor(std::chrono::seconds{60});
  EXPECT_EQ(record(), "192.0.2.1");
  Indicator* main = sites_[leader]->engine->findIndicator("main");
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(main->rawStatus(), Status::Err);  // it sees the server down
  EXPECT_EQ(main->status(), Status::Ok);      // the quorum does not
  for (const TraceEvent& ev : sites_[leader]->trace.of(EventType::Selection)) {
    EXPECT_EQ(ev.text(field::address), "192.0.2.1");
  }
  // Its own view is on record.
  bool sawOwnErr = false;
  for (const TraceEvent& ev : sites_[leader]->trace.of(EventType::SiteView)) {
    sawOwnErr = sawOwnErr || (ev.text(field::site) == kNames[leader] && ev.text(field::status) == "ERR");
  }
  EXPECT_TRUE(sawOwnErr);
}

TEST_F(SitesEngineTest, WhenMostSitesSeeTheServerDownTheLeaderFailsOver) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  main_.up = false;
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.2"); }, std::chrono::seconds{60}));
  const size_t leader = leaders().at(0);
  for (const auto& [site, body] : calls_) EXPECT_EQ(site, leader) << body;
  const auto quorums = sites_[leader]->trace.of(EventType::Quorum);
  ASSERT_FALSE(quorums.empty());
  bool sawErr = false;
  for (const TraceEvent& q : quorums) sawErr = sawErr || (q.text(field::indicator) == "main" && q.text(field::status) == "ERR");
  EXPECT_TRUE(sawErr);
}

TEST_F(SitesEngineTest, WhenTheLeaderDiesAnotherSiteTakesOverAndPushes) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{5});
  const size_t old = leaders().at(0);
  crash(old);
  const TimePoint died = world_.kernel().now();
  ASSERT_TRUE(world_.runUntil([&] { return leaders().size() == 1; }, std::chrono::seconds{30}));
  EXPECT_LE(world_.kernel().now() - died, std::chrono::seconds{6} + std::chrono::seconds{2} + std::chrono::seconds{1});
  const size_t next = leaders().front();
  const size_t callsBefore = calls_.size();
  // The new leader read the shared state: the provider holds main already, so nothing is pushed.
  world_.runFor(std::chrono::seconds{10});
  EXPECT_EQ(calls_.size(), callsBefore);
  // Main fails: the two sites left agree, and the new leader pushes.
  main_.up = false;
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.2"); }, std::chrono::seconds{60}));
  for (size_t c = callsBefore; c < calls_.size(); ++c) EXPECT_EQ(calls_[c].first, next);
}

TEST_F(SitesEngineTest, APausedLeaderThatResumesPushesNothingStale) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{5});
  const size_t old = leaders().at(0);
  // SIGSTOP for twice the lease; meanwhile main fails and recovers, and the
  // new leader follows it (backup, then main again).
  world_.site(old).scheduler.pause();
  main_.up = false;
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.2"); }, std::chrono::seconds{30}));
  main_.up = true;
  world_.runFor(std::chrono::seconds{12} - std::chrono::seconds{1});
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{30}));
  const size_t callsBefore = calls_.size();
  // SIGCONT: the old leader's timers and answers all arrive at once. Its
  // own clock says its lease is over before any of them acts.
  world_.site(old).scheduler.resume();
  world_.runFor(std::chrono::seconds{30});
  for (size_t c = callsBefore; c < calls_.size(); ++c) EXPECT_NE(calls_[c].first, old) << calls_[c].second;
  EXPECT_EQ(record(), "192.0.2.1");
  EXPECT_EQ(leaders().size(), 1u);
  EXPECT_NE(leaders().at(0), old);
  // It noticed: a leader event saying it no longer leads.
  const auto leaderEvents = sites_[old]->trace.of(EventType::Leader);
  ASSERT_FALSE(leaderEvents.empty());
  EXPECT_FALSE(leaderEvents.back().flag(field::leads));
}

// Found by the live sites test: a site resumed after a pause published, at
// its first report tick, the results it had before the pause. With one
// site dead and a tie between the two left, that made main OK again.
TEST_F(SitesEngineTest, AResumedSiteDoesNotHandOutItsViewFromBeforeThePause) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{5});
  crash(leaders().at(0));  // two sites left: a tie between them keeps main OK
  ASSERT_TRUE(world_.runUntil([&] { return leaders().size() == 1; }, std::chrono::seconds{30}));
  const size_t paused = leaders().at(0);
  world_.site(paused).scheduler.pause();
  main_.up = false;
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.2"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{20});  // its view of main (OK) is far past stale_after now
  // As from a stopped server that accepts and never answers: its first
  // checks after the pause hang until their timeout, while it reports.
  world_.site(paused).network.link("127.0.0.41").latency = std::chrono::minutes{5};
  const TimePoint resumedAt = world_.kernel().now();
  world_.site(paused).scheduler.resume();
  world_.runFor(std::chrono::seconds{30});
  EXPECT_EQ(record(), "192.0.2.2");
  for (size_t i = 0; i < 3; ++i) {
    if (!sites_[i] || i == paused) continue;
    for (const TraceEvent& ev : sites_[i]->trace.of(EventType::SiteView)) {
      if (ev.t < resumedAt || ev.text(field::site) != kNames[paused] || ev.text(field::indicator) != "main") continue;
      EXPECT_NE(ev.text(field::status), "OK") << kNames[i] << " was handed " << kNames[paused]
                                              << "'s view of main from before its pause";
    }
    for (const TraceEvent& ev : sites_[i]->trace.of(EventType::Selection)) {
      if (ev.t < resumedAt) continue;
      EXPECT_NE(ev.text(field::address), "192.0.2.1") << kNames[i] << " went back to main";
    }
  }
}

TEST_F(SitesEngineTest, TheStatusViewsShowEverySiteAndWhoLeads) {
  ASSERT_TRUE(world_.runUntil([&] { return recordIs("192.0.2.1"); }, std::chrono::seconds{60}));
  world_.runFor(std::chrono::seconds{10});
  const size_t leader = leaders().at(0);
  const size_t follower = (leader + 1) % 3;
  status::MatchTracker tracker;
  const status::StatusModel model = status::buildStatusModel(*sites_[follower]->engine, world_.kernel().now(), tracker);
  ASSERT_TRUE(model.sites.has_value());
  EXPECT_EQ(model.sites->self, kNames[follower]);
  EXPECT_FALSE(model.sites->leads);
  EXPECT_EQ(model.sites->leader, kNames[leader]);
  EXPECT_TRUE(model.sites->coordinationUp);
  ASSERT_EQ(model.sites->sites.size(), 3u);
  ASSERT_EQ(model.sites->quorums.size(), 2u);
  EXPECT_EQ(model.sites->quorums[0].rule, "majority");
  EXPECT_EQ(model.sites->quorums[0].result, "OK");
  const json api = status::statusJson(model);
  EXPECT_EQ(api["sites"]["leader"], kNames[leader]);
  EXPECT_EQ(api["sites"]["sites"].size(), 3u);

  const std::string text = status::metricsText(model, status::DaemonFacts{});
  EXPECT_NE(text.find(std::string("dnsfailover_leader{site=\"") + kNames[leader] + "\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string("dnsfailover_leader{site=\"") + kNames[follower] + "\"} 0"), std::string::npos);
  EXPECT_NE(text.find(std::string("dnsfailover_site_votes{indicator=\"main\",site=\"") + kNames[leader] +
                      "\",status=\"OK\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find(std::string("dnsfailover_coordination_up{site=\"") + kNames[follower] + "\"} 1"),
            std::string::npos);
  const std::string file = ::testing::TempDir() + "/sites-metrics.txt";
  std::ofstream(file) << text;
  const int rc = std::system(("bash " + std::string(DNSFAILOVER_PROMTOOL_SCRIPT) + " " + file).c_str());
  ASSERT_TRUE(WIFEXITED(rc));
  if (WEXITSTATUS(rc) == 77) GTEST_SKIP() << "promtool is not installed (apt-get install prometheus)";
  EXPECT_EQ(WEXITSTATUS(rc), 0) << "promtool check metrics refused " << file;
}

TEST(SitesEngineRefusal, SitesNeedACoordinationPortAndAKnownSite) {
  const ConfigLoad load = loadEngineConfig(sitesConfig({"http://127.0.0.21:2379"}));
  ASSERT_TRUE(load.ok()) << load.errors.front().format();
  sim::Kernel kernel(*parseIsoUtc("2026-11-02T00:00:00Z"));
  sim::Network network(kernel, 1);
  sim::SeededRandom random(1, 1);
  NullTraceSink trace;
  KeySecrets secrets;
  EngineConfig config = load.config;
  config.site = "paris";
  {
    Engine engine(config, EnginePorts{kernel, network, random, trace, secrets});
    try {
      engine.start();
      FAIL() << "started without a coordination port";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("no coordination service"), std::string::npos) << e.what();
    }
  }
  EtcdCoordination coordination(network, kernel, config.sites.coordination, "tokyo");
  config.site = "tokyo";
  EnginePorts ports{kernel, network, random, trace, secrets};
  ports.coordination = &coordination;
  Engine engine(config, ports);
  try {
    engine.start();
    FAIL() << "started as a site the config does not name";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("site \"tokyo\" is not one of sites.names; expected one of: paris, "
                                         "frankfurt, virginia"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace dnsfailover
