#pragma once
// The Random port for the live daemon: a 64-bit Mersenne Twister seeded
// from std::random_device, so check jitter differs between runs. (Asking
// random_device for every draw would cost a syscall each.)

#include <random>

#include "engine/ports/random.h"

namespace dnsfailover::live {

class SystemRandom final : public Random {
 public:
  SystemRandom();
  uint64_t next() override { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace dnsfailover::live
