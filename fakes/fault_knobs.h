#pragma once
// Fault injection shared by the provider fakes, and a door that can say
// "answer later" or "never answer".
//
// A fake decides per request, from the knobs and its own seeded dice, whether
// to misbehave. Errors (5xx, throttling) are answers and travel through any
// door. Delays and silence need the host's help: a host that knows
// TimedDoor (the test transports; later the sim network and the loopback
// server) honours DoorReply::delay and DoorReply::answered; a host that only
// knows HttpDoor gets the reply at once, and silence turns into the 504 an
// edge proxy answers when its origin does not.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/time.h"
#include "fakes/http_door.h"

namespace dnsfailover::fakes {

struct TimeWindow {
  TimePoint from;
  TimePoint to;  // exclusive
  bool contains(TimePoint t) const { return from <= t && t < to; }
};

struct FaultKnobs {
  Duration extraLatency{};            // added to every answer
  double errorRatio = 0.0;            // share of requests answered with errorStatus
  int errorStatus = 503;
  bool htmlErrors = true;             // 5xx bodies are an edge's HTML page, not JSON
  int failNext = 0;                   // the next N requests get errorStatus (exact tests)
  double noAnswerRatio = 0.0;         // share of requests never answered
  int dropNext = 0;                   // the next N requests are never answered
  std::vector<TimeWindow> outages;    // every request inside gets errorStatus
  std::vector<TimeWindow> throttled;  // every request inside is throttled (429 / "interval")
  bool echoCredential = false;        // error texts quote the credential back (a leaky proxy)
  uint64_t seed = 0x5eed;             // the dice for the ratios; the sim draws it from the run's seed
};

enum class FaultAction { None, ServerError, Throttle, NoAnswer };

// Rolls the dice for one request and consumes failNext/dropNext.
class FaultDice {
 public:
  FaultAction decide(FaultKnobs& knobs, TimePoint now);

 private:
  FaultAction pick(FaultKnobs& knobs, TimePoint now);  // decide() without the marks
  double roll(const FaultKnobs& knobs);
  uint64_t state_ = 0;
  bool seeded_ = false;
};

struct DoorReply {
  HttpResponse response;
  Duration delay{};       // how long the server takes before answering
  bool answered = true;   // false: the connection stays silent until the client gives up
};

class TimedDoor : public HttpDoor {
 public:
  virtual DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) = 0;
  HttpResponse handle(const HttpRequest& request, TimePoint now, const std::string& peer) override;
};

// The HTML page a CDN edge shows for a failing origin.
HttpResponse edgeErrorPage(int status);

}  // namespace dnsfailover::fakes
