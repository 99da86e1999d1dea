#include "fakes/dns/auth_answer.h"

#include <algorithm>

#include "engine/dns/name_match.h"

namespace dnsfailover::fakes {
namespace {

using dns::Message;
using dns::Rcode;
using dns::Record;
using dns::Type;

constexpr int kMaxCnameLinks = 8;

const Zone* enclosingZone(const ZoneMap& zones, const std::string& name) {
  const Zone* best = nullptr;
  for (const auto& [zoneName, zone] : zones) {
    if (dns::inZone(name, zoneName) && (best == nullptr || zoneName.size() > best->name.size())) best = &zone;
  }
  return best;
}

std::vector<std::string> apexNsNames(const Zone& zone, const AuthIdentity& identity) {
  std::vector<std::string> names;
  for (const DnsRecord& r : zone.records) {
    if (r.type == "NS" && dns::sameName(r.name, zone.name)) names.push_back(dns::normalizeName(r.value));
  }
  if (names.empty()) names = identity.nsNames;
  if (names.empty()) names.push_back("ns1." + zone.name);
  return names;
}

// Every record owned by `name`, including the synthesized apex SOA and NS.
std::vector<Record> node(const Zone& zone, const AuthIdentity& identity, const std::string& name) {
  std::vector<Record> out;
  if (name == zone.name) {
    out.push_back(soaRecord(zone, identity));
    bool storedNs = false;
    for (const DnsRecord& r : zone.records) storedNs |= r.type == "NS" && dns::sameName(r.name, zone.name);
    if (!storedNs) {
      for (const std::string& ns : apexNsNames(zone, identity)) out.push_back({zone.name, Type::NS, identity.soaTtl, ns});
    }
  }
  for (const DnsRecord& r : zone.records) {
    if (!dns::sameName(r.name, name) || r.type == "SOA") continue;
    const auto type = dns::parseType(r.type);
    if (!type) continue;
    const bool isName = *type == Type::CNAME || *type == Type::NS;
    const auto ttl = static_cast<uint32_t>(std::max(r.ttl, 0));
    if (r.proxied && (*type == Type::A || *type == Type::AAAA)) {
      // A proxied record is answered with the proxy's edge, never the origin
      // (Cloudflare answers with a TTL of 300 s).
      bool seen = false;
      for (const Record& o : out) seen = seen || (o.type == *type && o.ttl == 300 && o.name == name &&
                                                  (o.data == kProxyEdgeA[0] || o.data == kProxyEdgeAaaa[0]));
      if (seen) continue;
      if (*type == Type::A) {
        for (const char* edge : kProxyEdgeA) out.push_back({name, *type, 300, edge});
      } else {
        for (const char* edge : kProxyEdgeAaaa) out.push_back({name, *type, 300, edge});
      }
      continue;
    }
    out.push_back({name, *type, ttl, isName ? dns::normalizeName(r.value) : r.value});
  }
  return out;
}

// Some record lives strictly below `name`: it is an empty non-terminal,
// which exists (NODATA) rather than NXDOMAIN.
bool hasDescendant(const Zone& zone, const std::string& name) {
  return std::any_of(zone.records.begin(), zone.records.end(), [&](const DnsRecord& r) {
    const std::string owner = dns::normalizeName(r.name);
    return owner != name && dns::inZone(owner, name);
  });
}

Record negativeSoa(const Zone& zone, const AuthIdentity& identity) {
  Record soa = soaRecord(zone, identity);
  soa.ttl = std::min(identity.soaTtl, identity.negativeTtl);  // RFC 2308
  return soa;
}

// Adds addresses of NS targets that live in a served zone (glue).
void addGlue(const ZoneMap& zones, const AuthIdentity& identity, Message& reply) {
  for (const Record& ns : reply.answers) {
    if (ns.type != Type::NS) continue;
    const Zone* zone = enclosingZone(zones, ns.data);
    if (zone == nullptr) continue;
    for (const Record& r : node(*zone, identity, ns.data)) {
      if (r.type == Type::A || r.type == Type::AAAA) reply.additional.push_back(r);
    }
  }
}

}  // namespace

dns::Record soaRecord(const Zone& zone, const AuthIdentity& identity) {
  const std::string mname = apexNsNames(zone, identity).front();
  // refresh, retry, expire as HE publishes them; minimum = negative TTL.
  const std::string data = mname + " " + identity.hostmaster + " " + std::to_string(zone.serial) +
                           " 10800 1800 604800 " + std::to_string(identity.negativeTtl);
  return {zone.name, Type::SOA, identity.soaTtl, data};
}

Message replySkeleton(const Message& query) {
  Message reply;
  reply.id = query.id;
  reply.qr = true;
  reply.opcode = query.opcode;
  reply.rd = query.rd;
  // Only a well-formed question is echoed: a FORMERR for a query with 34
  // questions must not grow past the UDP limit (found by fuzzing).
  if (query.questions.size() == 1) reply.questions = query.questions;
  if (query.ednsUdpSize) reply.ednsUdpSize = 1232;  // the DNS flag day 2020 size
  return reply;
}

Message answerAuthoritative(const ZoneMap& zones, const AuthIdentity& identity, const Message& query) {
  Message reply = replySkeleton(query);
  if (query.qr) {
    reply.rcode = Rcode::FormErr;
    return reply;
  }
  if (query.opcode != 0) {
    reply.rcode = Rcode::NotImp;
    return reply;
  }
  if (query.questions.size() != 1) {
    reply.rcode = Rcode::FormErr;
    return reply;
  }
  const dns::Question& q = query.questions.front();
  if (q.type == Type::OPT) {
    reply.rcode = Rcode::FormErr;
    return reply;
  }
  const std::string qname = dns::normalizeName(q.name);
  const Zone* zone = enclosingZone(zones, qname);
  // Zone transfers are not offered to anyone; other classes are not served.
  if (zone == nullptr || q.qclass != dns::kClassIn || q.type == Type::AXFR ||
      static_cast<uint16_t>(q.type) == 251 /* IXFR */) {
    reply.rcode = Rcode::Refused;
    return reply;
  }
  reply.aa = true;

  std::string owner = qname;
  for (int link = 0; link <= kMaxCnameLinks; ++link) {
    const std::vector<Record> here = node(*zone, identity, owner);
    if (here.empty()) {
      if (!hasDescendant(*zone, owner)) {
        // After a CNAME the final rcode is about the last name (RFC 6604).
        reply.rcode = Rcode::NxDomain;
      }
      reply.authority.push_back(negativeSoa(*zone, identity));
      return reply;
    }
    bool matched = false;
    const Record* cname = nullptr;
    for (const Record& r : here) {
      if (r.type == q.type || q.type == Type::ANY) {
        reply.answers.push_back(r);
        matched = true;
      } else if (r.type == Type::CNAME) {
        cname = &r;
      }
    }
    if (matched) {
      if (q.type == Type::NS) addGlue(zones, identity, reply);
      return reply;
    }
    if (cname == nullptr) {
      reply.authority.push_back(negativeSoa(*zone, identity));  // NODATA
      return reply;
    }
    reply.answers.push_back(*cname);
    owner = cname->data;
    zone = enclosingZone(zones, owner);
    // A target outside our zones is for the resolver to chase.
    if (zone == nullptr) return reply;
  }
  return reply;  // a CNAME loop: give what we have, as real servers do
}

}  // namespace dnsfailover::fakes
