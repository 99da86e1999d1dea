// The status router fuzz target under g++ in every test run: the saved
// corpus, then a few thousand mutations of realistic requests (methods,
// paths, escapes, tokens and bodies swapped, cut and spliced) and noise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;

struct Rng {  // xorshift64*: a failure replays with the same index
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ULL;
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
};

const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "DELETE", "HEAD", "", "get", "POST "};
const std::vector<std::string> kTargets = {
    "/", "/assets/app.js", "/assets/app.css", "/assets/", "/assets/../../x", "/api/v1/status", "/api/v1/status?",
    "/api/v1/history", "/api/v1/history?limit=1", "/api/v1/history?limit=-1", "/api/v1/history?since=2026",
    "/metrics", "/api/v1/indicators/a/maintenance", "/api/v1/indicators/b/maintenance",
    "/api/v1/indicators/%61/maintenance", "/api/v1/indicators//maintenance", "/api/v1/indicators/a%/maintenance",
    "/api/v1/schemes/s/force-push", "/api/v1/schemes/nope/force-push", "//", "", "api/v1/status", "/%00", "/?&&=&"};
const std::vector<std::string> kHeaders = {"",
                                           "Authorization: Bearer fuzz-token",
                                           "Authorization: Bearer fuzz-tokem",
                                           "authorization: bearer fuzz-token",
                                           "Authorization: Basic Zm9v",
                                           "Authorization: Bearer ",
                                           "Authorization:Bearer fuzz-token\nAuthorization: Bearer x"};
const std::vector<std::string> kBodies = {"", "{}", R"({"on": true})", R"({"on": false})", R"({"on": 1})", "[",
                                          R"({"on": true, "on": false})", "null", "\xff\xfe", R"({"x":{"y":[1,2,{}]}})"};

Bytes request(Rng& rng) {
  std::string s = kMethods[rng.below(kMethods.size())] + fuzz::kFieldSeparator + kTargets[rng.below(kTargets.size())] +
                  fuzz::kFieldSeparator + kHeaders[rng.below(kHeaders.size())] + fuzz::kFieldSeparator +
                  kBodies[rng.below(kBodies.size())];
  Bytes b(s.begin(), s.end());
  const int rounds = static_cast<int>(rng.below(4));
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
      default:
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng.below(b.size() + 1)), '%');
        break;
    }
  }
  return b;
}

TEST(StatusFuzzReplay, RouterSurvivesCorpusMutationsAndNoise) {
  const auto dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus/status_request";
  size_t saved = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const Bytes input{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    fuzz::statusRequest(input);
    ++saved;
  }
  EXPECT_GT(saved, 0u);
  Rng rng{0x5747'5553};
  for (int i = 0; i < 4000; ++i) {
    if (i % 10 == 0) {
      Bytes noise(rng.below(200));
      for (uint8_t& b : noise) b = static_cast<uint8_t>(rng.next());
      fuzz::statusRequest(noise);
    } else {
      fuzz::statusRequest(request(rng));
    }
  }
}

}  // namespace
}  // namespace dnsfailover
