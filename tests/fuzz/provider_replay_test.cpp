// The provider, check and config fuzz targets under g++ in every test run:
// a few thousand inputs made from realistic replies and configs by byte
// mutations (bit flips, cut-offs, noise, repeated slices, the secret echoed
// with or without a control character inside) and, for JSON, by tree
// mutations (values swapped for other types and extremes, keys dropped,
// elements repeated), plus the saved corpus under tests/fuzz/corpus/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tests/fuzz/replay_rng.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover {
namespace {

using Bytes = std::vector<uint8_t>;
using json = nlohmann::json;

using Rng = fuzz::ReplayRng;

Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

std::string fields(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) out += fuzz::kFieldSeparator;
    out += part;
    first = false;
  }
  return out;
}

// The secret used by the generated HTTP inputs: realisticSecret keeps it.
constexpr std::string_view kSecret = "Kx7pQ2mZ9wLr4tUv";

const std::vector<std::string_view> kTokens = {
    "good", "nochg", "badauth", "nohost", "notfqdn", "abuse", "interval", "911", "dnserr", "\r\n", "\n", " ",
    "\"success\":true", "\"success\":false", "\"errors\":[", "\"code\":81044", "\"code\":7003", "\"code\":9109",
    "\"error_chain\":[", "\"result\":", "{", "}", "[", "]", ",", "\"", "\\u0000", "Retry-After: ", "120", "-1",
    "99999999999999999999", "\x01", "\x7f", "\xff", "\xc3\xa9", "<html>", "429", "401", "0"};

Bytes mutateBytes(Bytes in, Rng& rng) {
  const int rounds = 1 + static_cast<int>(rng.below(4));
  for (int i = 0; i < rounds; ++i) {
    const auto at = [&] { return in.begin() + static_cast<std::ptrdiff_t>(rng.below(in.size() + 1)); };
    switch (rng.below(8)) {
      case 0:  // flip a bit
        if (!in.empty()) in[rng.below(in.size())] ^= static_cast<uint8_t>(1u << rng.below(8));
        break;
      case 1:  // cut off
        in.resize(rng.below(in.size() + 1));
        break;
      case 2:  // insert noise (control characters included)
        in.insert(at(), static_cast<uint8_t>(rng.next()));
        break;
      case 3:  // a field separator somewhere new
        in.insert(at(), static_cast<uint8_t>(fuzz::kFieldSeparator));
        break;
      case 4: {  // a word the parsers look for
        const std::string_view token = kTokens[rng.below(kTokens.size())];
        in.insert(at(), token.begin(), token.end());
        break;
      }
      case 5: {  // the secret echoed back, sometimes split by a control character
        std::string echo(kSecret);
        if (rng.chance(2)) echo.insert(1 + rng.below(echo.size() - 1), 1, static_cast<char>(rng.below(32)));
        in.insert(at(), echo.begin(), echo.end());
        break;
      }
      case 6:  // delete a byte
        if (!in.empty()) in.erase(in.begin() + static_cast<std::ptrdiff_t>(rng.below(in.size())));
        break;
      default:  // repeat a slice
        if (!in.empty()) {
          const size_t from = rng.below(in.size());
          const size_t len = rng.below(std::min<size_t>(in.size() - from, 40) + 1);
          const Bytes slice(in.begin() + static_cast<std::ptrdiff_t>(from),
                            in.begin() + static_cast<std::ptrdiff_t>(from + len));
          in.insert(at(), slice.begin(), slice.end());
        }
    }
  }
  return in;
}

json oddValue(Rng& rng, const json& sibling) {
  switch (rng.below(18)) {
    case 0: return nullptr;
    case 1: return true;
    case 2: return -1;
    case 3: return 0;
    case 4: return INT64_MAX;
    case 5: return UINT64_MAX;
    case 6: return 1e308;
    case 7: return -0.5;
    case 8: return "";
    case 9: return "x";
    case 10: return "-5s";
    case 11: return "9999999999999999h";
    case 12: return "01:05";
    case 13: return "addr=::1 ssl_noverify addr=";
    case 14: return json::array();
    case 15: return json::object();
    case 16: {
      json deep = 1;
      for (int i = 0; i < 60; ++i) deep = json::array({deep});
      return deep;
    }
    default: return sibling;
  }
}

