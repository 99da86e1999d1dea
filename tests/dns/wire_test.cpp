// Wire format with ldns, and the fake's bytes-in/bytes-out door.
#include <gtest/gtest.h>

#include "engine/live/dns_wire.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/fast_wire.h"
#include "fakes/dns/wire_door.h"
#include "sim/seeded_random.h"
#include "tests/dns/dns_test_support.h"

namespace dnsfailover {
namespace {

using dns::Type;
using testing::makeQuery;
using testing::t0;

std::vector<uint8_t> encode(const dns::Message& m) {
  auto wire = live::encodeMessage(m);
  EXPECT_TRUE(wire.has_value());
  return wire.value_or(std::vector<uint8_t>{});
}

dns::Message decode(const std::vector<uint8_t>& wire) {
  auto decoded = live::decodeMessage(wire);
  EXPECT_TRUE(decoded.message.has_value()) << decoded.error;
  return decoded.message.value_or(dns::Message{});
}

TEST(DnsWire, QueryIsTheClassic29BytesAndRoundTrips) {
  dns::Message q = makeQuery("example.com", Type::AAAA, true, 77);
  const auto wire = encode(q);
  EXPECT_EQ(wire.size(), 29u);
  EXPECT_EQ(decode(wire), q);
}

TEST(DnsWire, ReplyWithEveryKindOfRecordRoundTrips) {
  dns::Message r = makeQuery("www.he.okerr.com", Type::A, false, 9);
  r.qr = r.aa = true;
  r.rcode = dns::Rcode::NxDomain;
  r.answers = {{"www.he.okerr.com", Type::CNAME, 60, "cat.he.okerr.com"},
               {"cat.he.okerr.com", Type::A, 300, "116.202.27.149"},
               {"cat.he.okerr.com", Type::AAAA, 300, "2001:db8::1"}};
  r.authority = {{"he.okerr.com", Type::SOA, 300, "ns1.he.net hostmaster.he.net 7 10800 1800 604800 300"},
                 {"he.okerr.com", Type::NS, 86400, "ns1.he.net"}};
  r.additional = {{"ns1.he.net", Type::A, 172800, "216.218.130.2"}};
  r.ednsUdpSize = 1232;
  EXPECT_EQ(decode(encode(r)), r);
}

TEST(DnsWire, JunkIsAnErrorNotACrash) {
  for (const std::vector<uint8_t>& junk :
       {std::vector<uint8_t>{}, std::vector<uint8_t>{1, 2, 3}, std::vector<uint8_t>(12, 0xff),
        std::vector<uint8_t>{0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 63, 'a'}}) {
    const auto decoded = live::decodeMessage(junk);
    EXPECT_FALSE(decoded.message.has_value());
    EXPECT_FALSE(decoded.error.empty());
  }
}

TEST(DnsWire, UnencodableDataIsRefusedNotWritten) {
  dns::Message r = makeQuery("cat.he.okerr.com", Type::A);
  r.answers = {{"cat.he.okerr.com", Type::A, 300, "not-an-address"}};
  EXPECT_FALSE(live::encodeMessage(r).has_value());
}

class WireDoorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::fillCatZones(store);
    // Five strings of 200 characters: an answer over 1000 bytes.
    std::string big;
    for (int i = 0; i < 5; ++i) big += "\"" + std::string(200, static_cast<char>('a' + i)) + "\" ";
    store.set(t0(), "big.he.okerr.com", "TXT", big, 60);
    store.set(t0(), "broken.he.okerr.com", "A", "999.1.2.3", 60);
  }
  dns::Message serve(const dns::Message& q, fakes::DnsTransport t) {
    return decode(fakes::serveWire(server, encode(q), t0(), t));
  }
  fakes::ZoneStore store;
  sim::SeededRandom random{7, 0};
  fakes::AuthServer server{{"ns1.he.net", "", true, {}, {}, {}}, store, random, t0()};
};

TEST_F(WireDoorTest, AnswersOverUdp) {
  const dns::Message r = serve(makeQuery("cat.he.okerr.com", Type::A), fakes::DnsTransport::Udp);
  EXPECT_TRUE(r.aa);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_FALSE(r.tc);
}

TEST_F(WireDoorTest, TruncatesOverUdpBeyond512OrTheEdnsSizeAndAnswersInFullOverTcp) {
  const dns::Message q = makeQuery("big.he.okerr.com", Type::TXT);
  const dns::Message udp = serve(q, fakes::DnsTransport::Udp);
  EXPECT_TRUE(udp.tc);
  EXPECT_TRUE(udp.answers.empty());
  dns::Message edns = q;
  edns.ednsUdpSize = 4096;
  EXPECT_FALSE(serve(edns, fakes::DnsTransport::Udp).tc);
  const dns::Message tcp = serve(q, fakes::DnsTransport::Tcp);
  EXPECT_FALSE(tcp.tc);
  ASSERT_EQ(tcp.answers.size(), 1u);
}

TEST_F(WireDoorTest, FormerrForUndecodableQueriesSilenceForShortOnesAndResponses) {
  std::vector<uint8_t> junk = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 40, 'x'};
  const dns::Message r = decode(fakes::serveWire(server, junk, t0(), fakes::DnsTransport::Udp));
  EXPECT_EQ(r.id, 0x1234);
  EXPECT_EQ(r.rcode, dns::Rcode::FormErr);
  EXPECT_TRUE(fakes::serveWire(server, std::vector<uint8_t>{1, 2, 3}, t0(), fakes::DnsTransport::Udp).empty());
  dns::Message response = makeQuery("cat.he.okerr.com", Type::A);
  response.qr = true;
  EXPECT_TRUE(fakes::serveWire(server, encode(response), t0(), fakes::DnsTransport::Udp).empty());
}

