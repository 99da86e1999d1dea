// Goal: the RFC 2136 cases only this provider has, through both doors (the
// simulated DNS network and the live client over loopback against the fake
// primary's UDP/TCP door): a good update writes exactly the name, type,
// TTL and address and leaves the name's other types and the zone's other
// names alone; an unknown key is BADKEY, a name outside the zone NOTZONE,
// and a stale compare-and-swap prerequisite NXRRSET, each permanent and
// each changing nothing.

#include <gtest/gtest.h>

#include "engine/providers/provider_factory.h"
#include "sim/seeded_random.h"
#include "tests/providers/kits.h"
#include "tests/providers/sim_transport.h"
#ifdef DNSFAILOVER_LIVE_TRANSPORT
#include "tests/providers/live_transport.h"
#endif

namespace dnsfailover::test {
namespace {

class KitSecrets final : public Secrets {
 public:
  std::map<std::string, std::string> values;
  SecretLookup resolve(const CredentialRef& ref) override {
    auto it = values.find(ref.name);
    if (it == values.end()) return {std::nullopt, "no secret " + ref.name};
    return {it->second, {}};
  }
};

template <typename TransportT>
class Rfc2136Conformance : public ::testing::Test {
 protected:
  void SetUp() override {
    kit_ = makeRfc2136Kit();
    kit_->install(transport_, store_);
    scheme_ = kit_->scheme();
    secrets_.values = kit_->secrets();
    const TimePoint now = transport_.scheduler().now();
    store_.set(now, Kit::kFqdn, "A", "192.0.2.1", 300);
    store_.set(now, Kit::kFqdn, "AAAA", "2001:db8::1", 300);
    store_.set(now, Kit::kFqdn, "TXT", "\"keep me\"", 300);
    store_.set(now, "mail.example.com", "A", "192.0.2.25", 300);
  }
  void TearDown() override {
    provider_.reset();
    transport_.shutdown();
  }

  PushOutcome push(RecordSet records) {
    if (!provider_) {
      provider_ = makeProvider(scheme_, transport_.http(), secrets_, transport_.scheduler(), &transport_.dns(), &random_);
    }
    std::optional<PushOutcome> outcome;
    provider_->setRecords(records, [&](PushOutcome o) { outcome = std::move(o); });
    transport_.runUntil([&] { return outcome.has_value(); }, std::chrono::minutes{2});
    EXPECT_TRUE(outcome) << "no outcome";
    PushOutcome result = outcome.value_or(PushOutcome{});
    EXPECT_EQ(result.message.find(kit_->secret()), std::string::npos) << result.message;
    return result;
  }

  std::vector<std::string> values(const std::string& name, const std::string& type) const {
    std::vector<std::string> out;
    for (const fakes::DnsRecord* r : store_.find(name, type)) out.push_back(r->value);
    return out;
  }
  void expectOthersUntouched() const {
    EXPECT_EQ(values(Kit::kFqdn, "AAAA"), std::vector<std::string>{"2001:db8::1"});
    EXPECT_EQ(values(Kit::kFqdn, "TXT"), std::vector<std::string>{"\"keep me\""});
    EXPECT_EQ(values("mail.example.com", "A"), std::vector<std::string>{"192.0.2.25"});
  }

  TransportT transport_;
  fakes::ZoneStore store_;
  std::unique_ptr<Kit> kit_;
  SchemeConfig scheme_;
  KitSecrets secrets_;
  sim::SeededRandom random_{5, 11};
  std::unique_ptr<Provider> provider_;
};

using Transports = ::testing::Types<SimTransport
#ifdef DNSFAILOVER_LIVE_TRANSPORT
                                    ,
                                    LiveHttpTransport
#endif
                                    >;
class TransportNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
TYPED_TEST_SUITE(Rfc2136Conformance, Transports, TransportNames);

TYPED_TEST(Rfc2136Conformance, GoodUpdateWritesEveryFieldAndNothingElse) {
  const uint32_t serial = this->store_.findZone(Kit::kZone)->serial;
  PushOutcome outcome = this->push({RecordType::A, {"192.0.2.20"}});
  ASSERT_TRUE(outcome.ok()) << outcome.message;
  const auto www = this->store_.find(Kit::kFqdn, "A");
  ASSERT_EQ(www.size(), 1u);
  EXPECT_EQ(www[0]->name, Kit::kFqdn);
  EXPECT_EQ(www[0]->type, "A");
  EXPECT_EQ(www[0]->value, "192.0.2.20");
  EXPECT_EQ(www[0]->ttl, this->scheme_.ttl);
  EXPECT_EQ(this->store_.findZone(Kit::kZone)->serial, serial + 1);
  this->expectOthersUntouched();
  // Several addresses are one RRset; an empty set withdraws only the A RRset.
  ASSERT_TRUE(this->push({RecordType::A, {"192.0.2.21", "192.0.2.22"}}).ok());
  EXPECT_EQ(this->values(Kit::kFqdn, "A"), (std::vector<std::string>{"192.0.2.21", "192.0.2.22"}));
  ASSERT_TRUE(this->push({RecordType::A, {}}).ok());
  EXPECT_TRUE(this->values(Kit::kFqdn, "A").empty());
  this->expectOthersUntouched();
}

TYPED_TEST(Rfc2136Conformance, UnknownKeyIsBadkeyAndChangesNothing) {
  this->scheme_.rfc2136.keyName = "intruder";
  const size_t changes = this->store_.changes().size();
  PushOutcome outcome = this->push({RecordType::A, {"192.0.2.30"}});
  EXPECT_EQ(outcome.kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcome.message.find("BADKEY"), std::string::npos) << outcome.message;
  EXPECT_EQ(this->store_.changes().size(), changes);
}

TYPED_TEST(Rfc2136Conformance, NameOutsideTheZoneIsNotzone) {
  this->scheme_.fqdn = "www.other.org";
  PushOutcome outcome = this->push({RecordType::A, {"192.0.2.31"}});
  EXPECT_EQ(outcome.kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcome.message.find("NOTZONE"), std::string::npos) << outcome.message;
}

TYPED_TEST(Rfc2136Conformance, StalePrerequisiteIsRefusedAndChangesNothing) {
  this->scheme_.rfc2136.compareAndSwap = true;
  ASSERT_TRUE(this->push({RecordType::A, {"192.0.2.40"}}).ok());
  ASSERT_TRUE(this->push({RecordType::A, {"192.0.2.41"}}).ok());  // prerequisite .40 holds
  // Someone else changes the record behind our back.
  this->store_.replaceSet(this->transport_.scheduler().now(), Kit::kFqdn, "A", {"198.51.100.9"}, 300);
  const size_t changes = this->store_.changes().size();
  PushOutcome outcome = this->push({RecordType::A, {"192.0.2.42"}});
  EXPECT_EQ(outcome.kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcome.message.find("NXRRSET"), std::string::npos) << outcome.message;
  EXPECT_EQ(this->values(Kit::kFqdn, "A"), std::vector<std::string>{"198.51.100.9"});
  EXPECT_EQ(this->store_.changes().size(), changes);
  this->expectOthersUntouched();
}

}  // namespace
}  // namespace dnsfailover::test
