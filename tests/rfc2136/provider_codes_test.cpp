// Goal: every answer the fake primary can give to our signed UPDATE maps to
// the outcome an operator needs (ok / retryable / permanent, with a reason
// and never the secret), the fake applies exactly what was asked (name,
// type, TTL, values; nothing else in the zone moves; one serial step), and
// a lagging secondary serves the change only after its lag.

#include <gtest/gtest.h>

#include "engine/core/base64.h"
#include "engine/providers/rfc2136.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/update_server.h"
#include "sim/seeded_random.h"

namespace dnsfailover {
namespace {

using Kind = PushOutcome::Kind;

const TimePoint kStart = *parseIsoUtc("2026-11-02T00:00:00Z");
constexpr const char* kSecret = "q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE=";

uint64_t secondsOf(TimePoint t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

class UpdateCodes : public ::testing::Test {
 protected:
  void SetUp() override {
    store.addZone("example.com");
    store.set(kStart, "www.example.com", "A", "192.0.2.1", 300);
    store.set(kStart, "www.example.com", "AAAA", "2001:db8::1", 300);
    store.set(kStart, "mail.example.com", "A", "192.0.2.25", 300);
    serverKeys.push_back(key);
  }

  dns::UpdateRequest request(const std::string& address) {
    dns::UpdateRequest r;
    r.id = 0x4242;
    r.zone = "example.com";
    r.name = "www.example.com";
    r.ttl = 120;
    r.addresses = {address};
    return r;
  }

  // One UPDATE signed with `clientKey` at `clientTime`, answered by the
  // fake at `serverTime`, judged by the provider at `serverTime`.
  PushOutcome push(const dns::UpdateRequest& r, const dns::TsigKey& clientKey, TimePoint clientTime,
                   TimePoint serverTime) {
    UpdateSent sent;
    std::string error;
    auto wire = buildSignedUpdate(r, clientKey, secondsOf(clientTime), sent, error);
    EXPECT_TRUE(wire) << error;
    std::optional<std::vector<uint8_t>> reply = fakes::serveUpdate(store, serverKeys, *wire, serverTime);
    EXPECT_TRUE(reply);
    DnsWireResult result = DnsWireResult::success(reply.value_or(std::vector<uint8_t>{}), Duration{3});
    PushOutcome outcome = judgeUpdateReply(result, sent, clientKey, secondsOf(clientTime), "192.0.2.53:53");
    EXPECT_EQ(outcome.message.find(kSecret), std::string::npos) << outcome.message;
    return outcome;
  }
  PushOutcome push(const dns::UpdateRequest& r) { return push(r, key, kStart, kStart); }

  std::vector<std::string> values(const std::string& name, const std::string& type) const {
    std::vector<std::string> out;
    for (const fakes::DnsRecord* r : store.find(name, type)) out.push_back(r->value);
    return out;
  }

  fakes::ZoneStore store;
  dns::TsigKey key{"dnsf", dns::TsigAlgorithm::HmacSha256, *base64Decode(kSecret)};
  std::vector<dns::TsigKey> serverKeys;
};

TEST_F(UpdateCodes, GoodUpdateWritesEveryFieldAndNothingElse) {
  const uint32_t serial = store.findZone("example.com")->serial;
  const size_t changes = store.changes().size();
  PushOutcome outcome = push(request("192.0.2.20"));
  EXPECT_EQ(outcome.kind, Kind::Ok) << outcome.message;
  const auto www = store.find("www.example.com", "A");
  ASSERT_EQ(www.size(), 1u);
  EXPECT_EQ(www[0]->value, "192.0.2.20");
  EXPECT_EQ(www[0]->ttl, 120);
  EXPECT_EQ(www[0]->type, "A");
  EXPECT_EQ(www[0]->name, "www.example.com");
  EXPECT_EQ(values("www.example.com", "AAAA"), std::vector<std::string>{"2001:db8::1"});
  EXPECT_EQ(values("mail.example.com", "A"), std::vector<std::string>{"192.0.2.25"});
  EXPECT_EQ(store.findZone("example.com")->serial, serial + 1);
  EXPECT_EQ(store.changes().size(), changes + 1);
}

TEST_F(UpdateCodes, SeveralAddressesAreOneRrsetAndEmptyWithdraws) {
  dns::UpdateRequest r = request("192.0.2.7");
  r.addresses = {"192.0.2.8", "192.0.2.7"};
  EXPECT_EQ(push(r).kind, Kind::Ok);
  EXPECT_EQ(values("www.example.com", "A"), (std::vector<std::string>{"192.0.2.7", "192.0.2.8"}));
  r.addresses.clear();
  EXPECT_EQ(push(r).kind, Kind::Ok);
  EXPECT_TRUE(values("www.example.com", "A").empty());
  EXPECT_EQ(values("www.example.com", "AAAA"), std::vector<std::string>{"2001:db8::1"});
}

TEST_F(UpdateCodes, SameAddressChangesNothing) {
  dns::UpdateRequest r = request("192.0.2.1");
  r.ttl = 300;
  const uint32_t serial = store.findZone("example.com")->serial;
  EXPECT_EQ(push(r).kind, Kind::Ok);
  EXPECT_EQ(store.findZone("example.com")->serial, serial);
}

TEST_F(UpdateCodes, UnknownKeyIsBadkeyAndPermanent) {
  dns::TsigKey other = key;
  other.name = "intruder";
  const size_t changes = store.changes().size();
  PushOutcome outcome = push(request("192.0.2.20"), other, kStart, kStart);
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("BADKEY"), std::string::npos) << outcome.message;
  EXPECT_EQ(store.changes().size(), changes);
}

TEST_F(UpdateCodes, WrongSecretIsBadsigAndPermanent) {
  dns::TsigKey other = key;
  other.secret[0] ^= 0x55;
  const size_t changes = store.changes().size();
  PushOutcome outcome = push(request("192.0.2.20"), other, kStart, kStart);
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("BADSIG"), std::string::npos) << outcome.message;
  EXPECT_EQ(store.changes().size(), changes);
}

TEST_F(UpdateCodes, ClockSkewIsBadtimeAndRetryable) {
  const size_t changes = store.changes().size();
  PushOutcome outcome = push(request("192.0.2.20"), key, kStart, kStart + std::chrono::minutes{6});
  EXPECT_EQ(outcome.kind, Kind::Retryable);
  EXPECT_NE(outcome.message.find("BADTIME"), std::string::npos) << outcome.message;
  EXPECT_NE(outcome.message.find("+360s"), std::string::npos) << outcome.message;
  EXPECT_EQ(store.changes().size(), changes);
  // Inside the fudge it goes through.
  EXPECT_EQ(push(request("192.0.2.20"), key, kStart, kStart + std::chrono::minutes{4}).kind, Kind::Ok);
}

TEST_F(UpdateCodes, StalePrerequisiteIsRefusedAndChangesNothing) {
  dns::UpdateRequest r = request("192.0.2.30");
  r.prerequisite = std::vector<std::string>{"192.0.2.99"};  // not what the zone holds
  const size_t changes = store.changes().size();
  PushOutcome outcome = push(r);
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("NXRRSET"), std::string::npos) << outcome.message;
  EXPECT_EQ(values("www.example.com", "A"), std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(store.changes().size(), changes);
  r.prerequisite = std::vector<std::string>{"192.0.2.1"};  // what it does hold
  EXPECT_EQ(push(r).kind, Kind::Ok);
  EXPECT_EQ(values("www.example.com", "A"), std::vector<std::string>{"192.0.2.30"});
}

TEST_F(UpdateCodes, NameOutsideTheZoneIsNotzone) {
  dns::UpdateRequest r = request("192.0.2.20");
  r.name = "www.other.org";
  PushOutcome outcome = push(r);
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("NOTZONE"), std::string::npos) << outcome.message;
}

