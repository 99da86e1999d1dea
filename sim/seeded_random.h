#pragma once
// The Random port for simulation: xoshiro256** seeded through splitmix64.
// Independent streams (engine, world, network) come from one seed, so
// adding a random draw in the world does not shift the engine's draws.

#include <cstdint>

#include "engine/ports/random.h"

namespace dnsfailover::sim {

class SeededRandom final : public Random {
 public:
  SeededRandom(uint64_t seed, uint64_t stream);
  uint64_t next() override;

 private:
  uint64_t s_[4];
};

}  // namespace dnsfailover::sim
