// The etcd fuzz targets under g++ in every test run: the saved corpus
// (answers captured from etcd 3.4.23, and request sequences), then a few
// thousand mutations of it (bits flipped, cut, tokens spliced in) and noise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/replay_rng.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<Bytes> corpus(const char* name) {
  const auto dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus" / name;
  std::vector<Bytes> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::sort(out.begin(), out.end());  // directory order is not stable
  return out;
}

void replay(const char* name, void (*target)(std::span<const uint8_t>), uint64_t seed) {
  const std::vector<Bytes> seeds = corpus(name);
  ASSERT_FALSE(seeds.empty());
  for (const Bytes& b : seeds) target(b);
  fuzz::ReplayRng rng{seed};
  const char* tokens[] = {"\"-1\"", "\"9223372036854775808\"", "1e99", "null", "\"\"", "[]", "{}", "true",
                          "\"header\":{}", "\"kvs\":[{}]", "\"AA==\"", "\"!!\"", "\x1e", "\"code\":14", "0"};
  for (int i = 0; i < 3000; ++i) {
    Bytes b = seeds[rng.below(seeds.size())];
    if (i % 10 == 0) {
      b.resize(rng.below(200));
      for (uint8_t& byte : b) byte = static_cast<uint8_t>(rng.next());
    }
    const int rounds = 1 + static_cast<int>(rng.below(4));
    for (int r = 0; r < rounds && !b.empty(); ++r) {
      switch (rng.below(4)) {
        case 0: b[rng.below(b.size())] ^= static_cast<uint8_t>(1u << rng.below(8)); break;
        case 1: b.resize(rng.below(b.size() + 1)); break;
        case 2: {
          const std::string t = tokens[rng.below(std::size(tokens))];
          b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(b.size() + 1)), t.begin(), t.end());
          break;
        }
        default: {
          const size_t from = rng.below(b.size());
          b.erase(b.begin() + static_cast<std::ptrdiff_t>(from),
                  b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), from + rng.below(20))));
        }
      }
    }
    target(b);
  }
}

TEST(EtcdFuzzReplay, ReplyCodecSurvivesCorpusMutationsAndNoise) { replay("etcd_reply", fuzz::etcdReply, 0xE7CD'0001); }
TEST(EtcdFuzzReplay, SiteReportReaderSurvivesCorpusMutationsAndNoise) {
  replay("site_report", fuzz::siteReport, 0xE7CD'0003);
}
TEST(EtcdFuzzReplay, FakeGatewaySurvivesCorpusMutationsAndNoise) {
  replay("etcd_gateway", fuzz::etcdGateway, 0xE7CD'0002);
}

}  // namespace
}  // namespace dnsfailover
