// Goal: notifications over real sockets on 127.0.0.1: the notifier on the
// live HTTP client posts a signed JSON body that the fake receiver's
// network door accepts; with the receiver down, the delivery is retried
// and lands once it is back, once; a command hook runs the real program.

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "engine/live/asio_scheduler.h"
#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "engine/live/process_runner.h"
#include "engine/notify/notifier.h"
#include "fakes/net/http_server.h"
#include "fakes/webhook_receiver.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using std::chrono::milliseconds;

constexpr const char* kSecret = "live-notify-signing-secret-5e21";

class OneSecret final : public Secrets {
 public:
  SecretLookup resolve(const CredentialRef&) override { return {kSecret, {}}; }
};

class Keep final : public TraceSink {
 public:
  void record(const TraceEvent& event) override {
    if (event.type == EventType::Notify) events.push_back(event);
  }
  std::vector<TraceEvent> events;
};

EngineConfig catConfig() {
  EngineConfig config;
  SchemeConfig scheme;
  scheme.name = "cat";
  scheme.fqdn = "cat.he.okerr.com";
  config.schemes.push_back(scheme);
  return config;
}

TEST(NotifyLive, ASignedPostRetriedThroughADownReceiverLandsOnce) {
  fakes::WebhookReceiver receiver({"/dnsfailover", std::string(kSecret)});
  fakes::net::HttpServerOptions options;
  options.address = "127.0.0.1";
  auto server = std::make_unique<fakes::net::HttpServer>(receiver, options);
  server->start();
  const uint16_t port = server->port();
  server->stop();  // the receiver is down
  server.reset();

  EngineConfig config = catConfig();
  NotifyTarget hook;
  hook.path = "notify[0]";
  hook.url = "http://127.0.0.1:" + std::to_string(port) + "/dnsfailover";
  hook.secret = CredentialRef{CredentialRef::Source::Env, "HOOK_SECRET"};
  hook.retrySchedule = {milliseconds{300}, milliseconds{300}, milliseconds{300}, milliseconds{300}};
  config.notify.push_back(hook);

  EventLoop loop;
  AsioScheduler scheduler(loop);
  LiveHttpClient http(loop);
  OneSecret secrets;
  Keep trace;
  Notifier notifier(config, {scheduler, http, nullptr, secrets, trace});
  notifier.seed("cat", 100, "127.0.0.21");
  notifier.record(events::selection(scheduler.now(), "cat", "127.0.0.22", 95, "echo:cat"));
  loop.runUntil([&] { return !trace.events.empty(); }, milliseconds{30000});
  ASSERT_FALSE(trace.events.empty());
  EXPECT_FALSE(trace.events[0].flag(field::ok)) << "the receiver is down";

  options.port = port;  // back, on the same port
  server = std::make_unique<fakes::net::HttpServer>(receiver, options);
  server->start();
  loop.runUntil([&] { return !trace.events.empty() && trace.events.back().flag(field::ok); }, milliseconds{30000});
  server->stop();  // joins: the receiver can be read now

  ASSERT_EQ(receiver.accepted().size(), 1u);
  EXPECT_TRUE(receiver.accepted()[0].signatureValid);
  EXPECT_EQ(receiver.accepted()[0].event, "failover");
  EXPECT_NE(receiver.accepted()[0].body.find("\"address\":\"127.0.0.22\""), std::string::npos);
  EXPECT_EQ(receiver.accepted()[0].body.find(kSecret), std::string::npos);
  ASSERT_GE(trace.events.size(), 2u);
  EXPECT_EQ(trace.events.back().text(field::reply), "HTTP 204");
}

TEST(NotifyLive, ACommandHookRunsTheRealProgram) {
  const std::string marker = testing::tempPath("notify-hook-ran");
  std::filesystem::remove(marker);
  EngineConfig config = catConfig();
  NotifyTarget command;
  command.kind = NotifyTarget::Kind::Command;
  command.path = "notify[0]";
  command.argv = {"/usr/bin/touch", marker};
  config.notify.push_back(command);

  EventLoop loop;
  AsioScheduler scheduler(loop);
  LiveHttpClient http(loop);
  ForkExecRunner runner(loop.context());
  OneSecret secrets;
  Keep trace;
  Notifier notifier(config, {scheduler, http, &runner, secrets, trace});
  notifier.record(events::push(scheduler.now(), "cat", "127.0.0.22", true, "good 127.0.0.22"));
  loop.runUntil([&] { return !trace.events.empty(); }, milliseconds{30000});
  ASSERT_EQ(trace.events.size(), 1u);
  EXPECT_TRUE(trace.events[0].flag(field::ok)) << trace.events[0].text(field::reply);
  EXPECT_TRUE(std::filesystem::exists(marker));
  std::filesystem::remove(marker);
}

}  // namespace
}  // namespace dnsfailover::live
