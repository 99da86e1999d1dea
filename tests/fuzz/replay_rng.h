#pragma once
// The replay tests' mutation dice: xorshift64*, deterministic, so a failing
// input is found again from its seed and index. One copy for every replay
// test.

#include <cstddef>
#include <cstdint>

namespace dnsfailover::fuzz {

struct ReplayRng {
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool chance(size_t oneIn) { return below(oneIn) == 0; }
};

}  // namespace dnsfailover::fuzz
