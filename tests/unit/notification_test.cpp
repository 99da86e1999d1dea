// Goal: notifications are derived from the engine's events as an operator
// reads them (the first choice is no news, down the priorities is a
// failover, back up a recovery, a failed push and a confirmed latest
// address each said once), written as JSON and environment without any
// credential, and signed with a correct HMAC-SHA256.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/notify/notification.h"
#include "engine/notify/signature.h"

namespace dnsfailover {
namespace {

const TimePoint t0 = *parseIsoUtc("2026-11-02T00:20:07Z");

NotificationDeriver deriver() {
  return NotificationDeriver(std::map<std::string, std::string, std::less<>>{{"cat", "cat.he.okerr.com"}});
}

TEST(Notification, TheFirstChoiceIsNoNewsThenDownIsFailoverAndUpIsRecovery) {
  NotificationDeriver d = deriver();
  EXPECT_FALSE(d.derive(events::selection(t0, "cat", "116.202.27.149", 100, "charlie:cat")));
  const auto down = d.derive(events::selection(t0, "cat", "51.158.104.109", 95, "echo:cat"));
  ASSERT_TRUE(down);
  EXPECT_EQ(down->event, NotifyEvent::Failover);
  EXPECT_EQ(down->previousAddress, "116.202.27.149");
  EXPECT_EQ(down->address, "51.158.104.109");
  EXPECT_EQ(down->fqdn, "cat.he.okerr.com");
  const auto up = d.derive(events::selection(t0, "cat", "116.202.27.149", 100, "charlie:cat"));
  ASSERT_TRUE(up);
  EXPECT_EQ(up->event, NotifyEvent::Recovery);
  EXPECT_EQ(up->previousPriority, 95);
}

TEST(Notification, ASeededChoiceMakesTheNextChangeNewsAfterARestart) {
  NotificationDeriver d = deriver();
  d.seed("cat", 95, "51.158.104.109");
  const auto n = d.derive(events::selection(t0, "cat", "37.59.102.26", 85, "bravo:cat"));
  ASSERT_TRUE(n);
  EXPECT_EQ(n->event, NotifyEvent::Failover);
}

TEST(Notification, PushOutcomes) {
  NotificationDeriver d = deriver();
  TraceEvent failed = events::push(t0, "cat", "51.158.104.109", false, "HTTP 503");
  failed.with(field::failures, int64_t{2});
  const auto f = d.derive(failed);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->event, NotifyEvent::PushFailed);
  EXPECT_EQ(f->failures, 2);
  const auto s = d.derive(events::push(t0, "cat", "51.158.104.109", true, "good 51.158.104.109"));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->event, NotifyEvent::Synced);
  TraceEvent overtaken = events::push(t0, "cat", "51.158.104.109", true, "good");
  overtaken.with(field::supersededBy, std::string("37.59.102.26"));
  EXPECT_FALSE(d.derive(overtaken)) << "an overtaken push is not synced";
  EXPECT_FALSE(d.derive(events::indicatorStatus(t0, "charlie:cat", "ERR", "x")));
}

TEST(Notification, JsonAndEnvironmentSayWhatHappened) {
  NotificationDeriver d = deriver();
  d.seed("cat", 100, "116.202.27.149");
  const Notification n = *d.derive(events::selection(t0, "cat", "51.158.104.109", 95, "echo:cat"));
  const auto body = nlohmann::json::parse(notificationJson(n));
  EXPECT_EQ(body["event"], "failover");
  EXPECT_EQ(body["scheme"], "cat");
  EXPECT_EQ(body["fqdn"], "cat.he.okerr.com");
  EXPECT_EQ(body["address"], "51.158.104.109");
  EXPECT_EQ(body["previous_address"], "116.202.27.149");
  EXPECT_EQ(body["indicator"], "echo:cat");
  EXPECT_EQ(body["at"], "2026-11-02T00:20:07.000Z");
  const auto env = notificationEnv(n);
  auto value = [&](const std::string& name) {
    for (const auto& [k, v] : env) {
      if (k == name) return v;
    }
    return std::string("(absent)");
  };
  EXPECT_EQ(value("DNSFAILOVER_EVENT"), "failover");
  EXPECT_EQ(value("DNSFAILOVER_ADDRESS"), "51.158.104.109");
  EXPECT_EQ(value("DNSFAILOVER_PREVIOUS_ADDRESS"), "116.202.27.149");
  EXPECT_EQ(value("DNSFAILOVER_DETAIL"), "(absent)");
}

TEST(Signature, MatchesRfc4231TestCase2) {
  // RFC 4231, 4.3: key "Jefe", data "what do ya want for nothing?".
  EXPECT_EQ(webhookSignature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_NE(webhookSignature("Jefe", "what do ya want for nothing!"),
            webhookSignature("Jefe", "what do ya want for nothing?"));
}

}  // namespace
}  // namespace dnsfailover
