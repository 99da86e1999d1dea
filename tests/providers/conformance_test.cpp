// The provider conformance suite: every case runs the real Syncer and the
// real provider client against the in-process fake, over each transport.
// A case is written once; the type list below pairs transports with
// provider kits: the simulated network, and the live client over loopback
// sockets against the fakes' network doors (live_transport.h, on a clock
// that runs LiveTransport::kSpeed times faster than the wall clock, so the
// waits below are checked in the same units and cost seconds).

#include <gtest/gtest.h>

#include <memory>

#include "engine/providers/provider_factory.h"
#include "engine/syncer/syncer.h"
#include "sim/seeded_random.h"
#include "tests/providers/kits.h"
#include "tests/providers/sim_transport.h"
#ifdef DNSFAILOVER_LIVE_TRANSPORT
#include "tests/providers/live_transport.h"
#endif

namespace dnsfailover::test {
namespace {

class MapSecrets final : public Secrets {
 public:
  std::map<std::string, std::string> values;
  SecretLookup resolve(const CredentialRef& ref) override {
    auto it = values.find(ref.name);
    if (it == values.end()) return {std::nullopt, "no secret " + ref.name};
    return {it->second, {}};
  }
};

class RecordingSink final : public TraceSink {
 public:
  std::vector<TraceEvent> events;
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<const TraceEvent*> pushes() const {
    std::vector<const TraceEvent*> out;
    for (const auto& e : events) {
      if (e.type == EventType::Push) out.push_back(&e);
    }
    return out;
  }
  // Every text the trace holds, for the leak checks.
  std::string allText() const {
    std::string out;
    for (const auto& e : events) {
      for (const auto& [key, value] : e.fields) {
        if (const auto* s = std::get_if<std::string>(&value)) out += key + "=" + *s + "\n";
      }
    }
    return out;
  }
};

template <typename TransportT, typename KitT>
struct Combo {
  using Transport = TransportT;
  using Kit = KitT;
};

template <typename C>
class ProviderConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    kit_ = C::Kit::make();
    kit_->install(transport_, store_);
    store_.addZone(Kit::kZone);
    scheme_ = kit_->scheme();
    secrets_.values = kit_->secrets();
  }
  // The live transport's servers call into the fake from their threads:
  // stop them while the kit and the store still exist.
  void TearDown() override {
    syncer_.reset();
    provider_.reset();
    transport_.shutdown();
  }

  // Builds the provider and syncer from the (possibly altered) scheme and
  // secrets, exactly as the engine does.
  Syncer& syncer() {
    if (!syncer_) {
      provider_ = makeProvider(scheme_, transport_.http(), secrets_, transport_.scheduler(), &transport_.dns(),
                               &random_);
      syncer_ = std::make_unique<Syncer>(scheme_.name, *provider_, scheme_.pushBackoff, transport_.scheduler(),
                                         trace_);
    }
    return *syncer_;
  }

  void seed(const std::string& value) {
    store_.set(transport_.scheduler().now(), scheme_.fqdn, "A", value, scheme_.ttl);
  }
  std::optional<std::string> held() const { return store_.firstValue(scheme_.fqdn, "A"); }

  // Pushes `address` and runs until it is synced or `limit` passes.
  bool pushUntilSynced(const std::string& address, Duration limit = std::chrono::minutes{10}) {
    Syncer& s = syncer();
    s.setDesired(RecordType::A, address);
    return transport_.runUntil([&] { return s.status() == SyncStatus::Synced; }, limit);
  }
  // Pushes `address` and runs until the first attempt has finished.
  const TraceEvent& pushOnce(const std::string& address) {
    Syncer& s = syncer();
    const size_t before = trace_.pushes().size();
    s.setDesired(RecordType::A, address);
    transport_.runUntil([&] { return trace_.pushes().size() > before; }, std::chrono::minutes{2});
    EXPECT_GT(trace_.pushes().size(), before) << "no push finished";
    return *trace_.pushes().back();
  }

  void expectNoLeak() {
    const std::string secret = kit_->secret();
    EXPECT_EQ(trace_.allText().find(secret), std::string::npos) << trace_.allText();
    EXPECT_EQ(syncer().lastError().find(secret), std::string::npos) << syncer().lastError();
    EXPECT_EQ(syncer().lastReply().find(secret), std::string::npos) << syncer().lastReply();
  }

  typename C::Transport transport_;
  fakes::ZoneStore store_;
  std::unique_ptr<Kit> kit_;
  SchemeConfig scheme_;
  MapSecrets secrets_;
  RecordingSink trace_;
  sim::SeededRandom random_{3, 9};
  std::unique_ptr<Provider> provider_;
  std::unique_ptr<Syncer> syncer_;
};

