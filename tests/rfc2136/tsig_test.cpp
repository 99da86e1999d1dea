// Goal: the TSIG codec is right on its own terms and against outside
// references: the HMACs match RFC 4231 / RFC 2202 vectors, base64 is
// strict, a signed message verifies and any changed byte, key, secret or
// time does not, and a reply is bound to its request's MAC.

#include <gtest/gtest.h>

#include "engine/core/base64.h"
#include "engine/dns/hmac.h"
#include "engine/dns/tsig.h"
#include "engine/dns/update.h"

namespace dnsfailover::dns {
namespace {

std::vector<uint8_t> bytes(std::string_view text) { return {text.begin(), text.end()}; }

std::string hex(const std::vector<uint8_t>& data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

TEST(Hmac, Rfc4231TestCase2) {
  // Key "Jefe", data "what do ya want for nothing?".
  const auto key = bytes("Jefe");
  const auto data = bytes("what do ya want for nothing?");
  EXPECT_EQ(hex(hmacDigest(TsigAlgorithm::HmacSha256, key, data)),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex(hmacDigest(TsigAlgorithm::HmacSha512, key, data)),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b"
            "636e070a38bce737");
}

TEST(Hmac, Rfc4231TestCase1AndRfc2202) {
  const std::vector<uint8_t> key(20, 0x0b);
  const auto data = bytes("Hi There");
  EXPECT_EQ(hex(hmacDigest(TsigAlgorithm::HmacSha256, key, data)),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // RFC 2202 test case 1 (HMAC-SHA-1), same key and data.
  EXPECT_EQ(hex(hmacDigest(TsigAlgorithm::HmacSha1, key, data)), "b617318655057264e28bc0b6fb378c8ef146be00");
}

TEST(Hmac, AlgorithmNames) {
  EXPECT_EQ(parseTsigAlgorithm("HMAC-SHA256."), TsigAlgorithm::HmacSha256);
  EXPECT_EQ(parseTsigAlgorithm("hmac-sha512"), TsigAlgorithm::HmacSha512);
  EXPECT_EQ(parseTsigAlgorithm("hmac-sha1"), TsigAlgorithm::HmacSha1);
  EXPECT_FALSE(parseTsigAlgorithm("hmac-md5.sig-alg.reg.int"));
  EXPECT_FALSE(parseTsigAlgorithm(""));
}

TEST(Base64, StrictDecode) {
  EXPECT_EQ(base64Decode("Zm9vYmFy"), bytes("foobar"));
  EXPECT_EQ(base64Decode("Zm9vYg=="), bytes("foob"));
  EXPECT_EQ(base64Decode("Zm9vYmE=\n"), bytes("fooba"));
  EXPECT_FALSE(base64Decode(""));
  EXPECT_FALSE(base64Decode("Zm9vYmF"));      // not whole quads
  EXPECT_FALSE(base64Decode("Zm9v!mFy"));     // outside the alphabet
  EXPECT_FALSE(base64Decode("Zm=vYmFy"));     // padding in the middle
  EXPECT_FALSE(base64Decode("not a secret"));
  EXPECT_EQ(base64Encode(bytes("foob")), "Zm9vYg==");
}

class TsigRoundTrip : public ::testing::Test {
 protected:
  TsigKey key{"dnsf", TsigAlgorithm::HmacSha256, bytes("0123456789abcdef0123456789abcdef")};
  static constexpr uint64_t kNow = 1'793'577'600;  // 2026-11-02T00:00:00Z

  std::vector<uint8_t> request() {
    UpdateRequest r;
    r.id = 0x1234;
    r.zone = "example.com";
    r.name = "www.example.com";
    r.addresses = {"192.0.2.1"};
    r.ttl = 120;
    std::string error;
    auto wire = encodeUpdate(r, error);
    EXPECT_TRUE(wire) << error;
    return wire.value_or(std::vector<uint8_t>{});
  }

  TsigCheck check(const std::vector<uint8_t>& wire, const TsigKey& k, uint64_t now) {
    ParsedUpdate parsed = parseUpdateWire(wire);
    if (!parsed.message) return TsigCheck::Unsigned;
    return tsigVerify(wire, *parsed.message, k, now, {}, false);
  }
};

TEST_F(TsigRoundTrip, SignedRequestVerifies) {
  TsigParams params;
  params.timeSigned = kNow;
  SignedMessage s = tsigSign(request(), key, params);
  ASSERT_EQ(s.mac.size(), 32u);
  ParsedUpdate parsed = parseUpdateWire(s.wire);
  ASSERT_TRUE(parsed.message) << parsed.error;
  ASSERT_TRUE(parsed.message->tsig);
  EXPECT_EQ(parsed.message->tsig->keyName, "dnsf");
  EXPECT_EQ(parsed.message->tsig->algorithm, "hmac-sha256");
  EXPECT_EQ(parsed.message->tsig->fudge, 300);
  EXPECT_EQ(parsed.message->tsig->originalId, 0x1234);
  EXPECT_EQ(parsed.message->tsig->mac, s.mac);
  EXPECT_EQ(check(s.wire, key, kNow), TsigCheck::Ok);
  EXPECT_EQ(check(s.wire, key, kNow + 300), TsigCheck::Ok);
}

TEST_F(TsigRoundTrip, EveryChangeBreaksIt) {
  TsigParams params;
  params.timeSigned = kNow;
  SignedMessage s = tsigSign(request(), key, params);
  EXPECT_EQ(check(s.wire, key, kNow + 301), TsigCheck::BadTime);
  EXPECT_EQ(check(s.wire, key, kNow - 301), TsigCheck::BadTime);
  TsigKey otherSecret = key;
  otherSecret.secret.back() ^= 1;
  EXPECT_EQ(check(s.wire, otherSecret, kNow), TsigCheck::BadMac);
  TsigKey otherName = key;
  otherName.name = "other";
  EXPECT_EQ(check(s.wire, otherName, kNow), TsigCheck::WrongKey);
  TsigKey otherAlgorithm = key;
  otherAlgorithm.algorithm = TsigAlgorithm::HmacSha512;
  EXPECT_EQ(check(s.wire, otherAlgorithm, kNow), TsigCheck::WrongKey);
  // Flip each byte before the TSIG record in turn (except the id, which
  // the MAC covers through Original ID): none verifies.
  const size_t tsigAt = parseUpdateWire(s.wire).message->tsigOffset;
  for (size_t i = 2; i < tsigAt; ++i) {
    std::vector<uint8_t> changed = s.wire;
    changed[i] ^= 0x01;
    const TsigCheck result = check(changed, key, kNow);
    EXPECT_NE(result, TsigCheck::Ok) << "byte " << i;
  }
  EXPECT_EQ(check(request(), key, kNow), TsigCheck::Unsigned);
}

TEST_F(TsigRoundTrip, ReplyIsBoundToTheRequestMac) {
  TsigParams params;
  params.timeSigned = kNow;
  SignedMessage req = tsigSign(request(), key, params);
  std::vector<uint8_t> reply = {0x12, 0x34, 0xa8, 0x00, 0, 0, 0, 0, 0, 0, 0, 0};
  TsigParams replyParams;
  replyParams.timeSigned = kNow + 1;
  replyParams.isReply = true;
  replyParams.requestMac = req.mac;
  SignedMessage signedReply = tsigSign(reply, key, replyParams);
  ParsedUpdate parsed = parseUpdateWire(signedReply.wire);
  ASSERT_TRUE(parsed.message) << parsed.error;
  EXPECT_EQ(tsigVerify(signedReply.wire, *parsed.message, key, kNow, req.mac, true), TsigCheck::Ok);
  std::vector<uint8_t> otherMac = req.mac;
  otherMac[0] ^= 0xff;
  EXPECT_EQ(tsigVerify(signedReply.wire, *parsed.message, key, kNow, otherMac, true), TsigCheck::BadMac);
}

TEST(UpdateCodec, SectionsHoldWhatThePushMeans) {
  UpdateRequest r;
  r.id = 7;
  r.zone = "Example.COM.";
  r.name = "www.example.com";
  r.type = Type::AAAA;
  r.ttl = 60;
  r.addresses = {"2001:db8::1", "2001:db8::2"};
  r.prerequisite = std::vector<std::string>{"2001:db8::9"};
  std::string error;
  auto wire = encodeUpdate(r, error);
  ASSERT_TRUE(wire) << error;
  ParsedUpdate parsed = parseUpdateWire(*wire);
  ASSERT_TRUE(parsed.message) << parsed.error;
  const UpdateMessage& m = *parsed.message;
  EXPECT_EQ(m.opcode, kOpcodeUpdate);
  EXPECT_FALSE(m.qr);
  ASSERT_EQ(m.zone.size(), 1u);
  EXPECT_EQ(m.zone[0].name, "example.com");
  EXPECT_EQ(m.zone[0].type, Type::SOA);
  ASSERT_EQ(m.prerequisites.size(), 1u);
  EXPECT_EQ(m.prerequisites[0].rclass, kClassIn);
  EXPECT_EQ(m.prerequisites[0].ttl, 0u);
  EXPECT_EQ(m.prerequisites[0].rdata.size(), 16u);
  ASSERT_EQ(m.updates.size(), 3u);
  // Delete the RRset first (class ANY, TTL 0, no data), then add each.
  EXPECT_EQ(m.updates[0], (WireRecord{"www.example.com", 28, kClassAny, 0, {}}));
  EXPECT_EQ(m.updates[1].rclass, kClassIn);
  EXPECT_EQ(m.updates[1].ttl, 60u);
  EXPECT_EQ(m.updates[2].type, 28);
  EXPECT_FALSE(m.tsig);
}

TEST(UpdateCodec, EmptySetOnlyDeletes) {
  UpdateRequest r;
  r.zone = "example.com";
  r.name = "www.example.com";
  std::string error;
  auto wire = encodeUpdate(r, error);
  ASSERT_TRUE(wire);
  ParsedUpdate parsed = parseUpdateWire(*wire);
  ASSERT_TRUE(parsed.message);
  ASSERT_EQ(parsed.message->updates.size(), 1u);
  EXPECT_EQ(parsed.message->updates[0].rclass, kClassAny);
}

TEST(UpdateCodec, RefusesWhatCannotBeSent) {
  UpdateRequest r;
  r.zone = "example.com";
  r.name = "www.example.com";
  r.addresses = {"192.0.2.300"};
  std::string error;
  EXPECT_FALSE(encodeUpdate(r, error));
  EXPECT_NE(error.find("192.0.2.300"), std::string::npos);
  r.addresses = {"2001:db8::1"};  // an AAAA address in an A push
  EXPECT_FALSE(encodeUpdate(r, error));
  r.addresses = {"192.0.2.1"};
  r.name = std::string(64, 'a') + ".example.com";
  EXPECT_FALSE(encodeUpdate(r, error));
}

TEST(UpdateCodec, ParserRefusesBrokenInput) {
  EXPECT_FALSE(parseUpdateWire(std::vector<uint8_t>{1, 2, 3}).message);
  // Header says one zone entry, none follows.
  EXPECT_FALSE(parseUpdateWire(std::vector<uint8_t>{0, 1, 0x28, 0, 0, 1, 0, 0, 0, 0, 0, 0}).message);
  // A compression pointer to itself.
  std::vector<uint8_t> loop = {0, 1, 0x28, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 6, 0, 1};
  EXPECT_FALSE(parseUpdateWire(loop).message);
  // A pointer backwards to a real name is fine.
  std::vector<uint8_t> ok = {0, 1, 0x28, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 'a', 0, 0, 6, 0, 1, 0xc0, 12, 0, 6, 0, 1};
  ParsedUpdate parsed = parseUpdateWire(ok);
  ASSERT_TRUE(parsed.message) << parsed.error;
  EXPECT_EQ(parsed.message->zone[1].name, "a");
}

}  // namespace
}  // namespace dnsfailover::dns