TEST_F(WireDoorTest, BrokenZoneDataGivesServfail) {
  EXPECT_EQ(serve(makeQuery("broken.he.okerr.com", Type::A), fakes::DnsTransport::Udp).rcode, dns::Rcode::ServFail);
}

// Goal: the door's fast path (fakes/dns/fast_wire.h) and the full ldns codec
// agree wherever the fast path takes a message, and it leaves everything odd
// to the full codec. Queries: decoded side by side. Answers: the fast bytes
// decode, with the full codec, to the same message as the full codec's own.
TEST(DnsFastWire, DecodesPlainQueriesAsTheFullCodecDoes) {
  std::vector<dns::Message> queries;
  for (Type type : {Type::A, Type::AAAA, Type::NS, Type::SOA, Type::MX, Type::TXT, Type::ANY, Type::AXFR}) {
    queries.push_back(makeQuery("cat.he.okerr.com", type, type == Type::A, 7));
  }
  queries.push_back(makeQuery("", Type::NS));  // the root
  queries.push_back(makeQuery("_dmarc.x-1.he.okerr.com", Type::TXT, true, 65535));
  dns::Message edns = makeQuery("cat.he.okerr.com", Type::A);
  edns.ednsUdpSize = 4096;
  queries.push_back(edns);
  edns.ednsUdpSize = 0;
  queries.push_back(edns);
  for (const dns::Message& q : queries) {
    const std::vector<uint8_t> wire = encode(q);
    const std::optional<dns::Message> fast = fakes::decodeSimpleQuery(wire);
    ASSERT_TRUE(fast.has_value()) << q.questions[0].name << " " << dns::typeName(q.questions[0].type);
    EXPECT_EQ(*fast, decode(wire)) << q.questions[0].name << " " << dns::typeName(q.questions[0].type);
  }
}

TEST(DnsFastWire, LeavesOddQueriesToTheFullCodec) {
  const std::vector<uint8_t> plain = encode(makeQuery("cat.he.okerr.com", Type::A));
  ASSERT_TRUE(fakes::decodeSimpleQuery(plain).has_value());
  std::vector<uint8_t> upper = plain;
  upper[13] = 'C';  // "Cat": both paths lower-case names, so the fast one may take it
  ASSERT_TRUE(fakes::decodeSimpleQuery(upper).has_value());
  EXPECT_EQ(*fakes::decodeSimpleQuery(upper), decode(upper));
  std::vector<uint8_t> trailing = plain;
  trailing.push_back(0);
  EXPECT_FALSE(fakes::decodeSimpleQuery(trailing).has_value());
  dns::Message two = makeQuery("cat.he.okerr.com", Type::A);
  two.questions.push_back(two.questions[0]);
  EXPECT_FALSE(fakes::decodeSimpleQuery(encode(two)).has_value());
  dns::Message response = makeQuery("cat.he.okerr.com", Type::A);
  response.qr = true;
  EXPECT_FALSE(fakes::decodeSimpleQuery(encode(response)).has_value());
  std::vector<uint8_t> escaped = plain;
  escaped[14] = ' ';  // a space inside a label: ldns writes it escaped
  EXPECT_FALSE(fakes::decodeSimpleQuery(escaped).has_value());
  EXPECT_FALSE(fakes::decodeSimpleQuery(std::vector<uint8_t>(plain.begin(), plain.begin() + 11)).has_value());
}

TEST_F(WireDoorTest, FastAnswersDecodeToTheFullCodecsAnswers) {
  store.set(t0(), "mx.he.okerr.com", "MX", "10 mail.he.okerr.com", 300);
  store.set(t0(), "v6.he.okerr.com", "AAAA", "2001:db8::7", 300);
  int fast = 0;
  for (const auto& [name, type] : std::vector<std::pair<std::string, Type>>{
           {"cat.he.okerr.com", Type::A}, {"www.he.okerr.com", Type::A}, {"he.okerr.com", Type::NS},
           {"he.okerr.com", Type::SOA}, {"missing.he.okerr.com", Type::A}, {"cat.he.okerr.com", Type::AAAA},
           {"mx.he.okerr.com", Type::MX}, {"v6.he.okerr.com", Type::AAAA}, {"elsewhere.example", Type::A},
           {"big.he.okerr.com", Type::TXT}, {"broken.he.okerr.com", Type::A}}) {
    dns::Message q = makeQuery(name, type, true, 99);
    q.ednsUdpSize = 1232;
    const std::optional<dns::Message> reply = server.handle(q, t0());
    ASSERT_TRUE(reply.has_value()) << name;
    const std::optional<std::vector<uint8_t>> full = live::encodeMessage(*reply);
    const std::optional<std::vector<uint8_t>> mine = fakes::encodeSimpleReply(*reply);
    if (!mine) continue;  // TXT data and broken values: the full codec's business
    ++fast;
    ASSERT_TRUE(full.has_value()) << name;
    EXPECT_EQ(decode(*mine), decode(*full)) << name << " " << dns::typeName(type);
    EXPECT_LE(mine->size(), full->size()) << name << ": compressed no worse than ldns";
  }
  EXPECT_GE(fast, 9);
}

}  // namespace
}  // namespace dnsfailover