// Live: Cloudflare is HTTPS only; HE is reached over both.
using Combos = ::testing::Types<Combo<SimTransport, CloudflareTokenKit>, Combo<SimTransport, CloudflareKeyKit>,
                                Combo<SimTransport, HeKit>, Combo<SimTransport, Rfc2136Kit>
#ifdef DNSFAILOVER_LIVE_TRANSPORT
                                ,
                                Combo<LiveHttpsTransport, CloudflareTokenKit>,
                                Combo<LiveHttpsTransport, CloudflareKeyKit>, Combo<LiveHttpsTransport, HeKit>,
                                Combo<LiveHttpTransport, HeKit>, Combo<LiveHttpTransport, Rfc2136Kit>
#endif
                                >;

class ComboNames {
 public:
  template <typename C>
  static std::string GetName(int) {
    return std::string(C::Transport::kName) + "_" + C::Kit::make()->name();
  }
};

TYPED_TEST_SUITE(ProviderConformance, Combos, ComboNames);

TYPED_TEST(ProviderConformance, CreatesMissingRecord) {
  ASSERT_FALSE(this->held());
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.10"));
  EXPECT_EQ(this->held(), "192.0.2.10");
  EXPECT_EQ(this->kit_->writes(), 1);
}

TYPED_TEST(ProviderConformance, UpdatesExistingRecord) {
  this->seed("192.0.2.1");
  const int before = this->kit_->writes();
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.20"));
  EXPECT_EQ(this->held(), "192.0.2.20");
  EXPECT_EQ(this->kit_->writes(), before + 1);
  // A second change reuses what the first one learned (cached ids).
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.21"));
  EXPECT_EQ(this->held(), "192.0.2.21");
}

TYPED_TEST(ProviderConformance, NoChangeIsSuccessWithoutAWrite) {
  this->seed("192.0.2.30");
  const int before = this->kit_->writes();
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.30"));
  EXPECT_EQ(this->held(), "192.0.2.30");
  EXPECT_EQ(this->kit_->writes(), before);
}

TYPED_TEST(ProviderConformance, BadCredentialsArePermanent) {
  this->kit_->useWrongCredentials(this->secrets_.values);
  this->kit_->knobs().echoCredential = true;  // and the server quotes them back
  const TraceEvent& push = this->pushOnce("192.0.2.40");
  EXPECT_FALSE(push.flag(field::ok));
  EXPECT_TRUE(push.flag(field::permanent)) << push.text(field::reply);
  // Permanent failures wait the slow end of the backoff schedule.
  EXPECT_GE(push.number(field::retryInS).value_or(-1), 7200.0);
  EXPECT_EQ(this->syncer().status(), SyncStatus::Retry);
  EXPECT_FALSE(this->held());
  const std::string wrong = this->secrets_.values["PROVIDER_SECRET"];
  EXPECT_EQ(this->trace_.allText().find(wrong), std::string::npos) << this->trace_.allText();
}

TYPED_TEST(ProviderConformance, UnknownZoneIsPermanent) {
  this->kit_->useUnknownZone(this->scheme_);
  const TraceEvent& push = this->pushOnce("192.0.2.50");
  EXPECT_FALSE(push.flag(field::ok));
  EXPECT_TRUE(push.flag(field::permanent)) << push.text(field::reply);
}

TYPED_TEST(ProviderConformance, RecreatesRecordDeletedBehindItsBack) {
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.60"));
  ASSERT_TRUE(this->store_.remove(this->transport_.scheduler().now(), this->scheme_.fqdn, "A"));
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.61"));
  EXPECT_EQ(this->held(), "192.0.2.61");
  EXPECT_EQ(this->syncer().consecutiveFailures(), 0);
}

TYPED_TEST(ProviderConformance, InvalidContentIsRefused) {
  this->seed("192.0.2.70");
  this->kit_->knobs().echoCredential = true;
  const TraceEvent& push = this->pushOnce("192.0.2.300");
  EXPECT_FALSE(push.flag(field::ok));
  EXPECT_EQ(push.flag(field::permanent), this->kit_->invalidContentIsPermanent()) << push.text(field::reply);
  EXPECT_EQ(this->held(), "192.0.2.70");
  this->expectNoLeak();
}

