#pragma once
// The Random port: the engine's only source of randomness (check jitter,
// NS choice). Seeded in simulation so that a run is a function of its seed.

#include <cstdint>

namespace dnsfailover {

class Random {
 public:
  virtual ~Random() = default;

  // Uniformly distributed 64 random bits.
  virtual uint64_t next() = 0;

  // Uniform in [0, bound); bound must be > 0. Lemire's multiply-shift keeps
  // the result free of modulo bias for the bounds we use.
  uint64_t below(uint64_t bound) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<uint64_t>((static_cast<Wide>(next()) * bound) >> 64);
  }

  // Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

}  // namespace dnsfailover
