#include "sim/link_model.h"

namespace dnsfailover::sim {

const LinkConditions& LinkModel::conditionsFor(const std::string& address) const {
  auto it = links_.find(address);
  return it == links_.end() ? defaults_ : it->second;
}

Duration LinkModel::oneWay(const LinkConditions& link) {
  Duration d = link.latency;
  if (link.jitter.count() > 0) {
    d += Duration{static_cast<int64_t>(random_.below(static_cast<uint64_t>(link.jitter.count()) + 1))};
  }
  return d;
}

Crossing LinkModel::cross(const std::string& address) {
  const LinkConditions& link = conditionsFor(address);
  Crossing c;
  if (link.partitioned || (link.loss > 0 && random_.unit() < link.loss)) return c;  // lost
  c.there = oneWay(link);
  c.back = oneWay(link);
  c.serverDelay = link.serverDelay;
  c.fate = link.down ? Crossing::Fate::kRefused : Crossing::Fate::kArrives;
  if (perturbRandom_ && c.fate == Crossing::Fate::kArrives && perturbRandom_->unit() < perturbation_.lateShare) {
    const auto maxLate = static_cast<uint64_t>(perturbation_.maxLate.count());
    c.back += Duration{static_cast<Duration::rep>(perturbRandom_->below(maxLate + 1))};
    ++lateReplies_;
  }
  return c;
}

void LinkModel::perturb(const Perturbation& perturbation) {
  perturbation_ = perturbation;
  perturbRandom_.emplace(perturbation.seed, /*stream=*/0);
}

std::string timeoutText(Duration timeout) { return "timed out after " + formatDuration(timeout); }

}  // namespace dnsfailover::sim
