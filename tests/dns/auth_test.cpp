// The fake authoritative server: answers like a real one, and secondaries
// follow the primary after their lag.
#include <gtest/gtest.h>

#include "fakes/dns/auth_answer.h"
#include "engine/dns/name_match.h"
#include "fakes/dns/auth_server.h"
#include "sim/seeded_random.h"
#include "tests/dns/dns_test_support.h"

namespace dnsfailover {
namespace {

using dns::Rcode;
using dns::Type;
using testing::makeQuery;
using testing::t0;

class AuthAnswerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::fillCatZones(store);
    identity.nsNames = {"ns1.he.net", "ns2.he.net", "ns3.he.net"};
  }
  dns::Message ask(const std::string& name, Type type) {
    return fakes::answerAuthoritative(store.zones(), identity, makeQuery(name, type));
  }
  fakes::ZoneStore store;
  fakes::AuthIdentity identity;
};

TEST_F(AuthAnswerTest, AnswersARecordAuthoritativelyWithItsTtl) {
  const dns::Message r = ask("cat.he.okerr.com", Type::A);
  EXPECT_TRUE(r.qr);
  EXPECT_TRUE(r.aa);
  EXPECT_EQ(r.id, 4242);
  EXPECT_EQ(r.rcode, Rcode::NoError);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].data, "116.202.27.149");
  EXPECT_EQ(r.answers[0].ttl, 300u);
  EXPECT_TRUE(r.authority.empty());
}

TEST_F(AuthAnswerTest, NamesAreCaseInsensitive) {
  EXPECT_EQ(ask("CAT.He.Okerr.COM.", Type::A).answers.size(), 1u);
}

TEST_F(AuthAnswerTest, NxdomainCarriesTheSoaWithTheNegativeTtl) {
  const dns::Message r = ask("dog.he.okerr.com", Type::A);
  EXPECT_EQ(r.rcode, Rcode::NxDomain);
  EXPECT_TRUE(r.aa);
  EXPECT_TRUE(r.answers.empty());
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type, Type::SOA);
  EXPECT_EQ(r.authority[0].ttl, 300u);
  EXPECT_EQ(r.authority[0].data.rfind("ns1.he.net hostmaster.he.net ", 0), 0u);
}

TEST_F(AuthAnswerTest, NodataIsNoerrorWithSoaForOtherTypesAndEmptyNonTerminals) {
  for (const auto& [name, type] : {std::pair{"cat.he.okerr.com", Type::AAAA}, {"sub.he.okerr.com", Type::A}}) {
    const dns::Message r = ask(name, type);
    EXPECT_EQ(r.rcode, Rcode::NoError) << name;
    EXPECT_TRUE(r.answers.empty()) << name;
    ASSERT_EQ(r.authority.size(), 1u) << name;
    EXPECT_EQ(r.authority[0].type, Type::SOA);
  }
}

TEST_F(AuthAnswerTest, FollowsCnameInsideItsZones) {
  const dns::Message r = ask("www.he.okerr.com", Type::A);
  ASSERT_EQ(r.answers.size(), 2u);
  EXPECT_EQ(r.answers[0].type, Type::CNAME);
  EXPECT_EQ(r.answers[0].data, "cat.he.okerr.com");
  EXPECT_EQ(r.answers[1].data, "116.202.27.149");
  EXPECT_EQ(dns::answerValues(r, "www.he.okerr.com", Type::A), std::vector<std::string>{"116.202.27.149"});
}

TEST_F(AuthAnswerTest, ApexHasSoaAndNsWithGlueFromServedZones) {
  const dns::Message soa = ask("he.okerr.com", Type::SOA);
  ASSERT_EQ(soa.answers.size(), 1u);
  EXPECT_NE(soa.answers[0].data.find(" " + std::to_string(store.findZone("he.okerr.com")->serial) + " "), std::string::npos);
  const dns::Message ns = ask("he.okerr.com", Type::NS);
  ASSERT_EQ(ns.answers.size(), 3u);
  EXPECT_EQ(ns.answers[0].data, "ns1.he.net");
  EXPECT_EQ(ns.additional.size(), 3u);  // ns1..ns3 live in he.net, which we serve
}

TEST_F(AuthAnswerTest, RefusesOutsideItsZonesAndTransfers) {
  EXPECT_EQ(ask("example.com", Type::A).rcode, Rcode::Refused);
  EXPECT_FALSE(ask("example.com", Type::A).aa);
  EXPECT_EQ(ask("he.okerr.com", Type::AXFR).rcode, Rcode::Refused);
  dns::Message chaos = makeQuery("he.okerr.com", Type::A);
  chaos.questions[0].qclass = 3;
  EXPECT_EQ(fakes::answerAuthoritative(store.zones(), identity, chaos).rcode, Rcode::Refused);
}

TEST_F(AuthAnswerTest, FormerrForQueriesWithoutOneQuestionNotimpForOtherOpcodes) {
  dns::Message none = makeQuery("cat.he.okerr.com", Type::A);
  none.questions.clear();
  EXPECT_EQ(fakes::answerAuthoritative(store.zones(), identity, none).rcode, Rcode::FormErr);
  dns::Message two = makeQuery("cat.he.okerr.com", Type::A);
  two.questions.push_back(two.questions[0]);
  EXPECT_EQ(fakes::answerAuthoritative(store.zones(), identity, two).rcode, Rcode::FormErr);
  dns::Message update = makeQuery("cat.he.okerr.com", Type::A);
  update.opcode = 5;
  EXPECT_EQ(fakes::answerAuthoritative(store.zones(), identity, update).rcode, Rcode::NotImp);
}

class SecondaryTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::fillCatZones(store); }
  std::string answer(fakes::AuthServer& s, TimePoint at) {
    auto r = s.handle(makeQuery("cat.he.okerr.com", Type::A), at);
    if (!r) return "(silent)";
    if (r->rcode != Rcode::NoError) return dns::rcodeName(r->rcode);
    return r->answers.empty() ? "" : r->answers[0].data;
  }
  fakes::ZoneStore store;
  sim::SeededRandom random{7, 0};
};

TEST_F(SecondaryTest, PicksUpAChangeExactlyAfterItsLagWithTheSerial) {
  fakes::AuthServer primary({"ns1.he.net", "", true, {}, {}, {}}, store, random, t0());
  fakes::AuthServer secondary({"ns2.he.net", "", false, 30s, 30s, {}}, store, random, t0());
  const uint32_t before = secondary.serialAt("he.okerr.com", t0());
  store.set(t0() + 10s, "cat.he.okerr.com", "A", "51.158.104.109", 300);
  EXPECT_EQ(answer(primary, t0() + 10s), "51.158.104.109");
  EXPECT_EQ(answer(secondary, t0() + 39999ms), "116.202.27.149");
  EXPECT_EQ(secondary.serialAt("he.okerr.com", t0() + 39999ms), before);
  EXPECT_EQ(answer(secondary, t0() + 40s), "51.158.104.109");
  EXPECT_EQ(secondary.serialAt("he.okerr.com", t0() + 40s), before + 1);
}

TEST_F(SecondaryTest, RandomLagsNeverRollBackToAnOlderSerial) {
  // The first change may draw a longer lag than the second; the second
  // must still win once both are due.
  fakes::AuthServer secondary({"ns3.he.net", "", false, 1s, 60s, {}}, store, random, t0());
  store.set(t0(), "cat.he.okerr.com", "A", "10.0.0.1", 300);
  store.set(t0() + 1s, "cat.he.okerr.com", "A", "10.0.0.2", 300);
  EXPECT_EQ(answer(secondary, t0() + 62s), "10.0.0.2");
  EXPECT_EQ(answer(secondary, t0() + 120s), "10.0.0.2");
}

TEST_F(SecondaryTest, FaultKnobs) {
  fakes::AuthServer secondary({"ns2.he.net", "", false, 5s, 5s, {}}, store, random, t0());
  secondary.setStale(true, t0());
  store.set(t0() + 1s, "cat.he.okerr.com", "A", "51.158.104.109", 300);
  EXPECT_EQ(answer(secondary, t0() + 1h), "116.202.27.149");  // stale keeps the old copy
  secondary.setStale(false, t0() + 1h);
  EXPECT_EQ(answer(secondary, t0() + 1h + 4s), "116.202.27.149");
  EXPECT_EQ(answer(secondary, t0() + 1h + 5s), "51.158.104.109");  // refreshed after its lag
  secondary.setServfail(true);
  EXPECT_EQ(answer(secondary, t0() + 2h), "SERVFAIL");
  secondary.setServfail(false);
  secondary.setDown(true);
  EXPECT_EQ(answer(secondary, t0() + 2h), "(silent)");
}

// Goal: a secondary that keeps its answers (they repeat every few seconds)
// gives exactly what answering afresh gives, for each id, RD and EDNS, and
// drops them when a pickup changes its copy.
TEST_F(SecondaryTest, KeptAnswersEqualFreshOnesAndFollowPickups) {
  fakes::AuthIdentity identity;
  fakes::AuthServer secondary({"ns2.he.net", "", false, 10s, 10s, identity}, store, random, t0());
  const fakes::ZoneMap before = store.zones();
  for (const char* name : {"cat.he.okerr.com", "www.he.okerr.com", "he.okerr.com", "nope.he.okerr.com"}) {
    for (int round = 0; round < 3; ++round) {
      dns::Message query = makeQuery(name, round == 1 ? Type::NS : Type::A, round == 2, static_cast<uint16_t>(7 + round));
      if (round == 2) query.ednsUdpSize = 4096;
      const dns::Message fresh = fakes::answerAuthoritative(before, identity, query);
      EXPECT_EQ(secondary.handle(query, t0() + 1s), fresh) << name << " round " << round;
      query.id = 99;  // asked again: kept, with this query's id
      dns::Message again = fakes::answerAuthoritative(before, identity, query);
      EXPECT_EQ(secondary.handle(query, t0() + 2s), again) << name << " round " << round;
    }
  }
  ASSERT_TRUE(store.set(t0() + 5s, "cat.he.okerr.com", "A", "51.158.104.109", 300));
  EXPECT_EQ(answer(secondary, t0() + 14s), "116.202.27.149");
  EXPECT_EQ(answer(secondary, t0() + 15s), "51.158.104.109");
}

TEST(NameTest, SameNameAndIsNormalizedAgreeWithNormalizeName) {
  for (const char* raw : {"cat.he.okerr.com", "Cat.HE.okerr.com.", "cat.he.okerr.com..", "", ".", "cat", "cats"}) {
    const std::string normalized = dns::normalizeName(raw);
    EXPECT_EQ(dns::isNormalizedName(raw), normalized == raw) << raw;
    for (const char* other : {"cat.he.okerr.com", "cat", "", "CAT"}) {
      EXPECT_EQ(dns::sameName(raw, other), normalized == other) << raw << " vs " << other;
    }
  }
}

}  // namespace
}  // namespace dnsfailover
