#include "engine/monitor/status_machine.h"
#include "engine/core/coverage.h"

#include <algorithm>

namespace dnsfailover {

const char* statusName(Status status) {
  switch (status) {
    case Status::Unknown: return "UNKNOWN";
    case Status::Ok: return "OK";
    case Status::Err: return "ERR";
  }
  return "?";
}

Status statusFromName(std::string_view name) {
  if (name == "OK") return Status::Ok;
  if (name == "ERR") return Status::Err;
  return Status::Unknown;
}

void StatusMachine::restore(Status status, size_t retriesUsed) {
  status_ = status;
  // A schedule shortened by a reload cannot leave us past its end.
  const auto& schedule = status == Status::Err ? policy_.recoveryRetrySchedule : policy_.retrySchedule;
  retriesUsed_ = status == Status::Unknown ? 0 : std::min(retriesUsed, schedule.size());
}

StatusStep StatusMachine::observe(bool ok) {
  const Status seen = ok ? Status::Ok : Status::Err;
  if (status_ == Status::Unknown) {
    status_ = seen;
    retriesUsed_ = 0;
    return {true, policy_.period};
  }
  if (seen == status_) {
    if (retriesUsed_ > 0) coverage::hit(coverage::Mark::FlapDamped);
    retriesUsed_ = 0;
    return {false, policy_.period};
  }
  const auto& schedule = seen == Status::Err ? policy_.retrySchedule : policy_.recoveryRetrySchedule;
  if (retriesUsed_ < schedule.size()) {
    return {false, schedule[retriesUsed_++]};
  }
  status_ = seen;
  retriesUsed_ = 0;
  return {true, policy_.period};
}

}  // namespace dnsfailover
