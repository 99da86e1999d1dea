// Goal: whatever the sequence of selection changes and provider answers,
// the syncer never has two pushes in flight, never reports "synced" unless
// the provider confirmed the latest desired address, and the provider ends
// up holding the last selected address once failures stop.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/config/config.h"
#include "engine/syncer/syncer.h"
#include "sim/kernel.h"
#include "tests/support/scripted_provider.h"

namespace dnsfailover {
namespace {

RC_GTEST_PROP(SyncerProperty, NeverStaleNeverOvertaken, ()) {
  // Actions: 0 = select a random address, 1 = provider succeeds,
  // 2 = provider fails, 3 = let time pass.
  const auto actions = *rc::gen::container<std::vector<std::pair<int, int>>>(
      rc::gen::pair(rc::gen::inRange(0, 4), rc::gen::inRange(0, 4)));
  const TimePoint start = *parseIsoUtc("2026-11-02T00:00:00Z");
  sim::Kernel kernel(start);
  testing::ScriptedProvider provider(kernel);
  NullTraceSink trace;
  Syncer syncer("s", RecordType::A, provider, defaultPushBackoff(), kernel, trace);
  std::optional<std::string> held;  // what the provider holds

  auto settle = [&](PushOutcome::Kind kind) {
    if (provider.pending.empty()) return;
    const std::string address = provider.calls[provider.pending.front()].address;
    if (kind == PushOutcome::Kind::Ok) held = address;
    provider.complete({kind, kind == PushOutcome::Kind::Ok ? "good " + address : "HTTP 503", {}});
  };

  for (const auto& [action, value] : actions) {
    switch (action) {
      case 0: syncer.setDesired("10.0.0." + std::to_string(value)); break;
      case 1: settle(PushOutcome::Kind::Ok); break;
      case 2: settle(PushOutcome::Kind::Retryable); break;
      default: kernel.runUntil(kernel.now() + std::chrono::seconds{value * 40}); break;
    }
    RC_ASSERT(provider.pending.size() <= 1u);
    if (syncer.status() == SyncStatus::Synced) RC_ASSERT(held == syncer.desired());
  }
  // Heal: the provider succeeds from now on.
  for (int i = 0; i < 20 && syncer.desired(); ++i) {
    kernel.runUntil(kernel.now() + std::chrono::hours{3});
    settle(PushOutcome::Kind::Ok);
  }
  kernel.runUntil(kernel.now() + std::chrono::hours{3});
  settle(PushOutcome::Kind::Ok);
  if (syncer.desired()) {
    RC_ASSERT(syncer.status() == SyncStatus::Synced);
    RC_ASSERT(held == syncer.desired());
  }
}

}  // namespace
}  // namespace dnsfailover
