// The fuzz targets under g++ in every test run: a few thousand inputs made
// from real queries and replies by the mutations a fuzzer would try (bit
// flips, cut-offs, inserted and repeated bytes, bogus lengths and
// compression pointers), plus pure noise and any saved corpus files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/replay_rng.h"
#include "engine/live/dns_wire.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover {
namespace {

using Rng = fuzz::ReplayRng;

std::vector<uint8_t> wire(const dns::Message& m) { return live::encodeMessage(m).value(); }

std::vector<std::vector<uint8_t>> seeds() {
  std::vector<std::vector<uint8_t>> out;
  for (const char* name : {"cat.he.okerr.com", "www.he.okerr.com", "big.he.okerr.com", "loop1.he.okerr.com",
                           "he.okerr.com", "dog.he.okerr.com", "example.com", "b.c.he.okerr.com"}) {
    for (dns::Type type : {dns::Type::A, dns::Type::AAAA, dns::Type::TXT, dns::Type::NS, dns::Type::SOA}) {
      dns::Message q;
      q.id = 0x1234;
      q.questions.push_back({name, type, dns::kClassIn});
      if (type == dns::Type::TXT) q.ednsUdpSize = 600;
      out.push_back(wire(q));
    }
  }
  dns::Message r;
  r.id = 7;
  r.qr = r.aa = true;
  r.questions.push_back({"www.he.okerr.com", dns::Type::A, dns::kClassIn});
  r.answers = {{"www.he.okerr.com", dns::Type::CNAME, 60, "cat.he.okerr.com"},
               {"cat.he.okerr.com", dns::Type::A, 300, "116.202.27.149"}};
  r.authority = {{"he.okerr.com", dns::Type::SOA, 300, "ns1.he.net hostmaster.he.net 3 10800 1800 604800 300"}};
  r.additional = {{"ns1.he.net", dns::Type::AAAA, 300, "2001:db8::53"}};
  r.ednsUdpSize = 1232;
  out.push_back(wire(r));
  return out;
}

std::vector<uint8_t> mutate(std::vector<uint8_t> in, Rng& rng) {
  const int rounds = 1 + static_cast<int>(rng.below(4));
  for (int i = 0; i < rounds; ++i) {
    switch (rng.below(7)) {
      case 0:  // flip a bit
        if (!in.empty()) in[rng.below(in.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        break;
      case 1:  // cut off
        in.resize(rng.below(in.size() + 1));
        break;
      case 2:  // insert noise
        in.insert(in.begin() + static_cast<std::ptrdiff_t>(rng.below(in.size() + 1)), static_cast<uint8_t>(rng.next()));
        break;
      case 3:  // a bogus count in the header
        if (in.size() >= 12) in[4 + 2 * rng.below(4) + 1] = static_cast<uint8_t>(rng.next());
        break;
      case 4:  // a compression pointer to anywhere (loops included)
        if (in.size() > 14) {
          const size_t at = 12 + rng.below(in.size() - 13);
          in[at] = static_cast<uint8_t>(0xc0 | (rng.next() & 0x3f));
          in[at + 1] = static_cast<uint8_t>(rng.next());
        }
        break;
      case 5:  // a label length that runs past the end
        if (in.size() > 12) in[12 + rng.below(in.size() - 12)] = static_cast<uint8_t>(rng.below(64));
        break;
      default:  // repeat a slice
        if (!in.empty()) {
          const size_t from = rng.below(in.size());
          const size_t len = rng.below(std::min<size_t>(in.size() - from, 40) + 1);
          std::vector<uint8_t> slice(in.begin() + static_cast<std::ptrdiff_t>(from),
                                     in.begin() + static_cast<std::ptrdiff_t>(from + len));
          in.insert(in.end(), slice.begin(), slice.end());
        }
    }
  }
  return in;
}

std::vector<std::vector<uint8_t>> generated(uint64_t seed, int count) {
  const auto base = seeds();
  Rng rng{seed};
  std::vector<std::vector<uint8_t>> out = base;
  for (int i = 0; i < count; ++i) {
    if (i % 10 == 0) {
      std::vector<uint8_t> noise(rng.below(600));
      for (uint8_t& b : noise) b = static_cast<uint8_t>(rng.next());
      out.push_back(std::move(noise));
    } else {
      out.push_back(mutate(base[rng.below(base.size())], rng));
    }
  }
  return out;
}

// Saved findings of by-hand libFuzzer runs (tests/fuzz/corpus/TARGET/)
// replay here forever, byte for byte as the fuzzer fed them.
std::vector<std::vector<uint8_t>> corpus(const std::string& target) {
  std::vector<std::vector<uint8_t>> out;
  const std::filesystem::path dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

TEST(FuzzReplay, ReplyDecoderSurvivesMutatedReplies) {
  for (const auto& input : generated(0x5eed0001, 4000)) fuzz::replyDecode(input);
  const auto saved = corpus("reply_decode");
  EXPECT_FALSE(saved.empty());
  for (const auto& input : saved) fuzz::replyDecode(input);
}

TEST(FuzzReplay, FakeServerSurvivesMutatedQueries) {
  Rng transport{99};
  for (auto input : generated(0x5eed0002, 4000)) {
    input.insert(input.begin(), static_cast<uint8_t>(transport.next()));  // UDP or TCP
    fuzz::authQuery(input);
  }
  const auto saved = corpus("auth_query");
  EXPECT_FALSE(saved.empty());
  for (const auto& input : saved) fuzz::authQuery(input);
}

}  // namespace
}  // namespace dnsfailover
