#include "engine/dns/update.h"

#include "engine/dns/wire_codec.h"

namespace dnsfailover::dns {
namespace {

void header(WireWriter& w, uint16_t id, uint16_t zones, uint16_t prereqs, uint16_t updates) {
  w.u16(id);
  w.u8(static_cast<uint8_t>(kOpcodeUpdate << 3));  // QR=0, opcode UPDATE
  w.u8(0);
  w.u16(zones);
  w.u16(prereqs);
  w.u16(updates);
  w.u16(0);
}

bool record(WireWriter& w, const std::string& name, Type type, uint16_t rclass, uint32_t ttl,
            std::span<const uint8_t> rdata) {
  if (!w.name(name)) return false;
  w.u16(static_cast<uint16_t>(type));
  w.u16(rclass);
  w.u32(ttl);
  w.u16(static_cast<uint16_t>(rdata.size()));
  w.bytes(rdata);
  return true;
}

bool readRecords(WireReader& r, uint16_t count, const char* section, std::vector<WireRecord>& out,
                 std::string& error) {
  for (uint16_t i = 0; i < count; ++i) {
    WireRecord rec;
    uint16_t length = 0;
    if (!r.name(rec.name) || !r.u16(rec.type) || !r.u16(rec.rclass) || !r.u32(rec.ttl) || !r.u16(length) ||
        !r.bytes(length, rec.rdata)) {
      error = std::string(section) + " section: record " + std::to_string(i) + " truncated or malformed";
      return false;
    }
    out.push_back(std::move(rec));
  }
  return true;
}

bool readTsig(const WireRecord& rec, TsigRecord& tsig) {
  WireReader r(rec.rdata);
  uint16_t macSize = 0;
  uint16_t otherSize = 0;
  tsig.keyName = rec.name;
  return r.name(tsig.algorithm) && r.u48(tsig.timeSigned) && r.u16(tsig.fudge) && r.u16(macSize) &&
         r.bytes(macSize, tsig.mac) && r.u16(tsig.originalId) && r.u16(tsig.error) && r.u16(otherSize) &&
         r.bytes(otherSize, tsig.other) && r.remaining() == 0;
}

}  // namespace

std::string updateRcodeName(uint8_t rcode) {
  static constexpr const char* kNames[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",  "REFUSED",
                                           "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH",  "NOTZONE"};
  if (rcode < sizeof kNames / sizeof kNames[0]) return kNames[rcode];
  return "RCODE" + std::to_string(rcode);
}

std::optional<std::vector<uint8_t>> encodeUpdate(const UpdateRequest& request, std::string& error) {
  const size_t expected = request.type == Type::AAAA ? 16 : 4;
  if (request.type != Type::A && request.type != Type::AAAA) {
    error = "only A and AAAA records are updated, not " + typeName(request.type);
    return std::nullopt;
  }
  auto rdataOf = [&](const std::string& address, std::vector<uint8_t>& out) {
    out = addressRdata(address);
    if (out.size() == expected) return true;
    error = "\"" + address + "\" is not an " + typeName(request.type) + " address";
    return false;
  };
  const std::vector<std::string> none;
  const std::vector<std::string>& prereqs = request.prerequisite ? *request.prerequisite : none;
  if (prereqs.size() > 1000 || request.addresses.size() > 1000) {
    error = "too many addresses for one UPDATE";
    return std::nullopt;
  }
  WireWriter w;
  // An empty prerequisite: "RRset does not exist" (class NONE, 2.4.3).
  const bool mustNotExist = request.prerequisite && prereqs.empty();
  header(w, request.id, 1, static_cast<uint16_t>(mustNotExist ? 1 : prereqs.size()),
         static_cast<uint16_t>(1 + request.addresses.size()));
  if (!w.name(request.zone)) {
    error = "zone \"" + request.zone + "\" is not a valid domain name";
    return std::nullopt;
  }
  w.u16(static_cast<uint16_t>(Type::SOA));
  w.u16(kClassIn);
  std::vector<uint8_t> rdata;
  for (const std::string& address : prereqs) {
    if (!rdataOf(address, rdata)) return std::nullopt;
    // Value-dependent "RRset exists": class IN, TTL 0 (RFC 2136 2.4.2).
    if (!record(w, request.name, request.type, kClassIn, 0, rdata)) {
      error = "name \"" + request.name + "\" is not a valid domain name";
      return std::nullopt;
    }
  }
  if (mustNotExist && !record(w, request.name, request.type, kClassNone, 0, {})) {
    error = "name \"" + request.name + "\" is not a valid domain name";
    return std::nullopt;
  }
  if (!record(w, request.name, request.type, kClassAny, 0, {})) {
    error = "name \"" + request.name + "\" is not a valid domain name";
    return std::nullopt;
  }
  for (const std::string& address : request.addresses) {
    if (!rdataOf(address, rdata)) return std::nullopt;
    record(w, request.name, request.type, kClassIn, request.ttl, rdata);
  }
  if (w.size() > 65535) {
    error = "UPDATE longer than 65535 bytes";
    return std::nullopt;
  }
  return std::move(w.data());
}

ParsedUpdate parseUpdateWire(std::span<const uint8_t> wire) {
  ParsedUpdate out;
  WireReader r(wire);
  UpdateMessage m;
  uint8_t flags1 = 0;
  uint8_t flags2 = 0;
  uint16_t counts[4] = {};
  if (!r.u16(m.id) || !r.u8(flags1) || !r.u8(flags2) || !r.u16(counts[0]) || !r.u16(counts[1]) ||
      !r.u16(counts[2]) || !r.u16(counts[3])) {
    out.error = "header section incomplete";
    return out;
  }
  m.qr = (flags1 & 0x80) != 0;
  m.opcode = static_cast<uint8_t>((flags1 >> 3) & 0x0f);
  m.rcode = static_cast<uint8_t>(flags2 & 0x0f);
  for (uint16_t i = 0; i < counts[0]; ++i) {
    Question q;
    uint16_t type = 0;
    if (!r.name(q.name) || !r.u16(type) || !r.u16(q.qclass)) {
      out.error = "zone section: entry " + std::to_string(i) + " truncated or malformed";
      return out;
    }
    q.type = static_cast<Type>(type);
    m.zone.push_back(std::move(q));
  }
  if (!readRecords(r, counts[1], "prerequisite", m.prerequisites, out.error) ||
      !readRecords(r, counts[2], "update", m.updates, out.error)) {
    return out;
  }
  for (uint16_t i = 0; i < counts[3]; ++i) {
    const size_t start = r.pos();
    std::vector<WireRecord> one;
    if (!readRecords(r, 1, "additional", one, out.error)) return out;
    if (one.front().type != kTypeTsig) {
      m.additional.push_back(std::move(one.front()));
      continue;
    }
    if (i + 1 != counts[3]) {
      out.error = "additional section: TSIG record is not the last record";
      return out;
    }
    TsigRecord tsig;
    if (!readTsig(one.front(), tsig)) {
      out.error = "additional section: TSIG record data malformed";
      return out;
    }
    m.tsig = std::move(tsig);
    m.tsigOffset = start;
  }
  if (r.remaining() != 0) {
    out.error = std::to_string(r.remaining()) + " bytes after the last record";
    return out;
  }
  out.message = std::move(m);
  return out;
}

}  // namespace dnsfailover::dns
