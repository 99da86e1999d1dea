// Goal: the notifier delivers each notification once to each target that
// wants it: a signed JSON POST that the fake receiver accepts, retried
// with backoff through a receiver that is down or failing and given up
// after the schedule, not retried on a 4xx; a command run with argv and
// the event in its environment, and nothing else; the signing secret never
// in a body, a trace event or an environment.

#include <gtest/gtest.h>

#include "engine/notify/notifier.h"
#include "engine/ports/trace_json.h"
#include "fakes/process_fake.h"
#include "fakes/webhook_receiver.h"
#include "sim/kernel.h"
#include "sim/network.h"

namespace dnsfailover {
namespace {

using std::chrono::seconds;

constexpr const char* kSecret = "notify-test-signing-secret";

class MapSecrets final : public Secrets {
 public:
  SecretLookup resolve(const CredentialRef& ref) override {
    if (ref.name == "HOOK_SECRET") return {kSecret, {}};
    return {std::nullopt, "no such variable"};
  }
};

class Keep final : public TraceSink {
 public:
  void record(const TraceEvent& event) override { events.push_back(event); }
  std::vector<TraceEvent> events;
};

class NotifierTest : public ::testing::Test {
 protected:
  TimePoint start = *parseIsoUtc("2026-11-02T00:19:00Z");
  sim::Kernel kernel{start};
  sim::Network network{kernel, 7};
  fakes::WebhookReceiver receiver{{"/dnsfailover", std::string(kSecret)}};
  fakes::FakeProcesses programs{kernel};
  MapSecrets secrets;
  Keep trace;
  EngineConfig config;

  void SetUp() override {
    network.attach("198.51.100.80", receiver);
    network.addName("hooks.example.net", "198.51.100.80");
    programs.install("/usr/local/bin/page-oncall", {0, std::chrono::milliseconds{300}});
    SchemeConfig scheme;
    scheme.name = "cat";
    scheme.fqdn = "cat.he.okerr.com";
    config.schemes.push_back(scheme);
  }
  NotifyTarget webhook(const std::string& url = "https://hooks.example.net/dnsfailover") {
    NotifyTarget t;
    t.path = "notify[" + std::to_string(config.notify.size()) + "]";
    t.url = url;
    t.secret = CredentialRef{CredentialRef::Source::Env, "HOOK_SECRET"};
    t.retrySchedule = {seconds{5}, seconds{30}};
    return t;
  }
  std::unique_ptr<Notifier> make() {
    return std::make_unique<Notifier>(config, Notifier::Ports{kernel, network, &programs, secrets, trace});
  }
  // A failover from the main to the backup, as the engine would report it.
  void failover(Notifier& n) {
    n.seed("cat", 100, "116.202.27.149");
    n.record(events::selection(kernel.now(), "cat", "51.158.104.109", 95, "echo:cat"));
  }
  std::vector<TraceEvent> notifyEvents() const {
    std::vector<TraceEvent> out;
    for (const TraceEvent& e : trace.events) {
      if (e.type == EventType::Notify) out.push_back(e);
    }
    return out;
  }
};

TEST_F(NotifierTest, ASignedPostTheReceiverAccepts) {
  config.notify.push_back(webhook());
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{10});
  ASSERT_EQ(receiver.accepted().size(), 1u);
  EXPECT_EQ(receiver.accepted()[0].event, "failover");
  EXPECT_TRUE(receiver.accepted()[0].signatureValid);
  EXPECT_EQ(receiver.accepted()[0].body.find(kSecret), std::string::npos);
  const auto sent = notifyEvents();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].flag(field::ok));
  EXPECT_EQ(sent[0].text(field::target), "notify[0]");
  EXPECT_EQ(sent[0].text(field::reply), "HTTP 204");
}

TEST_F(NotifierTest, AWrongSecretIsRefusedByTheReceiver) {
  config.notify.push_back(webhook());
  fakes::WebhookReceiver strict{{"/dnsfailover", std::string("another-secret")}};
  network.attach("198.51.100.80", strict);
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{10});
  EXPECT_TRUE(strict.accepted().empty());
  ASSERT_FALSE(notifyEvents().empty());
  EXPECT_EQ(notifyEvents()[0].text(field::reply), "HTTP 401; refused, not retried");
}

