// Property: for random lags, TTLs, minimum-TTL clamps and change times,
// once changes stop every nameserver and resolver converges to the last
// pushed address within the bound the parameters imply, and no server is
// ever seen answering an address that was never pushed.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "tests/dns/sim_dns_fixture.h"

namespace dnsfailover {
namespace {

using testing::SimDnsWorld;
using testing::t0;

// One poll interval plus a round trip covers the time from a server's
// change to the watcher seeing it.
constexpr Duration kObservationSlack = 2s + 200ms;

RC_GTEST_PROP(DnsPropagationProperty, ConvergesToTheLastPushWithinTheBound, ()) {
  const int secondaries = *rc::gen::inRange(0, 4);
  std::vector<SimDnsWorld::Lag> lags;
  Duration longestLag{};
  for (int i = 0; i < secondaries; ++i) {
    const int lo = *rc::gen::inRange(0, 30);
    const int hi = lo + *rc::gen::inRange(0, 30);
    lags.push_back({std::chrono::seconds{lo}, std::chrono::seconds{hi}});
    longestLag = std::max<Duration>(longestLag, std::chrono::seconds{hi});
  }
  const int ttl = *rc::gen::inRange(1, 180);
  std::vector<SimDnsWorld::ResolverKnobs> knobs;
  Duration longestLife{};
  const int resolvers = *rc::gen::inRange(0, 3);
  for (int i = 0; i < resolvers; ++i) {
    const Duration clamp = std::chrono::seconds{*rc::gen::element(0, 0, 30, 120, 300)};
    knobs.push_back({clamp, *rc::gen::arbitrary<bool>()});
    longestLife = std::max<Duration>(longestLife, std::max<Duration>(clamp, std::chrono::seconds{ttl}));
  }
  // Pushed addresses are made of printable names mapped into TEST-NET-3.
  const auto labels = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
      rc::gen::container<std::string>(rc::gen::inRange<char>(32, 127))));
  const auto gaps = *rc::gen::container<std::vector<int>>(labels.size(), rc::gen::inRange(0, 90));
  const uint64_t seed = *rc::gen::arbitrary<uint64_t>();

  SimDnsWorld world(lags, knobs, ttl, seed);
  // Keep the dense pace through the whole bound, even after agreement.
  world.config.denseFor = 1h;
  world.config.settle = 1h;
  world.startWatcher();
  world.kernel.runUntil(t0() + 30s);
  std::set<std::string> pushed{"116.202.27.149"};
  std::string last = "116.202.27.149";
  for (size_t i = 0; i < labels.size(); ++i) {
    world.kernel.runUntil(world.kernel.now() + std::chrono::seconds{gaps[i]});
    // A stable address per label: 203.0.113.(hash % 250 + 1).
    const size_t h = std::hash<std::string>{}(labels[i]);
    last = "203.0.113." + std::to_string(h % 250 + 1);
    pushed.insert(last);
    world.push(last, ttl);
  }
  const TimePoint lastPush = world.kernel.now();
  const TimePoint authBound = lastPush + longestLag + kObservationSlack;
  const TimePoint resolverBound = lastPush + longestLag + longestLife + kObservationSlack;
  world.kernel.runUntil(std::max(authBound, resolverBound) + 1s);

  for (const TraceEvent& e : world.trace.of(EventType::NsAnswer)) {
    if (e.field("address") == nullptr) {
      RC_FAIL("a server answered with an error: " + e.text(field::server) + " " + e.text(field::error));
    }
    RC_ASSERT(pushed.count(e.text(field::address)) == 1u);
  }
  for (const ServerObservation& s : world.watcher->servers()) {
    RC_ASSERT(s.answer == last);
    const TimePoint bound = s.scope == PropagationScope::Auth ? authBound : resolverBound;
    RC_ASSERT(s.lastChange <= bound);
  }
}

}  // namespace
}  // namespace dnsfailover
