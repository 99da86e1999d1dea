#include "fakes/dns/wire_door.h"

#include <algorithm>

#include "engine/live/dns_wire.h"
#include "fakes/dns/auth_answer.h"
#include "fakes/dns/fast_wire.h"

namespace dnsfailover::fakes {
namespace {

constexpr size_t kHeaderBytes = 12;
constexpr size_t kClassicUdpLimit = 512;

std::vector<uint8_t> encodeOr(const dns::Message& reply, dns::Rcode fallback) {
  if (auto wire = encodeSimpleReply(reply)) return std::move(*wire);
  if (auto wire = live::encodeMessage(reply)) return std::move(*wire);
  // Data the encoder cannot write (a broken value in the zone): SERVFAIL.
  dns::Message failed = reply;
  failed.answers.clear();
  failed.authority.clear();
  failed.additional.clear();
  failed.aa = false;
  failed.rcode = fallback;
  if (auto wire = live::encodeMessage(failed)) return std::move(*wire);
  failed.questions.clear();
  return live::encodeMessage(failed).value_or(std::vector<uint8_t>{});
}

}  // namespace

std::vector<uint8_t> serveWire(DnsDoor& door, std::span<const uint8_t> query, TimePoint now, DnsTransport transport) {
  if (query.size() < kHeaderBytes) return {};
  if ((query[2] & 0x80) != 0) return {};  // a response: answering could start a loop
  // UPDATE (opcode 5) stays in wire form: its TSIG covers the exact bytes.
  if (((query[2] >> 3) & 0x0f) == 5) return door.handleWire(query, now).value_or(std::vector<uint8_t>{});
  live::DecodedMessage decoded;
  decoded.message = decodeSimpleQuery(query);
  if (!decoded.message) decoded = live::decodeMessage(query);
  if (!decoded.message) {
    dns::Message formErr;
    formErr.id = static_cast<uint16_t>((query[0] << 8) | query[1]);
    formErr.qr = true;
    formErr.opcode = static_cast<uint8_t>((query[2] >> 3) & 0x0f);
    formErr.rd = (query[2] & 0x01) != 0;
    formErr.rcode = dns::Rcode::FormErr;
    return live::encodeMessage(formErr).value_or(std::vector<uint8_t>{});
  }
  const dns::Message& q = *decoded.message;
  std::optional<dns::Message> reply = door.handle(q, now);
  if (!reply) return {};
  std::vector<uint8_t> wire = encodeOr(*reply, dns::Rcode::ServFail);
  if (transport == DnsTransport::Udp) {
    const size_t limit = std::max<size_t>(kClassicUdpLimit, q.ednsUdpSize.value_or(0));
    if (wire.size() > limit) {
      dns::Message truncated = replySkeleton(q);
      truncated.aa = reply->aa;
      truncated.ra = reply->ra;
      truncated.rcode = reply->rcode;
      truncated.tc = true;
      wire = encodeOr(truncated, dns::Rcode::ServFail);
      if (wire.size() > limit) {
        truncated.questions.clear();
        wire = encodeOr(truncated, dns::Rcode::ServFail);
      }
    }
  }
  return wire;
}

}  // namespace dnsfailover::fakes