TEST_F(NotifierTest, ADownReceiverIsRetriedWithBackoffUntilItIsBack) {
  config.notify.push_back(webhook());
  network.link("198.51.100.80").down = true;
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{20});  // attempts at 0 and 5 s fail
  EXPECT_EQ(notifyEvents().size(), 2u);
  network.link("198.51.100.80").down = false;
  kernel.runUntil(start + seconds{60});  // the third, 30 s later, lands
  ASSERT_EQ(receiver.accepted().size(), 1u) << "delivered once it is back, and only once";
  const auto sent = notifyEvents();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_FALSE(sent[0].flag(field::ok));
  EXPECT_EQ(sent[0].number(field::retryInS), 5.0);
  EXPECT_EQ(sent[1].number(field::retryInS), 30.0);
  EXPECT_TRUE(sent[2].flag(field::ok));
  EXPECT_EQ(sent[2].integer(field::attempt), 3);
}

TEST_F(NotifierTest, AFailingReceiverIsGivenUpAfterTheSchedule) {
  config.notify.push_back(webhook());
  receiver.errorStatus = 503;
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{600});
  const auto sent = notifyEvents();
  ASSERT_EQ(sent.size(), 3u) << "one attempt and two retries";
  EXPECT_EQ(sent.back().text(field::reply), "HTTP 503; given up");
  EXPECT_EQ(receiver.requests().size(), 3u);
}

TEST_F(NotifierTest, TargetsGetOnlyTheEventsTheyAskForAndTheirSchemes) {
  NotifyTarget onlySynced = webhook();
  onlySynced.events = 1u << static_cast<unsigned>(NotifyEvent::Synced);
  config.notify.push_back(onlySynced);
  NotifyTarget otherScheme = webhook();
  otherScheme.path = "schemes[1].notify[0]";
  SchemeConfig other;
  other.name = "dog";
  other.fqdn = "dog.he.okerr.com";
  other.notify.push_back(otherScheme);
  config.schemes.push_back(other);
  auto notifier = make();
  failover(*notifier);
  notifier->record(events::push(kernel.now(), "cat", "51.158.104.109", true, "good 51.158.104.109"));
  kernel.runUntil(start + seconds{10});
  ASSERT_EQ(receiver.accepted().size(), 1u);
  EXPECT_EQ(receiver.accepted()[0].event, "synced");
}

TEST_F(NotifierTest, ACommandRunsWithArgvAndTheEventInItsEnvironmentOnly) {
  NotifyTarget command;
  command.kind = NotifyTarget::Kind::Command;
  command.path = "notify[0]";
  command.argv = {"/usr/local/bin/page-oncall", "--team", "web; rm -rf /"};
  command.timeout = seconds{10};
  config.notify.push_back(command);
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{5});
  ASSERT_EQ(programs.runs().size(), 1u);
  const auto& run = programs.runs()[0];
  EXPECT_EQ(run.argv, command.argv) << "argv as configured, never through a shell";
  for (const auto& [name, value] : run.env) {
    EXPECT_EQ(name.rfind("DNSFAILOVER_", 0), 0u) << name << " is not the event's";
    EXPECT_EQ(value.find(kSecret), std::string::npos);
  }
  const auto sent = notifyEvents();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].flag(field::ok));
  EXPECT_EQ(sent[0].text(field::reply), "exit 0");
}

TEST_F(NotifierTest, AProgramThatRunsTooLongIsKilledAndAMissingOneReported) {
  NotifyTarget slow;
  slow.kind = NotifyTarget::Kind::Command;
  slow.path = "notify[0]";
  slow.argv = {"/usr/local/bin/page-oncall"};
  slow.timeout = std::chrono::milliseconds{100};
  NotifyTarget missing = slow;
  missing.path = "notify[1]";
  missing.argv = {"/usr/local/bin/nowhere"};
  config.notify = {slow, missing};
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{5});
  const auto sent = notifyEvents();
  ASSERT_EQ(sent.size(), 2u);
  for (const TraceEvent& e : sent) {
    EXPECT_FALSE(e.flag(field::ok));
    if (e.text(field::target) == "notify[0]") {
      EXPECT_EQ(e.text(field::reply), "killed after the timeout (signal 9)");
    }
    if (e.text(field::target) == "notify[1]") {
      EXPECT_EQ(e.text(field::reply), "cannot run /usr/local/bin/nowhere: No such file or directory");
    }
  }
}

TEST_F(NotifierTest, TheSecretNeverReachesTheTrace) {
  config.notify.push_back(webhook());
  receiver.errorStatus = 500;
  auto notifier = make();
  failover(*notifier);
  kernel.runUntil(start + seconds{600});
  for (const TraceEvent& e : trace.events) EXPECT_EQ(traceEventJson(e).find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace dnsfailover
