#pragma once
// A Provider whose replies the test decides: each setRecords() call is kept
// until the test completes it, so a test can change the selection while a
// push is in flight.

#include <deque>
#include <functional>
#include <string>

#include "engine/ports/scheduler.h"
#include "engine/providers/provider.h"

namespace dnsfailover::testing {

class ScriptedProvider final : public Provider {
 public:
  struct Call {
    std::string address;  // records.joined(): "" when withdrawn
    RecordSet records;
    TimePoint at;
    std::function<void(PushOutcome)> done;
  };

  explicit ScriptedProvider(Scheduler& scheduler) : scheduler_(scheduler) {}

  void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) override {
    calls.push_back({records.joined(), records, scheduler_.now(), std::move(done)});
    pending.push_back(calls.size() - 1);
  }

  // Completes the oldest outstanding call.
  void complete(PushOutcome outcome) {
    const size_t index = pending.front();
    pending.pop_front();
    auto done = std::move(calls[index].done);
    done(std::move(outcome));
  }
  void succeed() { complete({PushOutcome::Kind::Ok, "good " + calls[pending.front()].address, {}}); }
  void fail(std::string why = "HTTP 503") { complete({PushOutcome::Kind::Retryable, std::move(why), {}}); }

  std::deque<Call> calls;
  std::deque<size_t> pending;

 private:
  Scheduler& scheduler_;
};

}  // namespace dnsfailover::testing
