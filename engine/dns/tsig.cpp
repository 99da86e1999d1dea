#include "engine/dns/tsig.h"

#include "engine/dns/wire_codec.h"

namespace dnsfailover::dns {
namespace {

constexpr size_t kHeaderBytes = 12;

uint16_t readU16(std::span<const uint8_t> wire, size_t at) {
  return static_cast<uint16_t>(wire[at] << 8 | wire[at + 1]);
}

void writeU16(std::vector<uint8_t>& wire, size_t at, uint16_t v) {
  wire[at] = static_cast<uint8_t>(v >> 8);
  wire[at + 1] = static_cast<uint8_t>(v);
}

// The TSIG variables digested after the message (RFC 8945 4.3.3).
void variables(WireWriter& w, const std::string& keyName, const std::string& algorithm, uint64_t timeSigned,
               uint16_t fudge, uint16_t error, std::span<const uint8_t> other) {
  w.bytes(canonicalName(keyName));
  w.u16(kClassAny);
  w.u32(0);
  w.bytes(canonicalName(algorithm));
  w.u48(timeSigned);
  w.u16(fudge);
  w.u16(error);
  w.u16(static_cast<uint16_t>(other.size()));
  w.bytes(other);
}

// `message` without its TSIG record, ARCOUNT as it was before signing and
// the original id in place.
std::vector<uint8_t> digestInput(std::span<const uint8_t> message, uint16_t originalId, bool hadTsig,
                                 std::span<const uint8_t> requestMac, bool isReply, const std::string& keyName,
                                 const std::string& algorithm, uint64_t timeSigned, uint16_t fudge, uint16_t error,
                                 std::span<const uint8_t> other) {
  WireWriter w;
  if (isReply) {
    w.u16(static_cast<uint16_t>(requestMac.size()));
    w.bytes(requestMac);
  }
  const size_t start = w.size();
  w.bytes(message);
  std::vector<uint8_t>& data = w.data();
  writeU16(data, start, originalId);
  if (hadTsig) writeU16(data, start + 10, static_cast<uint16_t>(readU16(data, start + 10) - 1));
  variables(w, keyName, algorithm, timeSigned, fudge, error, other);
  return std::move(w.data());
}

void appendTsigRecord(std::vector<uint8_t>& message, const std::string& keyName, const std::string& algorithm,
                      uint64_t timeSigned, uint16_t fudge, std::span<const uint8_t> mac, uint16_t originalId,
                      uint16_t error, std::span<const uint8_t> other) {
  WireWriter rdata;
  rdata.name(algorithm);
  rdata.u48(timeSigned);
  rdata.u16(fudge);
  rdata.u16(static_cast<uint16_t>(mac.size()));
  rdata.bytes(mac);
  rdata.u16(originalId);
  rdata.u16(error);
  rdata.u16(static_cast<uint16_t>(other.size()));
  rdata.bytes(other);
  WireWriter rr;
  rr.name(keyName);
  rr.u16(kTypeTsig);
  rr.u16(kClassAny);
  rr.u32(0);
  rr.u16(static_cast<uint16_t>(rdata.size()));
  rr.bytes(rdata.data());
  message.insert(message.end(), rr.data().begin(), rr.data().end());
  writeU16(message, 10, static_cast<uint16_t>(readU16(message, 10) + 1));
}

}  // namespace

std::string tsigErrorName(uint16_t error) {
  switch (error) {
    case 16: return "BADSIG";
    case 17: return "BADKEY";
    case 18: return "BADTIME";
    case 22: return "BADTRUNC";
    default: return "TSIG error " + std::to_string(error);
  }
}

SignedMessage tsigSign(std::vector<uint8_t> message, const TsigKey& key, const TsigParams& params) {
  SignedMessage out;
  if (message.size() < kHeaderBytes) return out;
  const std::string algorithm = tsigAlgorithmName(key.algorithm);
  const uint16_t id = readU16(message, 0);
  const std::vector<uint8_t> input = digestInput(message, id, /*hadTsig=*/false, params.requestMac, params.isReply,
                                                 key.name, algorithm, params.timeSigned, params.fudge, params.error,
                                                 params.other);
  out.mac = hmacDigest(key.algorithm, key.secret, input);
  appendTsigRecord(message, key.name, algorithm, params.timeSigned, params.fudge, out.mac, id, params.error,
                   params.other);
  out.wire = std::move(message);
  return out;
}

std::vector<uint8_t> tsigAppendUnsigned(std::vector<uint8_t> message, const std::string& keyName,
                                        const std::string& algorithm, uint64_t timeSigned, uint16_t fudge,
                                        uint16_t originalId, TsigError error) {
  if (message.size() < kHeaderBytes) return message;
  appendTsigRecord(message, keyName, algorithm, timeSigned, fudge, {}, originalId, static_cast<uint16_t>(error), {});
  return message;
}

TsigCheck tsigVerify(std::span<const uint8_t> wire, const UpdateMessage& parsed, const TsigKey& key,
                     uint64_t nowSeconds, std::span<const uint8_t> requestMac, bool isReply) {
  if (!parsed.tsig || parsed.tsigOffset < kHeaderBytes || parsed.tsigOffset > wire.size()) return TsigCheck::Unsigned;
  const TsigRecord& tsig = *parsed.tsig;
  if (tsig.keyName != key.name || parseTsigAlgorithm(tsig.algorithm) != key.algorithm) return TsigCheck::WrongKey;
  if (tsig.mac.empty()) return TsigCheck::BadMac;
  const std::vector<uint8_t> input =
      digestInput(wire.first(parsed.tsigOffset), tsig.originalId, /*hadTsig=*/true, requestMac, isReply, tsig.keyName,
                  tsig.algorithm, tsig.timeSigned, tsig.fudge, tsig.error, tsig.other);
  const std::vector<uint8_t> expected = hmacDigest(key.algorithm, key.secret, input);
  // Truncated MACs (RFC 8945 5.2.2.1) are not accepted: the whole digest.
  if (expected.size() != tsig.mac.size()) return TsigCheck::BadMac;
  uint8_t diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) diff |= static_cast<uint8_t>(expected[i] ^ tsig.mac[i]);
  if (diff != 0) return TsigCheck::BadMac;
  const uint64_t skew = nowSeconds > tsig.timeSigned ? nowSeconds - tsig.timeSigned : tsig.timeSigned - nowSeconds;
  if (skew > tsig.fudge) return TsigCheck::BadTime;
  return TsigCheck::Ok;
}

}  // namespace dnsfailover::dns
