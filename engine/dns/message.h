#pragma once
// A DNS message as plain data, shared by the DnsClient port, the
// propagation watcher and the fake servers. Wire format lives elsewhere
// (engine/live/dns_wire.h, with ldns); nothing here touches a socket.
//
// Names are lower case without the trailing dot ("" is the root). Record
// data is kept in presentation form: "192.0.2.1" for A, a name for
// CNAME/NS, "mname rname serial refresh retry expire minimum" for SOA.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dnsfailover::dns {

// RR types by their IANA numbers; other numbers stay representable.
enum class Type : uint16_t {
  A = 1,
  NS = 2,
  CNAME = 5,
  SOA = 6,
  PTR = 12,
  MX = 15,
  TXT = 16,
  AAAA = 28,
  OPT = 41,
  AXFR = 252,
  ANY = 255,
};

// Response codes (the 4-bit header field).
enum class Rcode : uint8_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NxDomain = 3,
  NotImp = 4,
  Refused = 5,
};

inline constexpr uint16_t kClassIn = 1;

struct Question {
  std::string name;
  Type type = Type::A;
  uint16_t qclass = kClassIn;
  bool operator==(const Question&) const = default;
};

struct Record {
  std::string name;
  Type type = Type::A;
  uint32_t ttl = 0;
  std::string data;
  uint16_t rclass = kClassIn;
  bool operator==(const Record&) const = default;
};

struct Message {
  uint16_t id = 0;
  bool qr = false;  // a response
  uint8_t opcode = 0;
  bool aa = false;  // authoritative answer
  bool tc = false;  // truncated
  bool rd = false;  // recursion desired
  bool ra = false;  // recursion available
  Rcode rcode = Rcode::NoError;
  std::vector<Question> questions;
  std::vector<Record> answers;
  std::vector<Record> authority;
  std::vector<Record> additional;
  // Present when the message carries an OPT record: the advertised UDP size.
  std::optional<uint16_t> ednsUdpSize;
  bool operator==(const Message&) const = default;
};

// "A", "AAAA", ...; "TYPE65" for numbers without a name.
std::string typeName(Type type);
// Accepts the names typeName() gives (case-insensitive) and "TYPEnnn".
std::optional<Type> parseType(std::string_view text);
// "NOERROR", "NXDOMAIN", "SERVFAIL", ...; "RCODE9" otherwise.
std::string rcodeName(Rcode rcode);

// Lower case, trailing dots removed.
std::string normalizeName(std::string_view name);
// True when `name` equals `zone` or lies below it (both normalized).
bool inZone(std::string_view name, std::string_view zone);

// The data of every answer of `type` owned by `name` after following the
// CNAME chain inside the answer section (at most 8 links), sorted.
std::vector<std::string> answerValues(const Message& reply, const std::string& name, Type type);
// The addresses of an answer as one text, as traces show them: "a,b" (sorted).
std::string joinAnswerValues(const std::vector<std::string>& values);

}  // namespace dnsfailover::dns