TEST_F(UpdateCodes, UnknownZoneIsNotauth) {
  dns::UpdateRequest r = request("192.0.2.20");
  r.zone = "nosuch.net";
  r.name = "www.nosuch.net";
  PushOutcome outcome = push(r);
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("NOTAUTH"), std::string::npos) << outcome.message;
}

TEST_F(UpdateCodes, UnsignedRequestIsRefused) {
  dns::UpdateRequest r = request("192.0.2.20");
  std::string error;
  auto wire = dns::encodeUpdate(r, error);
  ASSERT_TRUE(wire);
  auto reply = fakes::serveUpdate(store, serverKeys, *wire, kStart);
  ASSERT_TRUE(reply);
  UpdateSent sent{r.id, {}, "www.example.com A 192.0.2.20"};
  PushOutcome outcome = judgeUpdateReply(DnsWireResult::success(*reply, Duration{1}), sent, key, secondsOf(kStart), "ns");
  EXPECT_EQ(outcome.kind, Kind::Permanent);
  EXPECT_NE(outcome.message.find("REFUSED"), std::string::npos) << outcome.message;
  EXPECT_EQ(values("www.example.com", "A"), std::vector<std::string>{"192.0.2.1"});
}

TEST_F(UpdateCodes, RepliesThatCannotBeBelievedAreRetryable) {
  UpdateSent sent;
  std::string error;
  auto wire = buildSignedUpdate(request("192.0.2.20"), key, secondsOf(kStart), sent, error);
  ASSERT_TRUE(wire);
  auto reply = fakes::serveUpdate(store, serverKeys, *wire, kStart);
  ASSERT_TRUE(reply);
  auto judge = [&](std::vector<uint8_t> bytes) {
    return judgeUpdateReply(DnsWireResult::success(std::move(bytes), Duration{1}), sent, key, secondsOf(kStart), "ns");
  };
  EXPECT_EQ(judge(*reply).kind, Kind::Ok);
  std::vector<uint8_t> tampered = *reply;
  tampered[3] = static_cast<uint8_t>((tampered[3] & 0xf0) | 5);  // NOERROR -> REFUSED under the MAC
  EXPECT_EQ(judge(tampered).kind, Kind::Retryable) << judge(tampered).message;
  // A bare NOERROR without TSIG (a spoofer that cannot sign).
  EXPECT_EQ(judge(fakes::bareReply(*wire, 0)).kind, Kind::Retryable);
  // Unsigned SERVFAIL (a server failing before it reads the key).
  PushOutcome servfail = judge(fakes::bareReply(*wire, 2));
  EXPECT_EQ(servfail.kind, Kind::Retryable);
  EXPECT_NE(servfail.message.find("SERVFAIL"), std::string::npos);
  EXPECT_EQ(judge({1, 2, 3}).kind, Kind::Retryable);
  EXPECT_EQ(judgeUpdateReply(DnsWireResult::failure("timed out after 10s", Duration{10000}), sent, key,
                             secondsOf(kStart), "ns")
                .kind,
            Kind::Retryable);
}

