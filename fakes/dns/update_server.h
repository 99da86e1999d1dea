#pragma once
// The fake primary's side of RFC 2136 dynamic UPDATE with TSIG (RFC 8945),
// bytes in -> bytes out, on the clock it is given (virtual time in the
// simulation, the wall clock behind the network door).
//
// What it checks, in the order a real primary does:
//   1. the message parses (else FORMERR, unsigned);
//   2. TSIG: no TSIG = REFUSED (updates need a key here, as with BIND's
//      allow-update { key ...; }); a key name or algorithm not in the table
//      = NOTAUTH/BADKEY and a MAC that does not verify = NOTAUTH/BADSIG,
//      both answered with an unsigned TSIG (MAC size 0); time signed
//      outside now +- fudge = NOTAUTH/BADTIME, signed, with the server's
//      time in Other Data (RFC 8945 5.2.3);
//   3. zone section: one SOA entry for a zone the store holds (else FORMERR
//      / NOTAUTH);
//   4. every prerequisite and update name inside the zone (else NOTZONE);
//      classes and TTLs as RFC 2136 3.2.4 / 3.4.1.3 allow (else FORMERR);
//   5. prerequisites (RFC 2136 3.2): name in use / not in use, RRset
//      exists / does not, RRset exists with exactly these values; failures
//      NXDOMAIN, YXDOMAIN, NXRRSET, YXRRSET;
//   6. updates, all or nothing: add, delete RRset, delete all RRsets of a
//      name (apex SOA and NS kept), delete one RR; A and AAAA only (other
//      types are REFUSED by this fake). Each changed RRset lands in one
//      ZoneStore change, so secondaries pick it up after their lag and the
//      SOA serial steps.
// Answers echo the zone section and are signed with the request's key.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/core/time.h"
#include "engine/dns/tsig.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

// Nullopt = no answer (shorter than a header, or itself a response).
std::optional<std::vector<uint8_t>> serveUpdate(ZoneStore& store, const std::vector<dns::TsigKey>& keys,
                                                std::span<const uint8_t> message, TimePoint now);

// A minimal reply: same id and opcode, QR set, `rcode`, no records (for
// servers that refuse or fail before reading the message).
std::vector<uint8_t> bareReply(std::span<const uint8_t> message, uint8_t rcode);

}  // namespace dnsfailover::fakes
