#include "fakes/dns/update_server.h"

#include <algorithm>
#include <map>

#include "engine/dns/wire_codec.h"

namespace dnsfailover::fakes {
namespace {

using dns::UpdateRcode;
constexpr size_t kHeaderBytes = 12;
constexpr uint16_t kTypeAny = 255;

uint64_t secondsOf(TimePoint t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

uint8_t code(UpdateRcode rcode) { return static_cast<uint8_t>(rcode); }

std::vector<uint8_t> replyWire(const dns::UpdateMessage& request, uint8_t rcode) {
  dns::WireWriter w;
  w.u16(request.id);
  w.u8(static_cast<uint8_t>(0x80 | dns::kOpcodeUpdate << 3));
  w.u8(rcode);
  w.u16(static_cast<uint16_t>(request.zone.size()));
  w.u16(0);
  w.u16(0);
  w.u16(0);
  for (const dns::Question& q : request.zone) {
    w.name(q.name);  // read by our own parser: always writable
    w.u16(static_cast<uint16_t>(q.type));
    w.u16(q.qclass);
  }
  return std::move(w.data());
}

bool isAddressType(uint16_t type) {
  return type == static_cast<uint16_t>(dns::Type::A) || type == static_cast<uint16_t>(dns::Type::AAAA);
}

// The presentation form the store keeps, "" when this fake cannot hold it.
std::string valueOf(const dns::WireRecord& rr) {
  if (!isAddressType(rr.type)) return "";
  const size_t want = rr.type == static_cast<uint16_t>(dns::Type::A) ? 4 : 16;
  return rr.rdata.size() == want ? dns::rdataAddress(rr.rdata) : "";
}

std::string typeText(uint16_t type) { return dns::typeName(static_cast<dns::Type>(type)); }

using SetKey = std::pair<std::string, std::string>;  // name, type
struct WorkingSet {
  std::vector<std::string> values;
  int ttl = 300;
};

WorkingSet currentSet(const Zone& zone, const SetKey& key) {
  WorkingSet set;
  bool first = true;
  for (const DnsRecord& r : zone.records) {
    if (r.name != key.first || r.type != key.second) continue;
    set.values.push_back(r.value);
    if (first) set.ttl = r.ttl;
    first = false;
  }
  std::sort(set.values.begin(), set.values.end());
  return set;
}

bool nameInUse(const Zone& zone, const std::string& name) {
  if (name == zone.name) return true;  // the apex always holds its SOA
  return std::any_of(zone.records.begin(), zone.records.end(), [&](const DnsRecord& r) { return r.name == name; });
}

// RFC 2136 3.2: the prerequisite section, as one rcode.
uint8_t checkPrerequisites(const Zone& zone, const std::vector<dns::WireRecord>& prerequisites) {
  std::map<SetKey, std::vector<std::string>> valueDependent;
  for (const dns::WireRecord& p : prerequisites) {
    if (p.ttl != 0) return code(UpdateRcode::FormErr);
    if (!dns::inZone(p.name, zone.name)) return code(UpdateRcode::NotZone);
    const SetKey key{p.name, typeText(p.type)};
    if (p.rclass == dns::kClassAny || p.rclass == dns::kClassNone) {
      if (!p.rdata.empty()) return code(UpdateRcode::FormErr);
      const bool any = p.type == kTypeAny;
      const bool exists = any ? nameInUse(zone, p.name) : !currentSet(zone, key).values.empty();
      if (p.rclass == dns::kClassAny && !exists) return code(any ? UpdateRcode::NxDomain : UpdateRcode::NxRrset);
      if (p.rclass == dns::kClassNone && exists) return code(any ? UpdateRcode::YxDomain : UpdateRcode::YxRrset);
    } else if (p.rclass == dns::kClassIn) {
      const std::string value = valueOf(p);
      if (value.empty()) return code(UpdateRcode::NxRrset);  // no such value can be held here
      valueDependent[key].push_back(value);
    } else {
      return code(UpdateRcode::FormErr);
    }
  }
  for (auto& [key, values] : valueDependent) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (currentSet(zone, key).values != values) return code(UpdateRcode::NxRrset);
  }
  return code(UpdateRcode::NoError);
}

// RFC 2136 3.4.1: every update checked before any is applied.
uint8_t prescanUpdates(const Zone& zone, const std::vector<dns::WireRecord>& updates) {
  for (const dns::WireRecord& u : updates) {
    if (!dns::inZone(u.name, zone.name)) return code(UpdateRcode::NotZone);
    if (u.rclass == dns::kClassIn) {
      if (u.type == kTypeAny || u.type >= 249) return code(UpdateRcode::FormErr);
      if (!isAddressType(u.type)) return code(UpdateRcode::Refused);  // this fake holds A and AAAA only
      if (valueOf(u).empty()) return code(UpdateRcode::FormErr);
    } else if (u.rclass == dns::kClassAny) {
      if (u.ttl != 0 || !u.rdata.empty()) return code(UpdateRcode::FormErr);
    } else if (u.rclass == dns::kClassNone) {
      if (u.ttl != 0) return code(UpdateRcode::FormErr);
      if (!isAddressType(u.type)) return code(UpdateRcode::Refused);
      if (valueOf(u).empty()) return code(UpdateRcode::FormErr);
    } else {
      return code(UpdateRcode::FormErr);
    }
  }
  return code(UpdateRcode::NoError);
}

void applyUpdates(ZoneStore& store, const Zone& zone, const std::vector<dns::WireRecord>& updates, TimePoint now) {
  std::map<SetKey, WorkingSet> working;
  auto setOf = [&](const SetKey& key) -> WorkingSet& {
    auto it = working.find(key);
    if (it == working.end()) it = working.emplace(key, currentSet(zone, key)).first;
    return it->second;
  };
  const auto protectedAtApex = [&](const std::string& name, const std::string& type) {
    return name == zone.name && (type == "SOA" || type == "NS");
  };
  for (const dns::WireRecord& u : updates) {
    const SetKey key{u.name, typeText(u.type)};
    if (u.rclass == dns::kClassIn) {
      WorkingSet& set = setOf(key);
      const std::string value = valueOf(u);
      if (std::find(set.values.begin(), set.values.end(), value) == set.values.end()) set.values.push_back(value);
      set.ttl = static_cast<int>(std::min<uint32_t>(u.ttl, 0x7fffffff));
    } else if (u.rclass == dns::kClassAny && u.type != kTypeAny) {
      if (!protectedAtApex(key.first, key.second)) setOf(key).values.clear();
    } else if (u.rclass == dns::kClassAny) {
      for (const DnsRecord& r : zone.records) {
        if (r.name == u.name && !protectedAtApex(r.name, r.type)) setOf({r.name, r.type}).values.clear();
      }
      for (auto& [k, set] : working) {
        if (k.first == u.name && !protectedAtApex(k.first, k.second)) set.values.clear();
      }
    } else {
      WorkingSet& set = setOf(key);
      std::erase(set.values, valueOf(u));
    }
  }
  for (auto& [key, set] : working) store.replaceSet(now, key.first, key.second, std::move(set.values), set.ttl);
}

}  // namespace

std::vector<uint8_t> bareReply(std::span<const uint8_t> message, uint8_t rcode) {
  std::vector<uint8_t> out(kHeaderBytes, 0);
  if (message.size() >= 2) {
    out[0] = message[0];
    out[1] = message[1];
  }
  out[2] = static_cast<uint8_t>(0x80 | (message.size() > 2 ? message[2] & 0x78 : 0));
  out[3] = static_cast<uint8_t>(rcode & 0x0f);
  return out;
}

std::optional<std::vector<uint8_t>> serveUpdate(ZoneStore& store, const std::vector<dns::TsigKey>& keys,
                                                std::span<const uint8_t> message, TimePoint now) {
  if (message.size() < kHeaderBytes || (message[2] & 0x80) != 0) return std::nullopt;
  dns::ParsedUpdate parsed = dns::parseUpdateWire(message);
  if (!parsed.message) return bareReply(message, code(UpdateRcode::FormErr));
  const dns::UpdateMessage& request = *parsed.message;
  if (request.opcode != dns::kOpcodeUpdate) return bareReply(message, code(UpdateRcode::NotImp));
  if (!request.tsig) return replyWire(request, code(UpdateRcode::Refused));

  const dns::TsigRecord& tsig = *request.tsig;
  const uint64_t nowSeconds = secondsOf(now);
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const dns::TsigKey& k) {
    return k.name == tsig.keyName && dns::parseTsigAlgorithm(tsig.algorithm) == k.algorithm;
  });
  auto unsignedError = [&](dns::TsigError error) {
    return dns::tsigAppendUnsigned(replyWire(request, code(UpdateRcode::NotAuth)), tsig.keyName, tsig.algorithm,
                                   tsig.timeSigned, tsig.fudge, request.id, error);
  };
  if (key == keys.end()) return unsignedError(dns::TsigError::BadKey);
  const dns::TsigCheck check = dns::tsigVerify(message, request, *key, nowSeconds, {}, /*isReply=*/false);
  if (check == dns::TsigCheck::BadMac || check == dns::TsigCheck::WrongKey || check == dns::TsigCheck::Unsigned) {
    return unsignedError(dns::TsigError::BadSig);
  }
  dns::TsigParams params;
  params.isReply = true;
  params.requestMac = tsig.mac;
  params.timeSigned = nowSeconds;
  auto answer = [&](uint8_t rcode) { return dns::tsigSign(replyWire(request, rcode), *key, params).wire; };
  if (check == dns::TsigCheck::BadTime) {
    // Signed, with the request's time and ours in Other Data, so the
    // client can see the skew.
    params.timeSigned = tsig.timeSigned;
    params.error = static_cast<uint16_t>(dns::TsigError::BadTime);
    dns::WireWriter other;
    other.u48(nowSeconds);
    params.other = std::move(other.data());
    return answer(code(UpdateRcode::NotAuth));
  }

  if (request.zone.size() != 1 || request.zone.front().type != dns::Type::SOA) {
    return answer(code(UpdateRcode::FormErr));
  }
  const Zone* zone = store.findZone(request.zone.front().name);
  if (zone == nullptr) return answer(code(UpdateRcode::NotAuth));
  if (uint8_t rcode = checkPrerequisites(*zone, request.prerequisites); rcode != 0) return answer(rcode);
  if (uint8_t rcode = prescanUpdates(*zone, request.updates); rcode != 0) return answer(rcode);
  applyUpdates(store, *zone, request.updates, now);
  return answer(code(UpdateRcode::NoError));
}

}  // namespace dnsfailover::fakes
