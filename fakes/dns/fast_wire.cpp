#include "fakes/dns/fast_wire.h"

#include <charconv>
#include <string>
#include <string_view>

#include "engine/dns/wire_codec.h"

namespace dnsfailover::fakes {
namespace {

constexpr size_t kHeaderBytes = 12;

// The characters the fast path takes in a name: with any other, ldns's
// text form (escapes, case) could differ, so the full codec decides.
bool plainName(std::string_view name) {
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return name.empty() || (name.front() != '.' && name.find("..") == std::string_view::npos);
}

uint16_t count(std::span<const uint8_t> wire, size_t at) { return static_cast<uint16_t>(wire[at] << 8 | wire[at + 1]); }

// "w1 w2 ..." -> the words; false when there are not exactly `n`.
bool words(std::string_view text, size_t n, std::string_view* out) {
  size_t found = 0;
  size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && text[at] == ' ') ++at;
    if (at == text.size()) break;
    size_t end = text.find(' ', at);
    if (end == std::string_view::npos) end = text.size();
    if (found == n) return false;
    out[found++] = text.substr(at, end - at);
    at = end;
  }
  return found == n;
}

template <typename Int>
bool number(std::string_view text, Int& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && end == text.data() + text.size();
}

// Writes names with compression (RFC 1035 4.1.4): a name, or its tail, that
// was written before becomes a pointer to it, so answers are as small as the
// full codec's and cross the 512-byte UDP limit at the same point.
class NameWriter {
 public:
  explicit NameWriter(dns::WireWriter& w) : w_(w) {}

  bool write(std::string_view name) {
    if (!plainName(name)) return false;
    if (name.size() > 253) return false;
    size_t at = 0;
    while (at < name.size()) {
      const std::string_view tail = name.substr(at);
      for (const auto& [seen, offset] : seen_) {
        if (seen == tail) {
          w_.u16(static_cast<uint16_t>(0xc000 | offset));
          return true;
        }
      }
      size_t end = name.find('.', at);
      if (end == std::string_view::npos) end = name.size();
      const size_t length = end - at;
      if (length == 0 || length > 63) return false;
      if (w_.size() < 0x3fff) seen_.emplace_back(std::string(tail), w_.size());
      w_.u8(static_cast<uint8_t>(length));
      w_.bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(name.data() + at), length));
      at = end + 1;
    }
    w_.u8(0);
    return true;
  }

 private:
  dns::WireWriter& w_;
  std::vector<std::pair<std::string, size_t>> seen_;
};

bool writeRdata(dns::WireWriter& w, NameWriter& names, const dns::Record& r) {
  switch (r.type) {
    case dns::Type::A:
    case dns::Type::AAAA: {
      const std::vector<uint8_t> bytes = dns::addressRdata(r.data);
      if (bytes.size() != (r.type == dns::Type::A ? 4u : 16u)) return false;
      w.bytes(bytes);
      return true;
    }
    case dns::Type::NS:
    case dns::Type::CNAME:
    case dns::Type::PTR:
      return names.write(r.data);
    case dns::Type::MX: {
      std::string_view f[2];
      uint16_t preference = 0;
      if (!words(r.data, 2, f) || !number(f[0], preference)) return false;
      w.u16(preference);
      return names.write(f[1]);
    }
    case dns::Type::SOA: {
      std::string_view f[7];
      uint32_t values[5] = {};
      if (!words(r.data, 7, f)) return false;
      for (size_t i = 0; i < 5; ++i) {
        if (!number(f[2 + i], values[i])) return false;
      }
      if (!names.write(f[0]) || !names.write(f[1])) return false;
      for (const uint32_t v : values) w.u32(v);
      return true;
    }
    default:
      return false;  // TXT and the rest: the full codec knows their text forms
  }
}

bool writeRecord(dns::WireWriter& w, NameWriter& names, const dns::Record& r) {
  if (r.type == dns::Type::OPT) return false;
  if (!names.write(r.name)) return false;
  w.u16(static_cast<uint16_t>(r.type));
  w.u16(r.rclass);
  w.u32(r.ttl);
  const size_t lengthAt = w.size();
  w.u16(0);
  if (!writeRdata(w, names, r)) return false;
  const size_t length = w.size() - lengthAt - 2;
  if (length > 0xffff) return false;
  w.data()[lengthAt] = static_cast<uint8_t>(length >> 8);
  w.data()[lengthAt + 1] = static_cast<uint8_t>(length);
  return true;
}

}  // namespace

