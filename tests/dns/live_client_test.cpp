// The live DnsClient against the fake's network door on 127.0.0.1: answers,
// rcodes, TCP fallback after truncation, timeouts, refused ports and
// malformed replies, and no result after the client is gone.
#include <utility>  // first: Boost 1.74's asio misses it under C++20

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <thread>

#include "engine/live/dns_client.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/net/dns_server.h"
#include "sim/seeded_random.h"
#include "tests/dns/dns_test_support.h"

namespace dnsfailover {
namespace {

namespace asio = boost::asio;
using dns::Type;
using testing::t0;

TimePoint wallNow() { return std::chrono::floor<Duration>(std::chrono::system_clock::now()); }

class LiveDnsClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::fillCatZones(store);
    std::string big;
    for (int i = 0; i < 8; ++i) big += "\"" + std::string(200, static_cast<char>('a' + i)) + "\" ";
    store.set(t0(), "big.he.okerr.com", "TXT", big, 60);
    door = std::make_unique<fakes::DnsNetServer>(io, server, "127.0.0.1", 0, wallNow);
  }

  DnsResult run(DnsQuery q) {
    std::optional<DnsResult> result;
    client.query(std::move(q), [&](DnsResult r) { result = std::move(r); });
    EXPECT_FALSE(result.has_value()) << "done ran inside query()";
    io.restart();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{10};
    while (!result && std::chrono::steady_clock::now() < deadline) io.run_one_for(std::chrono::milliseconds{50});
    EXPECT_TRUE(result.has_value());
    return result.value_or(DnsResult::failure("no result", {}));
  }
  DnsQuery query(const std::string& name, Type type = Type::A) {
    return {"127.0.0.1", door->port(), name, type, false, std::chrono::seconds{2}};
  }

  asio::io_context io;
  fakes::ZoneStore store;
  sim::SeededRandom random{7, 0};
  fakes::AuthServer server{{"ns1.he.net", "", true, {}, {}, {}}, store, random, t0()};
  std::unique_ptr<fakes::DnsNetServer> door;
  live::AsioDnsClient client{io, random};
};

TEST_F(LiveDnsClientTest, AnswerWithFlagsAndTtl) {
  const DnsResult r = run(query("cat.he.okerr.com"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.reply->aa);
  EXPECT_EQ(r.reply->rcode, dns::Rcode::NoError);
  ASSERT_EQ(r.reply->answers.size(), 1u);
  EXPECT_EQ(r.reply->answers[0].data, "116.202.27.149");
  EXPECT_EQ(r.reply->answers[0].ttl, 300u);
}

TEST_F(LiveDnsClientTest, NxdomainAndRefusedAreReplies) {
  const DnsResult nx = run(query("dog.he.okerr.com"));
  ASSERT_TRUE(nx.ok());
  EXPECT_EQ(nx.reply->rcode, dns::Rcode::NxDomain);
  EXPECT_EQ(nx.reply->authority.at(0).type, Type::SOA);
  const DnsResult refused = run(query("example.com"));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused.reply->rcode, dns::Rcode::Refused);
}

TEST_F(LiveDnsClientTest, FallsBackToTcpWhenTruncated) {
  const DnsResult r = run(query("big.he.okerr.com", Type::TXT));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.reply->tc);
  ASSERT_EQ(r.reply->answers.size(), 1u);
  EXPECT_GT(r.reply->answers[0].data.size(), 1600u);
  EXPECT_EQ(door->tcpQueries(), 1u);
}

TEST_F(LiveDnsClientTest, SilentServerTimesOut) {
  server.setDown(true);
  DnsQuery q = query("cat.he.okerr.com");
  q.timeout = std::chrono::milliseconds{300};
  const DnsResult r = run(q);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("timed out after", 0), 0u) << r.error;
  EXPECT_GE(r.latency, std::chrono::milliseconds{300});
}

TEST_F(LiveDnsClientTest, ClosedPortIsRefused) {
  DnsQuery q = query("cat.he.okerr.com");
  door->stop();
  const DnsResult r = run(q);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("refused"), std::string::npos) << r.error;
}

TEST_F(LiveDnsClientTest, MalformedReplyIsAnError) {
  // A server that answers every datagram with the query's id and junk.
  asio::ip::udp::socket liar(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::array<uint8_t, 512> in{};
  asio::ip::udp::endpoint peer;
  liar.async_receive_from(asio::buffer(in), peer, [&](boost::system::error_code ec, size_t) {
    if (ec) return;
    const std::vector<uint8_t> junk = {in[0], in[1], 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 60, 'x', 'y'};
    liar.send_to(asio::buffer(junk), peer);
  });
  DnsQuery q = query("cat.he.okerr.com");
  q.port = liar.local_endpoint().port();
  const DnsResult r = run(q);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("malformed reply"), std::string::npos) << r.error;
}

TEST_F(LiveDnsClientTest, BadServerAddressIsAnError) {
  DnsQuery q = query("cat.he.okerr.com");
  q.server = "not-an-ip";
  const DnsResult r = run(q);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.error.find("not an IP address"), std::string::npos);
}

// Goal: a query still running when its client is destroyed never calls
// back (the owner may be gone too), even when its timeout fires later.
TEST_F(LiveDnsClientTest, DestroyingTheClientDropsQueriesInFlight) {
  server.setDown(true);
  bool called = false;
  {
    live::AsioDnsClient doomed{io, random};
    DnsQuery q = query("cat.he.okerr.com");
    q.timeout = std::chrono::milliseconds{100};
    doomed.query(q, [&](DnsResult) { called = true; });
    io.restart();
    io.run_for(std::chrono::milliseconds{20});  // query under way
  }
  io.restart();
  io.run_for(std::chrono::milliseconds{300});  // its timeout passes with the client gone
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace dnsfailover
