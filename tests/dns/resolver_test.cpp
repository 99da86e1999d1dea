// The fake public resolver: resolution through the fake NS set, TTL cache,
// minimum-TTL clamp and serve-stale.
#include <gtest/gtest.h>

#include "fakes/dns/auth_server.h"
#include "fakes/dns/resolver.h"
#include "sim/seeded_random.h"
#include "tests/dns/dns_test_support.h"

namespace dnsfailover {
namespace {

using dns::Rcode;
using dns::Type;
using testing::makeQuery;
using testing::t0;

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::fillCatZones(store);
    primary = std::make_unique<fakes::AuthServer>(fakes::AuthServerConfig{"ns1.he.net", "a1", true, {}, {}, {}}, store,
                                                  random, t0());
  }
  std::unique_ptr<fakes::Resolver> makeResolver(Duration minTtl = {}, bool serveStale = false) {
    auto r = std::make_unique<fakes::Resolver>(fakes::ResolverConfig{"r", "1.1.1.1", minTtl, serveStale}, random);
    for (const auto& [name, zone] : store.zones()) r->delegate(name, {{"a1", primary.get()}});
    return r;
  }
  dns::Message ask(fakes::Resolver& r, TimePoint at, const std::string& name = "cat.he.okerr.com") {
    return *r.handle(makeQuery(name, Type::A, true), at);
  }
  fakes::ZoneStore store;
  sim::SeededRandom random{7, 0};
  std::unique_ptr<fakes::AuthServer> primary;
};

TEST_F(ResolverTest, ResolvesAndCachesUntilTheTtlRunsOut) {
  auto r = makeResolver();
  dns::Message first = ask(*r, t0());
  EXPECT_TRUE(first.ra);
  EXPECT_FALSE(first.aa);
  ASSERT_EQ(first.answers.size(), 1u);
  EXPECT_EQ(first.answers[0].ttl, 300u);
  store.set(t0() + 1s, "cat.he.okerr.com", "A", "51.158.104.109", 300);
  dns::Message cached = ask(*r, t0() + 100s);
  EXPECT_EQ(cached.answers[0].data, "116.202.27.149");
  EXPECT_EQ(cached.answers[0].ttl, 200u);  // counts down
  EXPECT_EQ(ask(*r, t0() + 300s).answers[0].data, "51.158.104.109");
  EXPECT_EQ(r->upstreamQueries(), 2u);
}

TEST_F(ResolverTest, MinimumTtlClampKeepsAnswersLonger) {
  auto r = makeResolver(10min);
  ask(*r, t0());
  store.set(t0() + 1s, "cat.he.okerr.com", "A", "51.158.104.109", 300);
  EXPECT_EQ(ask(*r, t0() + 599s).answers[0].data, "116.202.27.149");
  EXPECT_EQ(ask(*r, t0() + 600s).answers[0].data, "51.158.104.109");
}

TEST_F(ResolverTest, NegativeAnswersAreCachedByTheSoa) {
  auto r = makeResolver();
  dns::Message nx = ask(*r, t0(), "dog.he.okerr.com");
  EXPECT_EQ(nx.rcode, Rcode::NxDomain);
  ASSERT_EQ(nx.authority.size(), 1u);
  store.set(t0() + 1s, "dog.he.okerr.com", "A", "192.0.2.9", 300);
  EXPECT_EQ(ask(*r, t0() + 299s, "dog.he.okerr.com").rcode, Rcode::NxDomain);
  EXPECT_EQ(ask(*r, t0() + 300s, "dog.he.okerr.com").rcode, Rcode::NoError);
}

TEST_F(ResolverTest, ServeStaleOnlyWhenUpstreamFails) {
  auto stale = makeResolver({}, true);
  auto strict = makeResolver({}, false);
  ask(*stale, t0());
  ask(*strict, t0());
  primary->setDown(true);
  dns::Message s = ask(*stale, t0() + 400s);
  EXPECT_EQ(s.rcode, Rcode::NoError);
  ASSERT_EQ(s.answers.size(), 1u);
  EXPECT_EQ(s.answers[0].ttl, 30u);
  EXPECT_EQ(ask(*strict, t0() + 400s).rcode, Rcode::ServFail);
}

TEST_F(ResolverTest, PicksAmongServersAtRandomAndSkipsBrokenOnes) {
  fakes::AuthServer broken({"ns2.he.net", "a2", true, {}, {}, {}}, store, random, t0());
  broken.setServfail(true);
  fakes::Resolver r({"r", "8.8.8.8", {}, false}, random);
  r.delegate("he.okerr.com", {{"a1", primary.get()}, {"a2", &broken}});
  int answered = 0;
  for (int i = 0; i < 50; ++i) {
    r.flush();
    answered += ask(r, t0()).rcode == Rcode::NoError;
  }
  EXPECT_GE(answered, 35);  // 3 tries: fails only when all three pick the broken one (1 in 8)
  EXPECT_LT(answered, 50);  // ...which does happen: the pick is random
  EXPECT_GT(broken.queries(), 0u);
  EXPECT_GT(primary->queries(), 0u);
}

TEST_F(ResolverTest, RefusesNothingButAnswersServfailWithoutDelegation) {
  auto r = makeResolver();
  EXPECT_EQ(ask(*r, t0(), "example.com").rcode, Rcode::ServFail);
}

}  // namespace
}  // namespace dnsfailover
