// Goal: three `dnsfailover run --site` daemons on one real three-member etcd
// cluster behave as docs/sites.md says, end to end on loopback:
// - stopping one etcd member changes nothing anyone can see: the same site
//   leads, nobody pushes;
// - SIGKILL of the leader while main goes down: a surviving site leads and
//   pushes the backup (the handover time is printed, not asserted: the
//   machine is shared);
// - SIGSTOP of the leader for twice the lease while main goes down again,
//   then SIGCONT: the other site takes over and pushes the backup, and the
//   resumed stale leader lands nothing: the fake's log holds no push after
//   the new leader's that is not the backup.
//
// The world: catservers main/backup/sorry on 127.0.0.31-33 whose clocks stay
// in the OK part of the hour (down is SIGSTOP of the process: checks time out),
// the fake HE dyn API in this process on 127.0.0.34, etcd on 127.0.0.21-23.
// The daemons' traces (JSON lines) say who leads; the fake's log says what
// landed. run_sites_test.sh runs this inside a loopback-only network
// namespace (etcd's addresses are fixed).

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "fakes/net/test_cert.h"
#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"
#include "tests/support/etcd_processes.h"

namespace dnsfailover::live {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kFqdn = "cat.he.okerr.com";
constexpr const char* kKeyEnv = "DNSF_SITES_TEST_HE_KEY";
constexpr const char* kMain = "127.0.0.31";
constexpr const char* kBackup = "127.0.0.32";
constexpr int kLeaseSeconds = 3;
const std::vector<std::string> kSites = {"paris", "frankfurt", "virginia"};

struct Site {
  std::string name;
  std::string trace;
  std::string stderrFile;
  std::unique_ptr<testing::ChildProcess> process;
  bool alive = true;
};

// Whether the site's own trace says it leads now (its last leader event).
bool leads(const Site& site) {
  bool now = false;
  for (const auto& e : testing::readTraceEvents(site.trace)) {
    if (e.value("type", "") == "leader" && e.value("site", "") == site.name) now = e.value("leads", false);
  }
  return now;
}

size_t leaderEvents(const Site& site) {
  size_t n = 0;
  for (const auto& e : testing::readTraceEvents(site.trace)) n += e.value("type", "") == "leader" ? 1 : 0;
  return n;
}

class SitesLive : public ::testing::Test {
 protected:
  void SetUp() override {
    // etcd's member addresses are fixed: only inside run_sites_test.sh's namespace.
    if (std::getenv("DNSFAILOVER_IN_NETNS") == nullptr) GTEST_SKIP() << "run through run_sites_test.sh";
    key_ = std::make_unique<testing::ScopedEnv>(kKeyEnv, "sites-test-ddns-key-5d01aa");
    he_ = std::make_unique<testing::FakeHe>("127.0.0.34", kFqdn, "sites-test-ddns-key-5d01aa", milliseconds{0});
    // Real time from 00:01: every server serves status=OK for 19 minutes,
    // longer than the test; "down" is SIGSTOP of its process.
    const std::vector<std::string> clock = {"--time-scale", "1", "--start", "00:01:00"};
    servers_.push_back(testing::startCatserver("main", kMain, clock));
    servers_.push_back(testing::startCatserver("backup", kBackup, clock));
    servers_.push_back(testing::startCatserver("sorry", "127.0.0.33", clock));
    etcd_ = std::make_unique<test::EtcdProcesses>(3);

    nlohmann::json config = testing::catLoopbackConfig(servers_, "http", kKeyEnv, he_->endpoint());
    for (auto& indicator : config["indicators"]) indicator["check"]["timeout"] = "300ms";
    config["sites"] = {{"names", kSites},
                       {"coordination",
                        {{"endpoints", etcd_->endpoints()},
                         {"prefix", "/dnsfailover/sites-test/"},
                         {"lease_ttl", std::to_string(kLeaseSeconds) + "s"},
                         {"timeout", "1s"}}},
                       {"report_every", "300ms"},
                       {"stale_after", "2s"}};
    configFile_ = testing::tempPath("sites-config.json");
    fakes::net::writeTextFile(configFile_, config.dump(2));
    for (const std::string& name : kSites) {
      Site site;
      site.name = name;
      site.trace = testing::tempPath("sites-trace-" + name + ".jsonl");
      site.stderrFile = testing::tempPath("sites-stderr-" + name + ".txt");
      site.process = std::make_unique<testing::ChildProcess>(
          std::vector<std::string>{DNSFAILOVER_BINARY, "run", configFile_, "--site", name, "--trace", site.trace,
                                   "--store", testing::tempPath("sites-store-" + name + ".db")},
          site.stderrFile);
      sites_.push_back(std::move(site));
    }
  }

  void TearDown() override {
    for (Site& s : sites_) {
      if (s.alive) s.process->signal(SIGCONT);
    }
    sites_.clear();
    for (auto& server : servers_) server.process->signal(SIGCONT);
  }

  // The one live site that leads, once exactly one does.
  Site* soleLeader() {
    Site* found = nullptr;
    for (Site& s : sites_) {
      if (!s.alive || !leads(s)) continue;
      if (found != nullptr) return nullptr;
      found = &s;
    }
    return found;
  }

