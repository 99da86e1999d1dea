#include "fakes/fault_knobs.h"
#include "engine/core/coverage.h"

#include <algorithm>

namespace dnsfailover::fakes {

double FaultDice::roll(const FaultKnobs& knobs) {
  if (!seeded_) {
    state_ = knobs.seed;
    seeded_ = true;
  }
  // splitmix64: tiny, and a run stays a function of the seed.
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

FaultAction FaultDice::decide(FaultKnobs& knobs, TimePoint now) {
  const FaultAction action = pick(knobs, now);
  if (action == FaultAction::ServerError) coverage::hit(coverage::Mark::FakeServerError);
  return action;
}

FaultAction FaultDice::pick(FaultKnobs& knobs, TimePoint now) {
  if (knobs.dropNext > 0) {
    --knobs.dropNext;
    return FaultAction::NoAnswer;
  }
  if (knobs.failNext > 0) {
    --knobs.failNext;
    return FaultAction::ServerError;
  }
  auto inside = [now](const TimeWindow& w) { return w.contains(now); };
  if (std::any_of(knobs.outages.begin(), knobs.outages.end(), inside)) return FaultAction::ServerError;
  if (std::any_of(knobs.throttled.begin(), knobs.throttled.end(), inside)) return FaultAction::Throttle;
  // Roll only when a ratio is set, so turning knobs on does not shift the
  // dice of runs that never use them.
  if (knobs.noAnswerRatio > 0 && roll(knobs) < knobs.noAnswerRatio) return FaultAction::NoAnswer;
  if (knobs.errorRatio > 0 && roll(knobs) < knobs.errorRatio) return FaultAction::ServerError;
  return FaultAction::None;
}

HttpResponse TimedDoor::handle(const HttpRequest& request, TimePoint now, const std::string& peer) {
  DoorReply reply = serve(request, now, peer);
  if (!reply.answered) return edgeErrorPage(504);
  return std::move(reply.response);
}

HttpResponse edgeErrorPage(int status) {
  const std::string code = std::to_string(status);
  return {status,
          {{"Content-Type", "text/html; charset=UTF-8"}},
          "<html>\r\n<head><title>" + code + " Error</title></head>\r\n<body>\r\n<center><h1>" + code +
              " Error</h1></center>\r\n<hr><center>edge</center>\r\n</body>\r\n</html>\r\n"};
}

}  // namespace dnsfailover::fakes
