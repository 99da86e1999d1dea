#pragma once
// okerr's policy as a pure state machine: feed it check results, it says
// whether the status switched and when to check next.
//
// A result that agrees with the status resets the retries and waits a period.
// A differing result is re-checked after each delay of the matching schedule
// (retry schedule for OK->ERR, recovery retry schedule for ERR->OK); only
// when the last re-check still differs does the status switch. An empty
// schedule switches on the first differing result. The first result ever
// sets the status directly: there is nothing to retry against.

#include <cstddef>
#include <string_view>

#include "engine/config/config.h"

namespace dnsfailover {

enum class Status { Unknown, Ok, Err };
const char* statusName(Status status);
// The inverse of statusName; Unknown for anything else.
Status statusFromName(std::string_view name);

struct StatusStep {
  bool changed = false;
  Duration nextCheckIn{};
};

class StatusMachine {
 public:
  explicit StatusMachine(Policy policy) : policy_(std::move(policy)) {}

  StatusStep observe(bool ok);
  // Resumes where a stored machine stopped (restart, reload).
  void restore(Status status, size_t retriesUsed);

  Status status() const { return status_; }
  // Re-checks spent on the current disagreement (0 when in agreement).
  size_t retriesUsed() const { return retriesUsed_; }
  const Policy& policy() const { return policy_; }

 private:
  Policy policy_;
  Status status_ = Status::Unknown;
  size_t retriesUsed_ = 0;
};

}  // namespace dnsfailover
