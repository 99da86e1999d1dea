// The RFC 2136 fuzz targets under g++ in every test run: real signed
// UPDATEs and replies (from the provider's own builder and the fake
// primary), then byte mutations of them and noise, plus the saved corpus
// under tests/fuzz/corpus/update_reply and update_serve.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "engine/core/base64.h"
#include "engine/providers/rfc2136.h"
#include "fakes/dns/update_server.h"
#include "tests/fuzz/fuzz_targets.h"
#include "tests/fuzz/replay_rng.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;
using Rng = fuzz::ReplayRng;

constexpr const char* kSecret = "q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE=";

Bytes mutate(Bytes in, Rng& rng) {
  const int rounds = 1 + static_cast<int>(rng.below(4));
  for (int i = 0; i < rounds; ++i) {
    switch (rng.below(5)) {
      case 0:
        if (!in.empty()) in[rng.below(in.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        break;
      case 1: in.resize(rng.below(in.size() + 1)); break;
      case 2: in.insert(in.begin() + static_cast<std::ptrdiff_t>(rng.below(in.size() + 1)), static_cast<uint8_t>(rng.next())); break;
      case 3:
        if (!in.empty()) in[rng.below(in.size())] = static_cast<uint8_t>(rng.next());
        break;
      default:
        if (in.size() > 13) in[12 + rng.below(in.size() - 12)] = 0xc0;  // a compression pointer
        break;
    }
  }
  return in;
}

std::vector<Bytes> corpus(const std::string& target) {
  std::vector<Bytes> out;
  const std::filesystem::path dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

// Unsigned requests of every shape the provider sends.
std::vector<Bytes> requests() {
  std::vector<Bytes> out;
  for (int shape = 0; shape < 4; ++shape) {
    dns::UpdateRequest r;
    r.id = 0x4242;
    r.zone = "example.com";
    r.name = shape == 3 ? "example.com" : "www.example.com";
    r.type = shape == 1 ? dns::Type::AAAA : dns::Type::A;
    r.addresses = shape == 1 ? std::vector<std::string>{"2001:db8::5"} : std::vector<std::string>{"192.0.2.9", "192.0.2.10"};
    if (shape == 2) r.prerequisite = std::vector<std::string>{"192.0.2.1"};
    std::string error;
    if (auto wire = dns::encodeUpdate(r, error)) out.push_back(*wire);
  }
  return out;
}

void run(const std::string& name, std::vector<Bytes> seeds, uint64_t seed, int count,
         void (*target)(std::span<const uint8_t>)) {
  const std::vector<Bytes> saved = corpus(name);
  EXPECT_FALSE(saved.empty()) << "tests/fuzz/corpus/" << name;
  seeds.insert(seeds.end(), saved.begin(), saved.end());
  for (const Bytes& input : seeds) target(input);
  Rng rng{seed};
  for (int i = 0; i < count; ++i) {
    if (i % 10 == 0) {
      Bytes noise(rng.below(200));
      for (uint8_t& b : noise) b = static_cast<uint8_t>(rng.next());
      target(noise);
    } else {
      target(mutate(seeds[rng.below(seeds.size())], rng));
    }
  }
}

TEST(Rfc2136FuzzReplay, UpdateServe) {
  std::vector<Bytes> seeds;
  for (Bytes r : requests()) {
    Bytes signedOne = r;
    signedOne.insert(signedOne.begin(), 1);  // the target signs it
    seeds.push_back(signedOne);
    r.insert(r.begin(), 0);  // sent unsigned
    seeds.push_back(r);
  }
  run("update_serve", seeds, 0x5eed2136, 3000, fuzz::updateServe);
}

TEST(Rfc2136FuzzReplay, UpdateReply) {
  // Replies of the fake to requests with the target's id, some signed.
  std::vector<Bytes> seeds;
  fakes::ZoneStore store;
  store.addZone("example.com");
  const dns::TsigKey key{"dnsf", dns::TsigAlgorithm::HmacSha256, *base64Decode(kSecret)};
  for (const Bytes& r : requests()) {
    dns::TsigParams params;
    params.timeSigned = 1'793'577'600;
    const Bytes signedRequest = dns::tsigSign(r, key, params).wire;
    const TimePoint now{std::chrono::seconds{1'793'577'600}};
    if (auto reply = fakes::serveUpdate(store, {key}, signedRequest, now)) seeds.push_back(*reply);
    if (auto reply = fakes::serveUpdate(store, {}, signedRequest, now)) seeds.push_back(*reply);
    seeds.push_back(fakes::bareReply(r, 2));
  }
  run("update_reply", seeds, 0x5eed2137, 3000, fuzz::updateReply);
}

}  // namespace
}  // namespace dnsfailover
