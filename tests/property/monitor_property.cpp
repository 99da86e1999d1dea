// Goal: under random policies and a random history of a server going up
// and down, the indicator switches OK/ERR exactly when its retry (or
// recovery retry) schedule is exhausted, and spaces its checks by the
// period or by the schedule's delays.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/monitor/indicator.h"
#include "sim/kernel.h"
#include "sim/network.h"
#include "sim/seeded_random.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;

// A server whose health flips at given instants; records each check.
class FlippingServer final : public fakes::HttpDoor {
 public:
  explicit FlippingServer(std::vector<TimePoint> flips) : flips_(std::move(flips)) {}
  bool okAt(TimePoint t) const {
    size_t passed = 0;
    for (TimePoint f : flips_) passed += f <= t ? 1 : 0;
    return passed % 2 == 0;
  }
  HttpResponse handle(const HttpRequest&, TimePoint now, const std::string&) override {
    const bool ok = okAt(now);
    seen.emplace_back(now, ok);
    return {200, {}, ok ? "status=OK" : "status=ERR"};
  }
  std::vector<std::pair<TimePoint, bool>> seen;

 private:
  std::vector<TimePoint> flips_;
};

rc::Gen<std::vector<Duration>> schedule() {
  return rc::gen::container<std::vector<Duration>>(
      rc::gen::map(rc::gen::inRange(1, 180), [](int s) { return Duration{seconds{s}}; }));
}

RC_GTEST_PROP(MonitorProperty, SwitchesExactlyWhenTheScheduleIsExhausted, ()) {
  const int periodSeconds = *rc::gen::inRange(1, 120);
  auto retry = *rc::gen::resize(4, schedule());
  auto recovery = *rc::gen::resize(4, schedule());
  const auto flipOffsets = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 5 * 1800));
  const uint64_t seed = *rc::gen::arbitrary<uint64_t>();

  const TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  std::vector<TimePoint> flips;
  for (int s : flipOffsets) flips.push_back(start + seconds{s});
  std::sort(flips.begin(), flips.end());

  sim::Kernel kernel(start);
  sim::Network network(kernel, seed);
  network.defaults().latency = Duration{25};
  sim::SeededRandom random(seed, 1);
  NullTraceSink trace;
  FlippingServer server(flips);
  network.attach("192.0.2.1", server);

  IndicatorConfig config;
  config.name = "server";
  config.check.url = "http://server/";
  config.check.musthave = "status=OK";
  config.check.connectTo = "192.0.2.1";
  config.policy = Policy{"p", seconds{periodSeconds}, retry, recovery};
  Indicator indicator(config, kernel, network, random, trace);
  std::vector<std::pair<TimePoint, Status>> changes;
  indicator.addListener([&](const Indicator& i) { changes.emplace_back(kernel.now(), i.status()); });
  indicator.start();
  kernel.runUntil(start + std::chrono::hours{3});
  indicator.stop();

  // Replay what the server answered through the rule as written in okerr's
  // docs, and compare switches and check spacing.
  Status status = Status::Unknown;
  size_t streak = 0;  // consecutive results that differ from `status`
  size_t changeIndex = 0;
  for (size_t i = 0; i < server.seen.size(); ++i) {
    const auto [at, ok] = server.seen[i];
    const Status result = ok ? Status::Ok : Status::Err;
    Duration expectedGap = seconds{periodSeconds};
    if (status == Status::Unknown || result == status) {
      if (status == Status::Unknown) {
        status = result;
        RC_ASSERT(changeIndex < changes.size());
        RC_ASSERT(changes[changeIndex].second == status);
        ++changeIndex;
      }
      streak = 0;
    } else {
      const auto& sched = result == Status::Err ? retry : recovery;
      ++streak;
      if (streak > sched.size()) {
        status = result;
        streak = 0;
        RC_ASSERT(changeIndex < changes.size());
        RC_ASSERT(changes[changeIndex].second == status);
        // The switch is reported when the deciding answer arrives back.
        RC_ASSERT(changes[changeIndex].first == at + Duration{25});
        ++changeIndex;
      } else {
        expectedGap = sched[streak - 1];
      }
    }
    if (i + 1 < server.seen.size()) RC_ASSERT(server.seen[i + 1].first - at == expectedGap);
  }
  RC_ASSERT(changeIndex == changes.size());
}

}  // namespace
}  // namespace dnsfailover
