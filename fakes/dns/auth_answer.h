#pragma once
// How an authoritative server answers one query, as a pure function of the
// zones it serves: AA answers from the zone, NXDOMAIN / NODATA with the SOA
// in authority, CNAME chains followed inside the served zones, REFUSED
// outside them, FORMERR / NOTIMP for queries it cannot take.
// Both doors (in-process and network) and the fuzz target call it.

#include <map>
#include <string>
#include <vector>

#include "engine/dns/message.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

// What a server says about itself in synthesized apex records.
struct AuthIdentity {
  // Apex NS set used when a zone holds no NS records of its own; the first
  // is the SOA's MNAME.
  std::vector<std::string> nsNames;
  std::string hostmaster = "hostmaster.he.net";
  uint32_t soaTtl = 86400;
  uint32_t negativeTtl = 300;  // SOA MINIMUM: how long resolvers cache NXDOMAIN/NODATA
};

// Served zones by name (what a primary holds now, or a secondary's copy).
using ZoneMap = std::map<std::string, Zone>;

dns::Message answerAuthoritative(const ZoneMap& zones, const AuthIdentity& identity, const dns::Message& query);

// The SOA record of `zone` as this server would give it.
dns::Record soaRecord(const Zone& zone, const AuthIdentity& identity);

// The start of a reply to `query`: same id, opcode and RD, QR set, and the
// question when there is exactly one.
dns::Message replySkeleton(const dns::Message& query);

}  // namespace dnsfailover::fakes