// Changes one node somewhere in the tree.
void mutateTree(json& v, Rng& rng) {
  json* node = &v;
  for (int depth = 0; depth < 12 && (node->is_object() || node->is_array()) && !node->empty() && !rng.chance(4); ++depth) {
    auto it = node->begin();
    std::advance(it, static_cast<std::ptrdiff_t>(rng.below(node->size())));
    node = &*it;
  }
  if (node->is_object() && !node->empty() && rng.chance(2)) {
    auto it = node->begin();
    std::advance(it, static_cast<std::ptrdiff_t>(rng.below(node->size())));
    if (rng.chance(2)) {
      node->erase(it.key());
    } else {
      (*node)[it.key()] = oddValue(rng, *it);
    }
  } else if (node->is_array() && !node->empty() && rng.chance(2)) {
    const size_t i = rng.below(node->size());
    if (rng.chance(2)) node->erase(i);
    else node->push_back((*node)[i]);
  } else {
    *node = oddValue(rng, *node);
  }
}

Bytes mutateJson(const Bytes& seed, Rng& rng) {
  json tree = json::parse(seed.begin(), seed.end(), nullptr, false);
  if (tree.is_discarded() || rng.chance(5)) return mutateBytes(seed, rng);
  const int rounds = 1 + static_cast<int>(rng.below(5));
  for (int i = 0; i < rounds; ++i) mutateTree(tree, rng);
  Bytes out = bytes(tree.dump());
  return rng.chance(6) ? mutateBytes(std::move(out), rng) : out;
}