std::optional<dns::Message> decodeSimpleQuery(std::span<const uint8_t> wire) {
  if (wire.size() < kHeaderBytes) return std::nullopt;
  const uint8_t flags = wire[2];
  const uint8_t flags2 = wire[3];
  dns::Message m;
  m.id = count(wire, 0);
  m.qr = (flags & 0x80) != 0;
  m.opcode = static_cast<uint8_t>((flags >> 3) & 0x0f);
  m.aa = (flags & 0x04) != 0;
  m.tc = (flags & 0x02) != 0;
  m.rd = (flags & 0x01) != 0;
  m.ra = (flags2 & 0x80) != 0;
  m.rcode = static_cast<dns::Rcode>(flags2 & 0x0f);
  if (m.qr || m.opcode != 0 || count(wire, 4) != 1 || count(wire, 6) != 0 || count(wire, 8) != 0 ||
      count(wire, 10) > 1) {
    return std::nullopt;
  }
  // The question's name must be written out in place (no pointer): then
  // its text is exactly the labels, as the full codec would show them.
  dns::WireReader in(wire, kHeaderBytes);
  for (size_t at = kHeaderBytes; at < wire.size() && wire[at] != 0; at += 1u + wire[at]) {
    if ((wire[at] & 0xc0) != 0) return std::nullopt;
  }
  dns::Question q;
  uint16_t type = 0;
  if (!in.name(q.name) || !plainName(q.name) || !in.u16(type) || !in.u16(q.qclass)) return std::nullopt;
  q.type = static_cast<dns::Type>(type);
  m.questions.push_back(std::move(q));
  if (count(wire, 10) == 1) {
    // Only an OPT record owned by the root, as RFC 6891 writes it.
    uint8_t root = 0xff;
    uint16_t optType = 0;
    uint16_t udpSize = 0;
    uint32_t ttl = 0;
    uint16_t length = 0;
    std::vector<uint8_t> options;
    if (!in.u8(root) || root != 0 || !in.u16(optType) || optType != static_cast<uint16_t>(dns::Type::OPT) ||
        !in.u16(udpSize) || !in.u32(ttl) || !in.u16(length) || !in.bytes(length, options)) {
      return std::nullopt;
    }
    m.ednsUdpSize = udpSize;
  }
  if (in.remaining() != 0) return std::nullopt;  // trailing bytes: let the full codec judge them
  return m;
}

std::optional<std::vector<uint8_t>> encodeSimpleReply(const dns::Message& m) {
  if (m.questions.size() > 1) return std::nullopt;
  const size_t additional = m.additional.size() + (m.ednsUdpSize ? 1 : 0);
  if (m.answers.size() > 0xffff || m.authority.size() > 0xffff || additional > 0xffff) return std::nullopt;
  dns::WireWriter w;
  w.data().reserve(512);
  w.u16(m.id);
  w.u8(static_cast<uint8_t>((m.qr ? 0x80 : 0) | (m.opcode & 0x0f) << 3 | (m.aa ? 0x04 : 0) | (m.tc ? 0x02 : 0) |
                            (m.rd ? 0x01 : 0)));
  w.u8(static_cast<uint8_t>((m.ra ? 0x80 : 0) | (static_cast<uint8_t>(m.rcode) & 0x0f)));
  w.u16(static_cast<uint16_t>(m.questions.size()));
  w.u16(static_cast<uint16_t>(m.answers.size()));
  w.u16(static_cast<uint16_t>(m.authority.size()));
  w.u16(static_cast<uint16_t>(additional));
  NameWriter names(w);
  for (const dns::Question& q : m.questions) {
    if (!names.write(q.name)) return std::nullopt;
    w.u16(static_cast<uint16_t>(q.type));
    w.u16(q.qclass);
  }
  for (const auto* section : {&m.answers, &m.authority, &m.additional}) {
    for (const dns::Record& r : *section) {
      if (!writeRecord(w, names, r)) return std::nullopt;
    }
  }
  if (m.ednsUdpSize) {
    // The OPT record the full codec writes too: root owner, our UDP size, no options.
    w.u8(0);
    w.u16(static_cast<uint16_t>(dns::Type::OPT));
    w.u16(std::max<uint16_t>(*m.ednsUdpSize, 512));
    w.u32(0);
    w.u16(0);
  }
  return std::move(w.data());
}

}  // namespace dnsfailover::fakes