TYPED_TEST(ProviderConformance, RateLimitIsWaitedOut) {
  if (!this->kit_->rateLimited()) GTEST_SKIP() << this->kit_->name() << " has no rate limit";
  this->seed("192.0.2.80");
  const TimePoint start = this->transport_.scheduler().now();
  this->kit_->throttle(start, std::chrono::seconds{90});
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.81", std::chrono::minutes{30}));
  const auto pushes = this->trace_.pushes();
  ASSERT_GE(pushes.size(), 2u);
  const TraceEvent& first = *pushes.front();
  EXPECT_FALSE(first.flag(field::ok));
  EXPECT_FALSE(first.flag(field::permanent));
  // The provider asked for at least the rest of the window, and the syncer
  // did not try again before that.
  EXPECT_GE(first.number(field::retryInS).value_or(-1), 89.0) << first.text(field::reply);
  EXPECT_GE(pushes[1]->t - first.t, std::chrono::seconds{89});
  EXPECT_GE(pushes[1]->t, start + std::chrono::seconds{90});
  EXPECT_EQ(this->held(), "192.0.2.81");
}

TYPED_TEST(ProviderConformance, ServerErrorsThenSuccess) {
  this->seed("192.0.2.90");
  this->kit_->knobs().failNext = 2;
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.91"));
  const auto pushes = this->trace_.pushes();
  ASSERT_EQ(pushes.size(), 3u);
  EXPECT_FALSE(pushes[0]->flag(field::permanent)) << pushes[0]->text(field::reply);
  EXPECT_FALSE(pushes[1]->flag(field::permanent)) << pushes[1]->text(field::reply);
  EXPECT_NE(pushes[0]->text(field::reply).find(this->kit_->serverErrorText()), std::string::npos)
      << pushes[0]->text(field::reply);
  // okerr's schedule: the 1st retry at once, the 2nd after 30 s.
  EXPECT_GE(pushes[2]->t - pushes[1]->t, std::chrono::seconds{30});
  EXPECT_EQ(this->held(), "192.0.2.91");
}

TYPED_TEST(ProviderConformance, TimeoutThenSuccess) {
  this->seed("192.0.2.100");
  this->transport_.blackhole(this->kit_->address(), std::chrono::seconds{5});
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.101"));
  const auto pushes = this->trace_.pushes();
  ASSERT_EQ(pushes.size(), 2u);
  EXPECT_FALSE(pushes[0]->flag(field::permanent));
  EXPECT_NE(pushes[0]->text(field::reply).find("timed out"), std::string::npos) << pushes[0]->text(field::reply);
  EXPECT_EQ(this->held(), "192.0.2.101");
}

TYPED_TEST(ProviderConformance, CredentialNeverLeaksOnFailures) {
  this->kit_->knobs().echoCredential = true;
  this->kit_->knobs().failNext = 1;
  this->kit_->knobs().htmlErrors = false;
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.110"));
  this->syncer().setDesired(RecordType::A, "bad address");
  this->transport_.runUntil([] { return false; }, std::chrono::minutes{1});
  EXPECT_FALSE(this->syncer().lastError().empty());
  this->expectNoLeak();
}

// Field by field, at the fake: what a push writes (content, type, name,
// TTL where the provider takes one) and what it leaves as the operator set
// it (proxied, comment, tags, the TTL otherwise, other records of the name).

// The line fieldsAt() shows for `line` with its content replaced.
std::string withContent(const std::string& line, const std::string& from, const std::string& to) {
  std::string out = line;
  const size_t at = out.find(" " + from + " ");
  if (at != std::string::npos) out.replace(at + 1, from.size(), to);
  return out;
}

TYPED_TEST(ProviderConformance, PushWritesOnlyTheContentOfItsRecord) {
  if (!this->kit_->keepsRecordObjects()) {
    GTEST_SKIP() << this->kit_->name() << " replaces whole RRsets; its own suite checks every field it writes";
  }
  const TimePoint now = this->transport_.scheduler().now();
  this->kit_->seedOperatorRecord(now, "A", "192.0.2.1", 300);
  this->kit_->seedOperatorRecord(now, "AAAA", "2001:db8::1", 300);
  this->kit_->seedOperatorRecord(now, "TXT", "v=spf1 -all", 300);
  const std::vector<std::string> before = this->kit_->fieldsAt(Kit::kFqdn);
  ASSERT_EQ(before.size(), 3u);
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.2"));
  std::vector<std::string> want = before;
  for (std::string& line : want) {
    if (line.starts_with("A ")) line = withContent(line, "192.0.2.1", "192.0.2.2");
  }
  std::sort(want.begin(), want.end());
  // Type, name, TTL, proxied, comment and tags of the A record stay; the
  // AAAA and TXT records of the name are not touched.
  EXPECT_EQ(this->kit_->fieldsAt(Kit::kFqdn), want);
}

