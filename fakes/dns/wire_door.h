#pragma once
// A fake DNS server's answer on the wire: bytes in -> bytes out, around the
// in-process door. Shared by the UDP/TCP network door and the fuzz target.
// - undecodable queries with a whole header get FORMERR (same id), shorter
//   ones and anything that is itself a response get no answer at all;
// - UPDATE messages go to the door's handleWire() as bytes;
// - over UDP an answer longer than 512 bytes (or the client's EDNS size)
//   is replaced by an empty one with TC set, so the client retries on TCP.

#include <cstdint>
#include <span>
#include <vector>

#include "fakes/dns/door.h"

namespace dnsfailover::fakes {

enum class DnsTransport { Udp, Tcp };

// Empty = send nothing.
std::vector<uint8_t> serveWire(DnsDoor& door, std::span<const uint8_t> query, TimePoint now, DnsTransport transport);

}  // namespace dnsfailover::fakes