  std::string diagnosis() {
    std::string out = "fake holds " + he_->holds().value_or("nothing") + "; pushes:";
    for (const auto& p : he_->pushes()) out += " [" + p.reply + "]";
    for (const Site& s : sites_) {
      out += "\n--- " + s.name + " stderr:\n" + testing::slurp(s.stderrFile);
      out += "--- " + s.name + " trace (tail):\n";
      const std::string trace = testing::slurp(s.trace);
      out += trace.substr(trace.size() > 4000 ? trace.size() - 4000 : 0);
    }
    return out;
  }

  // Waits until `done` holds; the limit is a hang guard, never a timing claim.
  bool await(const std::function<bool()>& done, seconds limit = seconds{60}) {
    return testing::pollUntil(done, std::chrono::duration_cast<milliseconds>(limit));
  }

  std::unique_ptr<testing::ScopedEnv> key_;
  std::unique_ptr<testing::FakeHe> he_;
  std::vector<testing::Catserver> servers_;
  std::unique_ptr<test::EtcdProcesses> etcd_;
  std::string configFile_;
  std::vector<Site> sites_;
};

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

TEST_F(SitesLive, MemberLossLeaderKillAndStaleLeaderPause) {
  // 1. One leader, and it pushed main.
  ASSERT_TRUE(await([&] { return soleLeader() != nullptr && he_->holds() == std::string(kMain); }))
      << "no single leader holding main at the fake\n" << diagnosis();
  Site* first = soleLeader();
  std::printf("leader: %s\n", first->name.c_str());

  // 2. One etcd member stops: nothing visible changes for three leases.
  const size_t pushesBefore = he_->pushCount();
  std::vector<size_t> leaderEventsBefore;
  for (const Site& s : sites_) leaderEventsBefore.push_back(leaderEvents(s));
  etcd_->stopMember(0);
  const auto quietUntil = Clock::now() + seconds{3 * kLeaseSeconds};
  await([&] { return Clock::now() >= quietUntil; }, seconds{3 * kLeaseSeconds + 5});
  EXPECT_EQ(he_->pushCount(), pushesBefore) << "a push after one etcd member stopped\n" << diagnosis();
  for (size_t i = 0; i < sites_.size(); ++i) {
    EXPECT_EQ(leaderEvents(sites_[i]), leaderEventsBefore[i])
        << sites_[i].name << " gained or lost leadership when one etcd member stopped\n" << diagnosis();
  }
  EXPECT_EQ(soleLeader(), first) << diagnosis();

  // 3. SIGKILL of the leader while main goes down: a survivor takes over
  //    and pushes the backup.
  const auto killedAt = Clock::now();
  first->process->signal(SIGKILL);
  first->process->wait(seconds{5});
  first->alive = false;
  servers_[0].process->signal(SIGSTOP);
  ASSERT_TRUE(await([&] { return soleLeader() != nullptr; })) << "no survivor leads\n" << diagnosis();
  const double handover = secondsSince(killedAt);
  ASSERT_TRUE(await([&] { return he_->holds() == std::string(kBackup); }))
      << "the new leader never pushed the backup\n" << diagnosis();
  const double failover = secondsSince(killedAt);
  Site* second = soleLeader();
  ASSERT_NE(second, nullptr) << diagnosis();
  std::printf("SIGKILL of %s: %s leads after %.2f s, the backup landed after %.2f s (lease %d s)\n",
              first->name.c_str(), second->name.c_str(), handover, failover, kLeaseSeconds);

  // Main comes back: the leader pushes it again.
  servers_[0].process->signal(SIGCONT);
  ASSERT_TRUE(await([&] { return he_->holds() == std::string(kMain); })) << "main never came back\n" << diagnosis();

  // 4. SIGSTOP of the leader for twice the lease while main goes down
  //    again; then SIGCONT. The other site pushes the backup; the stale
  //    leader, resumed, lands nothing.
  second->process->signal(SIGSTOP);
  servers_[0].process->signal(SIGSTOP);
  const auto pausedAt = Clock::now();
  Site* third = nullptr;
  for (Site& s : sites_) {
    if (s.alive && &s != second) third = &s;
  }
  ASSERT_NE(third, nullptr);
  ASSERT_TRUE(await([&] { return leads(*third) && he_->holds() == std::string(kBackup); }))
      << third->name << " never took over from the paused " << second->name << "\n" << diagnosis();
  std::printf("SIGSTOP of %s: %s pushed the backup after %.2f s\n", second->name.c_str(), third->name.c_str(),
              secondsSince(pausedAt));
  const size_t pushesByThird = he_->pushCount();
  const auto resumeAt = pausedAt + seconds{2 * kLeaseSeconds};
  await([&] { return Clock::now() >= resumeAt; }, seconds{2 * kLeaseSeconds + 5});
  second->process->signal(SIGCONT);
  const auto settledAt = Clock::now() + seconds{3 * kLeaseSeconds};
  await([&] { return Clock::now() >= settledAt; }, seconds{3 * kLeaseSeconds + 5});
  const auto pushes = he_->pushes();
  for (size_t i = pushesByThird; i < pushes.size(); ++i) {
    EXPECT_EQ(pushes[i].holds, kBackup) << "after the stale leader resumed, push " << i << " landed \""
                                        << pushes[i].reply << "\"\n" << diagnosis();
  }
  EXPECT_EQ(he_->holds(), std::string(kBackup)) << diagnosis();
  EXPECT_FALSE(leads(*second)) << "the resumed " << second->name << " still says it leads\n" << diagnosis();
  EXPECT_EQ(soleLeader(), third) << diagnosis();
}

}  // namespace
}  // namespace dnsfailover::live
