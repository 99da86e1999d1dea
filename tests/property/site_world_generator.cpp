#include "tests/property/site_world_generator.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <ostream>

#include "sim/scenario.h"
#include "tests/support/site_world.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;

std::string clock(int seconds) {
  char text[16];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return text;
}

json event(int at, const char* kind, json fields) {
  fields["at"] = clock(at);
  fields["kind"] = kind;
  return fields;
}

std::string siteName(int i) { return "site" + std::to_string(i); }

}  // namespace

rc::Gen<GeneratedSiteWorld> genSiteWorld(SiteWorldOptions options) {
  return rc::gen::exec([options] {
    GeneratedSiteWorld w;
    w.seed = *rc::gen::inRange<uint64_t>(1, 1'000'000);
    w.sites = *rc::gen::inRange(3, 6);
    json doc = siteWorldDocument();
    doc["name"] = "generated-sites";
    doc["duration"] = "23m";
    doc["seed"] = w.seed;
    // Propagation polling is per site and not what these properties judge.
    doc["engine"].erase("propagation");
    doc["sites"] = json::array();
    doc["engine"]["sites"]["names"] = json::array();
    for (int i = 0; i < w.sites; ++i) {
      doc["sites"].push_back({{"name", siteName(i)}, {"address", "198.51.100." + std::to_string(11 + i)}});
      doc["engine"]["sites"]["names"].push_back(siteName(i));
    }
    const int healAt = 15 * 60;
    w.heal = std::chrono::seconds{healAt};
    json events = json::array();
    // A window [from, to) inside [2 min, heal).
    auto window = [healAt](int shortest, int longest) {
      const int length = *rc::gen::inRange(shortest, longest + 1);
      const int from = *rc::gen::inRange(120, healAt - length);
      return std::pair{from, from + length};
    };
    if (options.minorityCut) {
      const int minority = *rc::gen::inRange(1, (w.sites - 1) / 2 + 1);
      for (int i = 0; i < minority; ++i) {
        const auto [from, to] = window(60, 300);
        const std::string site = siteName((static_cast<int>(w.seed) + i) % w.sites);
        events.push_back(event(from, "site_partition", {{"site", site}, {"from", "servers"}, {"on", true}}));
        events.push_back(event(to, "site_partition", {{"site", site}, {"from", "servers"}, {"on", false}}));
      }
    }
    if (options.leaderFaults) {
      const int faults = *rc::gen::inRange(1, 3);
      for (int i = 0; i < faults; ++i) {
        const std::string site = siteName(*rc::gen::inRange(0, w.sites));
        switch (*rc::gen::inRange(0, 5)) {
          case 0: {
            const auto [from, to] = window(5, 30);
            events.push_back(event(from, "site_pause", {{"site", site}, {"for", std::to_string(to - from) + "s"}}));
            break;
          }
          case 1: {
            const auto [from, to] = window(10, 60);
            events.push_back(event(from, "site_crash", {{"site", site}, {"for", std::to_string(to - from) + "s"}}));
            break;
          }
          case 2: {
            const auto [from, to] = window(10, 120);
            events.push_back(event(from, "site_partition", {{"site", site}, {"from", "coordination"}, {"on", true}}));
            events.push_back(event(to, "site_partition", {{"site", site}, {"from", "coordination"}, {"on", false}}));
            break;
          }
          case 3: {
            const auto [from, to] = window(20, 180);
            const std::string member = std::to_string(*rc::gen::inRange(0, 3));
            events.push_back(event(from, "etcd_member_down", {{"member", member}, {"on", true}}));
            events.push_back(event(to, "etcd_member_down", {{"member", member}, {"on", false}}));
            break;
          }
          default: {
            const auto [from, to] = window(60, 300);
            const double ratio = *rc::gen::element(0.9, 0.95, 1.05, 1.1);
            events.push_back(event(from, "clock_drift", {{"site", site}, {"ratio", ratio}}));
            events.push_back(event(to, "clock_drift", {{"site", site}, {"ratio", 1.0}}));
            break;
          }
        }
      }
    }
    doc["events"] = events;
    w.scenario = doc;
    return w;
  });
}

void showValue(const GeneratedSiteWorld& world, std::ostream& os) {
  os << world.sites << " sites, seed " << world.seed << ", events " << world.scenario["events"].dump();
}

GeneratedSiteRun runSiteWorld(const GeneratedSiteWorld& world) {
  GeneratedSiteRun run;
  const sim::ScenarioLoad load = sim::loadScenarioText(world.scenario.dump(), "generated-sites.json");
  if (!load.ok()) RC_FAIL("the generator made a scenario that does not load: " + load.errors[0].format());
  class Keep final : public TraceSink {
   public:
    explicit Keep(std::vector<TraceEvent>& out) : out_(out) {}
    void record(const TraceEvent& e) override { out_.push_back(e); }

   private:
    std::vector<TraceEvent>& out_;
  } keep(run.events);
  sim::RunOptions options;
  options.perturb = true;  // as explore runs; a replay passes --perturb
  run.report = sim::runScenario(load.scenario, options, keep);
  return run;
}

std::string replaySiteCommand(const GeneratedSiteWorld& world, const std::string& property) {
  const std::string path = std::string(DNSFAILOVER_TEST_ARTIFACTS) + "/" + property + "-counterexample.json";
  std::ofstream(path) << world.scenario.dump(2) << '\n';
  return "dnsfailover sim " + path + " --seed " + std::to_string(world.seed) + " --perturb";
}

void checkSiteWorlds(int worlds, const std::function<void()>& property) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = worlds;
  params.disableShrinking = true;
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(test->test_suite_name()) + "/" + test->name();
  metadata.description = test->name();
  const rc::detail::TestResult result = rc::detail::checkTestable(property, metadata, params);
  if (!result.template is<rc::detail::SuccessResult>()) {
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    ADD_FAILURE() << message.str() << "\n(RapidCheck seed " << params.seed << ")";
  }
}

}  // namespace dnsfailover::testing
