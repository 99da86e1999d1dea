// The explore result reader's fuzz target (what `dnsfailover merge` reads)
// under g++ in every test run: the saved corpus, then a few thousand
// mutations of it (bytes flipped, cut, spliced) and noise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/replay_rng.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(ExploreResultFuzzReplay, ReaderSurvivesCorpusMutationsAndNoise) {
  const auto dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus/explore_result";
  std::vector<Bytes> corpus;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    fuzz::exploreResult(corpus.back());
  }
  std::sort(corpus.begin(), corpus.end());
  ASSERT_FALSE(corpus.empty());
  fuzz::ReplayRng rng{0xE7B1'0BE5};
  for (int i = 0; i < 3000; ++i) {
    Bytes b = corpus[rng.below(corpus.size())];
    if (i % 10 == 0) {
      b.resize(rng.below(300));
      for (uint8_t& byte : b) byte = static_cast<uint8_t>(rng.next());
    }
    const int rounds = 1 + static_cast<int>(rng.below(4));
    for (int r = 0; r < rounds && !b.empty(); ++r) {
      switch (rng.below(4)) {
        case 0:
          b[rng.below(b.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
          break;
        case 1:
          b.resize(rng.below(b.size() + 1));
          break;
        case 2: {
          const char* tokens[] = {"-1", "1e99", "null", "\"\"", "[]", "{}", "true", "18446744073709551615", "0"};
          const std::string t = tokens[rng.below(std::size(tokens))];
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(b.size() + 1)), t.begin(), t.end());
          break;
        }
        default: {
          const size_t from = rng.below(b.size());
          b.erase(b.begin() + static_cast<std::ptrdiff_t>(from),
                  b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), from + rng.below(20))));
          break;
        }
      }
    }
    fuzz::exploreResult(b);
  }
}

}  // namespace
}  // namespace dnsfailover
