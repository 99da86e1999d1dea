// The check/sweep/replay fuzz targets (fuzz_check_inputs.cpp) under g++ in
// every test run: the saved corpus, then mutations of realistic inputs
// (set options, a check document, a trace) and noise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/replay_rng.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;
using Rng = fuzz::ReplayRng;

Bytes mutate(std::string seed, Rng& rng) {
  Bytes b(seed.begin(), seed.end());
  const int rounds = static_cast<int>(rng.below(5));
  for (int i = 0; i < rounds; ++i) {
    switch (rng.below(4)) {
      case 0:
        if (!b.empty()) b[rng.below(b.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        break;
      case 1:
        b.resize(rng.below(b.size() + 1));
        break;
      case 2:
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(b.size() + 1)), static_cast<uint8_t>(rng.next()));
        break;
      default: {
        static const char* kBits[] = {"[", "]", ".", ",", "=", "\"", "{", "}", "0", "-1", "null", "\n"};
        const std::string bit = kBits[rng.below(12)];
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(b.size() + 1)), bit.begin(), bit.end());
      }
    }
  }
  return b;
}

Bytes slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replay(const char* corpus, void (*target)(std::span<const uint8_t>), const std::vector<std::string>& seeds,
            uint64_t rngSeed) {
  std::vector<std::string> all = seeds;
  const auto dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus" / corpus;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const Bytes b = slurp(entry.path());
    target(b);
    all.emplace_back(b.begin(), b.end());
  }
  Rng rng{rngSeed};
  for (int i = 0; i < 1500; ++i) {
    if (i % 10 == 0) {
      Bytes noise(rng.below(120));
      for (uint8_t& c : noise) c = static_cast<uint8_t>(rng.next());
      target(noise);
    } else {
      target(mutate(all[rng.below(all.size())], rng));
    }
  }
}

TEST(CheckFuzzReplay, SetOptionSurvivesMutations) {
  replay("set_option", fuzz::setOption,
         {"schemes[0].ttl=60,300,3600", "policies.10s-nr.period=5s,10s", "schemes[www].members[1].priority=95",
          "schemes[0].push_backoff=[\"0s\",\"5s\"]", "indicators[a].check.timeout=1s"},
         0xC4EC'0001);
}

TEST(CheckFuzzReplay, CheckDocumentSurvivesMutations) {
  replay("check_document", fuzz::checkDocument, {}, 0xC4EC'0002);
}

TEST(CheckFuzzReplay, TraceReplaySurvivesMutations) {
  replay("trace_replay", fuzz::traceReplay, {}, 0xC4EC'0003);
}

}  // namespace
}  // namespace dnsfailover