TEST(UpdateLag, SecondaryServesTheChangeAfterItsLag) {
  fakes::ZoneStore store;
  store.addZone("example.com");
  store.set(kStart, "www.example.com", "A", "192.0.2.1", 300);
  sim::SeededRandom random(1, 2);
  dns::TsigKey key{"dnsf", dns::TsigAlgorithm::HmacSha256, *base64Decode(kSecret)};
  fakes::AuthServerConfig primaryConfig;
  primaryConfig.name = "ns1.example.com";
  fakes::AuthServer primary(primaryConfig, store, random, kStart);
  primary.acceptUpdatesFrom({key});
  fakes::AuthServerConfig secondaryConfig;
  secondaryConfig.name = "ns2.example.com";
  secondaryConfig.primary = false;
  secondaryConfig.lagMin = secondaryConfig.lagMax = std::chrono::seconds{30};
  fakes::AuthServer secondary(secondaryConfig, store, random, kStart);

  dns::UpdateRequest r;
  r.id = 9;
  r.zone = "example.com";
  r.name = "www.example.com";
  r.ttl = 60;
  r.addresses = {"192.0.2.77"};
  UpdateSent sent;
  std::string error;
  auto wire = buildSignedUpdate(r, key, secondsOf(kStart), sent, error);
  ASSERT_TRUE(wire);
  // A secondary takes no updates.
  auto refused = secondary.handleWire(*wire, kStart);
  ASSERT_TRUE(refused);
  EXPECT_EQ((*refused)[3] & 0x0f, 5);
  auto reply = primary.handleWire(*wire, kStart);
  ASSERT_TRUE(reply);
  EXPECT_EQ(judgeUpdateReply(DnsWireResult::success(*reply, Duration{1}), sent, key, secondsOf(kStart), "ns").kind,
            Kind::Ok);
  auto served = [&](fakes::AuthServer& ns, TimePoint at) {
    dns::Message q;
    q.id = 1;
    q.questions.push_back({"www.example.com", dns::Type::A, dns::kClassIn});
    std::optional<dns::Message> answer = ns.handle(q, at);
    return answer ? dns::answerValues(*answer, "www.example.com", dns::Type::A) : std::vector<std::string>{};
  };
  EXPECT_EQ(served(primary, kStart), std::vector<std::string>{"192.0.2.77"});
  EXPECT_EQ(served(secondary, kStart + std::chrono::seconds{29}), std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(served(secondary, kStart + std::chrono::seconds{30}), std::vector<std::string>{"192.0.2.77"});
  EXPECT_EQ(secondary.serialAt("example.com", kStart + std::chrono::seconds{30}),
            primary.serialAt("example.com", kStart + std::chrono::seconds{30}));
}

}  // namespace
}  // namespace dnsfailover
