#include <cstdlib>
#include <memory>

#include "engine/core/base64.h"
#include "engine/dns/tsig.h"
#include "engine/providers/rfc2136.h"
#include "fakes/dns/update_server.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {
namespace {

constexpr const char* kSecret = "q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE=";
constexpr uint64_t kNow = 1'793'577'600;

const dns::TsigKey& key() {
  static const dns::TsigKey k{"dnsf", dns::TsigAlgorithm::HmacSha256, *base64Decode(kSecret)};
  return k;
}

TimePoint nowPoint() { return TimePoint{std::chrono::seconds{kNow}}; }

}  // namespace

void updateReply(std::span<const uint8_t> data) {
  // The request these bytes pretend to answer: id 0x4242, a fixed MAC.
  UpdateSent sent{0x4242, std::vector<uint8_t>(32, 0xab), "www.example.com A 192.0.2.1"};
  const PushOutcome outcome =
      judgeUpdateReply(DnsWireResult::success(std::vector<uint8_t>(data.begin(), data.end()), Duration{1}), sent,
                       key(), kNow, "192.0.2.53:53");
  if (outcome.message.empty()) std::abort();
  if (outcome.message.find(kSecret) != std::string::npos) std::abort();
  if (outcome.ok()) {
    // Success only for a reply that verifies against our key and MAC.
    const dns::ParsedUpdate parsed = dns::parseUpdateWire(data);
    if (!parsed.message || !parsed.message->tsig || parsed.message->rcode != 0) std::abort();
    if (dns::tsigVerify(data, *parsed.message, key(), kNow, sent.mac, true) != dns::TsigCheck::Ok) std::abort();
  }
}

void updateServe(std::span<const uint8_t> data) {
  if (data.empty()) return;
  // First byte odd: sign the rest with the server's key first, so the
  // prerequisite and update paths are reached, not only the TSIG checks.
  const bool sign = (data[0] & 1) != 0;
  std::vector<uint8_t> message(data.begin() + 1, data.end());
  if (sign && message.size() >= 12) {
    // The signer counts the TSIG in ARCOUNT: start from a message without one.
    dns::TsigParams params;
    params.timeSigned = kNow;
    message = dns::tsigSign(std::move(message), key(), params).wire;
  }
  fakes::ZoneStore store;
  store.addZone("example.com");
  store.set(nowPoint(), "www.example.com", "A", "192.0.2.1", 300);
  store.set(nowPoint(), "www.example.com", "AAAA", "2001:db8::1", 300);
  store.set(nowPoint(), "example.com", "NS", "ns1.example.com", 300);
  const uint32_t serial = store.findZone("example.com")->serial;
  const std::optional<std::vector<uint8_t>> reply = fakes::serveUpdate(store, {key()}, message, nowPoint());
  if (!reply) return;
  const dns::ParsedUpdate parsed = dns::parseUpdateWire(*reply);
  if (!parsed.message || !parsed.message->qr) std::abort();  // our own reply must parse
  if (message.size() >= 2 && parsed.message->id != static_cast<uint16_t>(message[0] << 8 | message[1])) std::abort();
  const bool changed = store.findZone("example.com")->serial != serial;
  if (changed && parsed.message->rcode != 0) std::abort();  // all or nothing
  for (const auto& [name, zone] : store.zones()) {
    for (const fakes::DnsRecord& r : zone.records) {
      if (!dns::inZone(r.name, name)) std::abort();
    }
  }
  // The apex NS is never deleted by an update.
  if (store.find("example.com", "NS").empty()) std::abort();
}

}  // namespace dnsfailover::fuzz
