// Goal: our TSIG agrees with an independent implementation, ldns: an UPDATE
// we sign verifies in ldns (for each algorithm), a message ldns signs
// verifies in ours, and a changed secret fails in both directions.

#include <gtest/gtest.h>

#include <ctime>

#include "engine/core/base64.h"
#include "engine/dns/tsig.h"
#include "engine/dns/update.h"
#include "engine/live/dns_ldns.h"

namespace dnsfailover::dns {
namespace {

constexpr const char* kSecret = "q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE=";
constexpr const char* kOther = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE=";

std::vector<uint8_t> unsignedUpdate() {
  UpdateRequest r;
  r.id = 0x2136;
  r.zone = "example.com";
  r.name = "www.example.com";
  r.ttl = 120;
  r.addresses = {"192.0.2.1"};
  r.prerequisite = std::vector<std::string>{"192.0.2.9"};
  std::string error;
  return encodeUpdate(r, error).value();
}

bool ldnsVerifies(const std::vector<uint8_t>& wire, const char* secret) {
  ldns_pkt* pkt = nullptr;
  if (ldns_wire2pkt(&pkt, wire.data(), wire.size()) != LDNS_STATUS_OK) return false;
  const bool ok = ldns_pkt_tsig_verify(pkt, wire.data(), wire.size(), "dnsf.", secret, nullptr);
  ldns_pkt_free(pkt);
  return ok;
}

TEST(LdnsCrossCheck, OurSignatureVerifiesInLdns) {
  for (TsigAlgorithm algorithm : {TsigAlgorithm::HmacSha256, TsigAlgorithm::HmacSha512, TsigAlgorithm::HmacSha1}) {
    TsigKey key{"dnsf", algorithm, *base64Decode(kSecret)};
    TsigParams params;
    params.timeSigned = static_cast<uint64_t>(std::time(nullptr));
    const SignedMessage s = tsigSign(unsignedUpdate(), key, params);
    EXPECT_TRUE(ldnsVerifies(s.wire, kSecret)) << tsigAlgorithmName(algorithm);
    EXPECT_FALSE(ldnsVerifies(s.wire, kOther)) << tsigAlgorithmName(algorithm);
  }
}

TEST(LdnsCrossCheck, LdnsSignatureVerifiesInOurs) {
  const std::vector<uint8_t> plain = unsignedUpdate();
  ldns_pkt* pkt = nullptr;
  ASSERT_EQ(ldns_wire2pkt(&pkt, plain.data(), plain.size()), LDNS_STATUS_OK);
  ASSERT_EQ(ldns_pkt_tsig_sign(pkt, "dnsf.", kSecret, 300, "hmac-sha256.", nullptr), LDNS_STATUS_OK);
  uint8_t* out = nullptr;
  size_t size = 0;
  ASSERT_EQ(ldns_pkt2wire(&out, pkt, &size), LDNS_STATUS_OK);
  const std::vector<uint8_t> wire(out, out + size);
  free(out);
  ldns_pkt_free(pkt);
  ParsedUpdate parsed = parseUpdateWire(wire);
  ASSERT_TRUE(parsed.message) << parsed.error;
  const uint64_t now = static_cast<uint64_t>(std::time(nullptr));
  TsigKey key{"dnsf", TsigAlgorithm::HmacSha256, *base64Decode(kSecret)};
  EXPECT_EQ(tsigVerify(wire, *parsed.message, key, now, {}, false), TsigCheck::Ok);
  key.secret = *base64Decode(kOther);
  EXPECT_EQ(tsigVerify(wire, *parsed.message, key, now, {}, false), TsigCheck::BadMac);
}

}  // namespace
}  // namespace dnsfailover::dns