std::vector<Bytes> corpus(const std::string& target) {
  std::vector<Bytes> out;
  const std::filesystem::path dir = std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "tests/fuzz/corpus" / target;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

// Each target: its saved corpus as is, then `count` mutations of the seeds
// and the corpus (one in ten pure noise).
template <typename Target, typename Mutate>
void run(const std::string& name, std::vector<Bytes> seeds, uint64_t seed, int count, Target target, Mutate mutate) {
  const std::vector<Bytes> saved = corpus(name);
  EXPECT_FALSE(saved.empty()) << "tests/fuzz/corpus/" << name;
  seeds.insert(seeds.end(), saved.begin(), saved.end());
  for (const Bytes& input : seeds) target(input);
  Rng rng{seed};
  for (int i = 0; i < count; ++i) {
    if (i % 10 == 0) {
      Bytes noise(rng.below(300));
      for (uint8_t& b : noise) b = static_cast<uint8_t>(rng.next());
      target(noise);
    } else {
      target(mutate(seeds[rng.below(seeds.size())], rng));
    }
  }
}

std::vector<Bytes> heSeeds() {
  std::vector<Bytes> out;
  const std::string key(kSecret);
  for (std::string_view body : {"good 116.202.27.149", "nochg 116.202.27.149\r\n", "  good\t", "badauth", "nohost", "notfqdn",
                                "abuse", "badagent", "interval", "911", "dnserr", "", "<html><body>oops</body></html>",
                                "badauth password=Kx7pQ2mZ9wLr4tUv", "good\nKx7pQ2mZ9wLr4tUv"}) {
    for (std::string_view status : {"200", "401", "500"}) out.push_back(bytes(fields({status, key, "", body})));
  }
  out.push_back(bytes(fields({"", key, "", "connection refused"})));
  out.push_back(bytes(fields({"timeout", key, "", "timed out sending password=Kx7pQ2mZ9wLr4tUv"})));
  out.push_back(bytes(fields({"-1", key, "", "good"})));
  return out;
}

std::vector<Bytes> cloudflareSeeds() {
  std::vector<Bytes> out;
  const std::string key(kSecret);
  const std::vector<std::pair<std::string_view, std::string_view>> replies = {
      {"200", R"({"success":true,"errors":[],"messages":[],"result":[{"id":"372e6795","name":"cat.he.okerr.com","type":"A","content":"116.202.27.149","ttl":300}],"result_info":{"page":1,"total_pages":3}})"},
      {"200", R"({"success":true,"errors":[],"result":{"id":"023e105f","name":"okerr.com"}})"},
      {"200", R"({"success":false,"errors":[]})"},
      {"400", R"({"success":false,"errors":[{"code":1004,"message":"DNS Validation Error","error_chain":[{"code":9005,"message":"Content for A record is invalid"}]}]})"},
      {"403", R"({"success":false,"errors":[{"code":9109,"message":"Invalid access token"}]})"},
      {"404", R"({"success":false,"errors":[{"code":81044,"message":"Record does not exist."}]})"},
      {"404", R"({"success":false,"errors":[{"code":7003,"message":"Could not route to /zones/x"}]})"},
      {"400", R"({"success":false,"errors":[{"code":1001,"message":"Invalid zone identifier"}]})"},
      {"429", R"({"success":false,"errors":[{"code":971,"message":"Please wait and consider throttling your request speed"}]})"},
      {"500", R"({"success":false,"errors":[{"code":10000,"message":"Authentication error: Bearer Kx7pQ2mZ9wLr4tUv"}]})"},
      {"502", "<html><head><title>502 Bad Gateway</title></head></html>"},
      {"200", ""},
      {"", "certificate verify failed"}};
  for (const auto& [status, body] : replies) {
    out.push_back(bytes(fields({status, key, "Content-Type: application/json", body})));
  }
  for (std::string_view retry : {"120", " 7 ", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "99999999999999999999", ""}) {
    out.push_back(bytes(fields({"429", key, "Retry-After: " + std::string(retry), R"({"success":false,"errors":[]})"})));
  }
  return out;
}

std::vector<Bytes> checkSeeds() {
  std::vector<Bytes> out;
  for (std::string_view status : {"200", "503"}) {
    out.push_back(bytes(fields({status, "status=OK", "", "", "<html>status=OK</html>"})));
    out.push_back(bytes(fields({status, "status=OK", "maintenance", "", "status=OK maintenance"})));
    out.push_back(bytes(fields({status, "", "error", "", "no error here"})));
    out.push_back(bytes(fields({status, "aaa", "", "", "aaaa"})));
  }
  out.push_back(bytes(fields({"204", "", "", "204", ""})));
  out.push_back(bytes(fields({"", "", "", "", "connection refused"})));
  return out;
}

std::vector<Bytes> scenarioFiles() {
  std::vector<Bytes> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(DNSFAILOVER_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

std::vector<Bytes> engineConfigs() {
  std::vector<Bytes> out;
  for (const Bytes& file : scenarioFiles()) {
    const json root = json::parse(file.begin(), file.end(), nullptr, false);
    if (!root.is_discarded() && root.contains("engine")) out.push_back(bytes(root["engine"].dump()));
  }
  return out;
}

TEST(ProviderFuzzReplay, HeDynReply) {
  run("he_dyn_reply", heSeeds(), 0x5eed0101, 3000, fuzz::heDynReply, mutateBytes);
}

TEST(ProviderFuzzReplay, CloudflareReply) {
  run("cloudflare_reply", cloudflareSeeds(), 0x5eed0102, 3000, fuzz::cloudflareReply, [](const Bytes& in, Rng& rng) {
    // Half the time mutate the JSON body as a tree.
    const auto parts = fuzz::splitFields(in, 4);
    if (rng.chance(2) || parts[3].empty() || parts[3][0] != '{') return mutateBytes(in, rng);
    const Bytes body = mutateJson(bytes(parts[3]), rng);
    return bytes(fields({parts[0], parts[1], parts[2], std::string(body.begin(), body.end())}));
  });
}

TEST(ProviderFuzzReplay, HttpCheck) {
  run("http_check", checkSeeds(), 0x5eed0103, 3000, fuzz::httpCheck, mutateBytes);
}

TEST(ProviderFuzzReplay, TcpDoor) {
  std::vector<Bytes> seeds;
  for (std::string_view port : {"80", "443", "22", "0", "99999"}) {
    for (std::string_view sent : {"GET / HTTP/1.0\r\n\r\n", "GET /status HTTP/1.1\r\nHost: x\r\n\r\n", "HEAD / HTTP/1.0\r\n",
                                  "", "PING\r\n", "GET /nothing HTTP/1.0\n"}) {
      seeds.push_back(bytes(fields({port, "status=OK", sent})));
    }
  }
  run("tcp_door", seeds, 0x5eed0110, 2000, fuzz::tcpDoor, mutateBytes);
}

TEST(ProviderFuzzReplay, WebhookRequest) {
  std::vector<Bytes> seeds;
  for (std::string_view sign : {"1", "", "sha256=00", "1 "}) {
    for (std::string_view body : {R"({"event":"failover","scheme":"cat"})", R"({"event":3})", "[]", "", "{"}) {
      seeds.push_back(bytes(fields({"POST", "/hook", "application/json", sign, body})));
    }
  }
  seeds.push_back(bytes(fields({"GET", "/hook", "application/json", "1", R"({"event":"synced"})"})));
  seeds.push_back(bytes(fields({"POST", "/other", "text/plain", "1", R"({"event":"synced"})"})));
  run("webhook_request", seeds, 0x5eed0111, 2000, fuzz::webhookRequest, mutateBytes);
}

TEST(ProviderFuzzReplay, EngineConfig) {
  run("engine_config", engineConfigs(), 0x5eed0104, 1500, fuzz::engineConfig, mutateJson);
}

TEST(ProviderFuzzReplay, ScenarioLoad) {
  run("scenario_load", scenarioFiles(), 0x5eed0105, 800, fuzz::scenarioLoad, mutateJson);
}

}  // namespace
}  // namespace dnsfailover
