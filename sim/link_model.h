#pragma once
// The one link model of the simulated world, shared by the HTTP network
// (sim/network.h) and the DNS network (sim/dns_network.h): what happens to a
// message between the engine and an address, drawn from one seeded stream.
//
// Per address (or the defaults): a one-way latency plus uniform jitter in
// [0, jitter], a chance of loss, a partition (the monitor cannot reach the
// host: every message is lost), a down host and the time the server takes
// to answer. A crossing decides, in this order and with these draws:
//   1. partitioned: lost, no draw;
//   2. loss > 0: one unit draw, lost below `loss`;
//   3. the way there, then the way back (one draw each when jitter > 0);
//   4. down: refused (a TCP reset after a round trip; over UDP nothing
//      comes back), otherwise the message arrives after `there`.
// The order is part of the determinism contract: changing it shifts every
// later draw of the stream and so every trace. Transports add only what is
// theirs (names, doors, bodies, what a refusal looks like).
//
// Perturbation (explore, the properties, `sim --perturb`): some replies that
// arrive come back late, by up to `maxLate` on their way back, as replies
// held up in a real network or a loaded server do. Its draws come from a
// stream of their own, so the unperturbed draws above stay where they are.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "engine/core/time.h"
#include "sim/kernel.h"
#include "sim/seeded_random.h"

namespace dnsfailover::sim {

struct LinkConditions {
  Duration latency = std::chrono::milliseconds{20};  // one way
  Duration jitter{};          // extra one-way delay, uniform in [0, jitter]
  double loss = 0.0;          // chance that a message is lost (the client times out)
  bool down = false;          // host unreachable: refused
  bool partitioned = false;   // the monitor cannot reach it: messages time out
  Duration serverDelay{};     // time the server takes to answer
};

// What became of one message: its fate and, unless lost, the two one-way
// times and the server's delay that make up its round trip.
struct Crossing {
  enum class Fate { kLost, kRefused, kArrives };
  Fate fate = Fate::kLost;
  Duration there{};
  Duration back{};
  Duration serverDelay{};

  Duration roundTrip() const { return there + serverDelay + back; }
};

class LinkModel {
 public:
  // `stream` keeps each network's draws apart (adding DNS traffic does not
  // shift the HTTP network's draws).
  LinkModel(uint64_t seed, uint64_t stream) : random_(seed, stream) {}

  LinkConditions& link(const std::string& address) { return links_[address]; }
  LinkConditions& defaults() { return defaults_; }
  // The conditions that apply to `address`: its own, else the defaults.
  const LinkConditions& conditionsFor(const std::string& address) const;

  // Decides the fate of one message to `address` (see the header comment).
  Crossing cross(const std::string& address);

  struct Perturbation {
    uint64_t seed = 0;
    double lateShare = 0.05;  // share of arriving messages whose reply is late
    Duration maxLate = std::chrono::milliseconds{250};
  };
  // From now on (call it before the run starts).
  void perturb(const Perturbation& perturbation);
  uint64_t lateReplies() const { return lateReplies_; }

 private:
  Duration oneWay(const LinkConditions& link);

  SeededRandom random_;
  std::optional<SeededRandom> perturbRandom_;
  Perturbation perturbation_;
  uint64_t lateReplies_ = 0;
  std::map<std::string, LinkConditions> links_;
  LinkConditions defaults_;
};

// The client's error text when it gives up waiting.
std::string timeoutText(Duration timeout);

// Hands `result` to `done` as a kernel event `after` from now: answers never
// arrive inside the call that sent the message.
template <typename Result>
void deliverAfter(Kernel& kernel, Duration after, std::function<void(Result)> done, Result result) {
  kernel.scheduleAfter(after, [done = std::move(done), result = std::move(result)]() mutable {
    done(std::move(result));
  });
}

}  // namespace dnsfailover::sim