TYPED_TEST(ProviderConformance, SchemeTtlIsWrittenWhereTheProviderTakesOne) {
  if (!this->kit_->keepsRecordObjects()) {
    GTEST_SKIP() << this->kit_->name() << " replaces whole RRsets; its own suite checks every field it writes";
  }
  this->kit_->seedOperatorRecord(this->transport_.scheduler().now(), "A", "192.0.2.1", 300);
  this->scheme_.ttl = 600;
  this->scheme_.ttlSet = true;
  ASSERT_TRUE(this->pushUntilSynced("192.0.2.3"));
  const std::vector<std::string> after = this->kit_->fieldsAt(Kit::kFqdn);
  ASSERT_EQ(after.size(), 1u);
  const std::string ttl = this->kit_->writesTtl() ? "ttl=600" : "ttl=300";
  EXPECT_NE(after[0].find("A www.example.com 192.0.2.3 " + ttl), std::string::npos) << after[0];
  if (this->kit_->writesTtl()) {
    EXPECT_NE(after[0].find("proxied=true"), std::string::npos) << "the TTL rides along, proxied stays: " << after[0];
  }
}

TYPED_TEST(ProviderConformance, AaaaPushWritesTheAaaaRecordOnly) {
  const TimePoint now = this->transport_.scheduler().now();
  this->kit_->seedOperatorRecord(now, "A", "192.0.2.1", 300);
  Syncer& s = this->syncer();
  s.setDesired(RecordType::AAAA, "2001:db8::5");
  ASSERT_TRUE(this->transport_.runUntil([&] { return s.status() == SyncStatus::Synced; }, std::chrono::minutes{10}));
  const std::vector<std::string> after = this->kit_->fieldsAt(Kit::kFqdn);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_TRUE(after[0].starts_with("A www.example.com 192.0.2.1 ttl=300")) << after[0];
  EXPECT_TRUE(after[1].starts_with("AAAA www.example.com 2001:db8::5 ")) << after[1];
  EXPECT_EQ(this->store_.rrsetValue(Kit::kFqdn, "AAAA"), "2001:db8::5");
}

TYPED_TEST(ProviderConformance, SeveralAddressesLeaveRecordsTheSchemeDoesNotOwn) {
  if (!this->kit_->keepsRecordObjects()) {
    GTEST_SKIP() << this->kit_->name() << " replaces whole RRsets; its own suite checks every field it writes";
  }
  const TimePoint now = this->transport_.scheduler().now();
  this->kit_->seedOperatorRecord(now, "A", "198.51.100.7", 300);  // an operator's, not a member
  this->scheme_.answer.mode = AnswerMode::AllHealthy;
  for (const char* a : {"192.0.2.1", "192.0.2.2", "192.0.2.3"}) {
    this->scheme_.members.push_back({"m" + std::string(a), 100 - static_cast<int>(this->scheme_.members.size()), a});
  }
  Syncer& s = this->syncer();
  auto push = [&](std::vector<std::string> addresses) {
    s.setDesired(RecordSets{{RecordType::A, std::move(addresses)}});
    this->transport_.runUntil([&] { return !s.inFlight() && !this->trace_.pushes().empty(); }, std::chrono::minutes{2});
    return this->transport_.runUntil([&] { return s.status() == SyncStatus::Synced; }, std::chrono::minutes{2});
  };
  if (!this->kit_->holdsSeveral()) {
    const int before = this->kit_->writes();
    EXPECT_FALSE(push({"192.0.2.1", "192.0.2.2"}));
    ASSERT_FALSE(this->trace_.pushes().empty());
    EXPECT_TRUE(this->trace_.pushes().back()->flag(field::permanent));
    EXPECT_EQ(this->kit_->writes(), before) << "refused without calling the provider";
    return;
  }
  ASSERT_TRUE(push({"192.0.2.1", "192.0.2.2"}));
  EXPECT_EQ(this->store_.rrsetValue(Kit::kFqdn, "A"), "192.0.2.1,192.0.2.2,198.51.100.7");
  const std::string foreign = this->kit_->fieldsAt(Kit::kFqdn).back();
  EXPECT_TRUE(foreign.starts_with("A www.example.com 198.51.100.7 ttl=300 proxied=true")) << foreign;
  ASSERT_TRUE(push({"192.0.2.3"}));
  EXPECT_EQ(this->store_.rrsetValue(Kit::kFqdn, "A"), "192.0.2.3,198.51.100.7");
  ASSERT_TRUE(push({}));  // when_all_down "none": the scheme's records go
  EXPECT_EQ(this->store_.rrsetValue(Kit::kFqdn, "A"), "198.51.100.7");
  EXPECT_EQ(this->kit_->fieldsAt(Kit::kFqdn).back(), foreign) << "never touched";
}

}  // namespace
}  // namespace dnsfailover::test
