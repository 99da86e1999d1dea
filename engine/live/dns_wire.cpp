#include "engine/live/dns_wire.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "engine/live/dns_ldns.h"

namespace dnsfailover::live {
namespace {

struct PacketFree {
  void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
using PacketPtr = std::unique_ptr<ldns_pkt, PacketFree>;

struct MallocFree {
  void operator()(void* p) const { std::free(p); }
};

// ldns_rdf2str returns malloc'd text (or NULL when out of memory).
std::optional<std::string> rdfText(const ldns_rdf* rdf) {
  if (rdf == nullptr) return std::string{};
  std::unique_ptr<char, MallocFree> text(ldns_rdf2str(rdf));
  if (!text) return std::nullopt;
  return std::string(text.get());
}

// Names in the message model are lower case without the trailing dot.
std::optional<std::string> nameText(const ldns_rdf* rdf) {
  auto text = rdfText(rdf);
  if (!text) return std::nullopt;
  return dns::normalizeName(*text);
}

std::optional<dns::Record> toRecord(const ldns_rr* rr) {
  dns::Record out;
  auto owner = nameText(ldns_rr_owner(rr));
  if (!owner) return std::nullopt;
  out.name = *owner;
  out.type = static_cast<dns::Type>(ldns_rr_get_type(rr));
  out.rclass = static_cast<uint16_t>(ldns_rr_get_class(rr));
  out.ttl = ldns_rr_ttl(rr);
  for (size_t i = 0; i < ldns_rr_rd_count(rr); ++i) {
    const ldns_rdf* rdf = ldns_rr_rdf(rr, i);
    auto text = ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME ? nameText(rdf) : rdfText(rdf);
    if (!text) return std::nullopt;
    if (i > 0) out.data += ' ';
    out.data += *text;
  }
  return out;
}

bool readSection(const ldns_rr_list* list, std::vector<dns::Record>& out) {
  for (size_t i = 0; i < ldns_rr_list_rr_count(list); ++i) {
    auto record = toRecord(ldns_rr_list_rr(list, i));
    if (!record) return false;
    out.push_back(std::move(*record));
  }
  return true;
}

std::string absolute(const std::string& name) { return name.empty() ? "." : name + "."; }

// Record data in the model keeps names relative-looking ("ns1.he.net");
// ldns wants them absolute, so the name fields get their trailing dot.
std::string presentationData(const dns::Record& r) {
  switch (r.type) {
    case dns::Type::CNAME:
    case dns::Type::NS:
    case dns::Type::PTR:
      return absolute(r.data);
    case dns::Type::SOA: {
      const size_t first = r.data.find(' ');
      const size_t second = first == std::string::npos ? first : r.data.find(' ', first + 1);
      if (second == std::string::npos) return r.data;
      return absolute(r.data.substr(0, first)) + " " + absolute(r.data.substr(first + 1, second - first - 1)) +
             r.data.substr(second);
    }
    case dns::Type::MX: {
      const size_t space = r.data.find(' ');
      if (space == std::string::npos) return r.data;
      return r.data.substr(0, space + 1) + absolute(r.data.substr(space + 1));
    }
    default:
      return r.data;
  }
}

// Only the record types this project reads and serves are written. ldns's
// text parser leaks on bad data for some others (CERT, found by fuzzing),
// and nothing here needs them.
bool writable(dns::Type type) {
  switch (type) {
    case dns::Type::A:
    case dns::Type::AAAA:
    case dns::Type::CNAME:
    case dns::Type::NS:
    case dns::Type::PTR:
    case dns::Type::SOA:
    case dns::Type::MX:
    case dns::Type::TXT:
      return true;
    default:
      return false;
  }
}

bool pushRecord(ldns_pkt* pkt, ldns_pkt_section section, const dns::Record& r) {
  if (!writable(r.type)) return false;
  const std::string text = absolute(r.name) + " " + std::to_string(r.ttl) + " CLASS" + std::to_string(r.rclass) +
                           " " + dns::typeName(r.type) + " " + presentationData(r);
  ldns_rr* rr = nullptr;
  if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK || rr == nullptr) return false;
  if (!ldns_pkt_push_rr(pkt, section, rr)) {
    ldns_rr_free(rr);
    return false;
  }
  return true;
}

bool pushQuestion(ldns_pkt* pkt, const dns::Question& q) {
  ldns_rdf* owner = ldns_dname_new_frm_str(absolute(q.name).c_str());
  if (owner == nullptr) return false;
  ldns_rr* rr = ldns_rr_new();
  ldns_rr_set_owner(rr, owner);
  ldns_rr_set_type(rr, static_cast<ldns_rr_type>(q.type));
  ldns_rr_set_class(rr, static_cast<ldns_rr_class>(q.qclass));
  ldns_rr_set_question(rr, true);
  if (!ldns_pkt_push_rr(pkt, LDNS_SECTION_QUESTION, rr)) {
    ldns_rr_free(rr);
    return false;
  }
  return true;
}

// Walks the record headers without ldns and refuses what ldns 1.8.3 leaks
// memory on (found by fuzzing): more than one OPT record, or any TSIG
// (it keeps only the last). Neither is valid in what we exchange: RFC 6891
// allows one OPT, and nothing here signs with TSIG. Returns an error text,
// or "" to let ldns judge the rest.
std::string precheck(std::span<const uint8_t> wire) {
  if (wire.size() < 12) return {};
  auto count = [&](size_t at) { return static_cast<size_t>(wire[at] << 8 | wire[at + 1]); };
  const size_t questions = count(4);
  const size_t records = count(6) + count(8) + count(10);
  size_t pos = 12;
  auto skipName = [&]() {
    while (pos < wire.size()) {
      const uint8_t len = wire[pos];
      if ((len & 0xc0) == 0xc0) {
        pos += 2;
        return true;
      }
      if ((len & 0xc0) != 0) return false;
      pos += 1 + len;
      if (len == 0) return true;
    }
    return false;
  };
  for (size_t i = 0; i < questions; ++i) {
    if (!skipName()) return {};
    pos += 4;
  }
  int opt = 0;
  for (size_t i = 0; i < records; ++i) {
    if (!skipName() || pos + 10 > wire.size()) return {};
    const size_t type = count(pos);
    if (type == static_cast<size_t>(dns::Type::OPT) && ++opt > 1) return "more than one OPT record";
    if (type == 250) return "TSIG record (not supported)";
    pos += 10 + count(pos + 8);
  }
  return {};
}

}  // namespace

DecodedMessage decodeMessage(std::span<const uint8_t> wire) {
  if (std::string refused = precheck(wire); !refused.empty()) return {std::nullopt, refused};
  ldns_pkt* raw = nullptr;
  const ldns_status status = ldns_wire2pkt(&raw, wire.data(), wire.size());
  PacketPtr pkt(raw);
  if (status != LDNS_STATUS_OK || !pkt) {
    const char* why = ldns_get_errorstr_by_id(status);
    return {std::nullopt, why != nullptr ? why : "undecodable message"};
  }
  dns::Message m;
  m.id = ldns_pkt_id(pkt.get());
  m.qr = ldns_pkt_qr(pkt.get());
  m.opcode = static_cast<uint8_t>(ldns_pkt_get_opcode(pkt.get()));
  m.aa = ldns_pkt_aa(pkt.get());
  m.tc = ldns_pkt_tc(pkt.get());
  m.rd = ldns_pkt_rd(pkt.get());
  m.ra = ldns_pkt_ra(pkt.get());
  m.rcode = static_cast<dns::Rcode>(ldns_pkt_get_rcode(pkt.get()));
  const ldns_rr_list* questions = ldns_pkt_question(pkt.get());
  for (size_t i = 0; i < ldns_rr_list_rr_count(questions); ++i) {
    const ldns_rr* rr = ldns_rr_list_rr(questions, i);
    auto name = nameText(ldns_rr_owner(rr));
    if (!name) return {std::nullopt, "question name cannot be shown"};
    m.questions.push_back(
        {*name, static_cast<dns::Type>(ldns_rr_get_type(rr)), static_cast<uint16_t>(ldns_rr_get_class(rr))});
  }
  if (!readSection(ldns_pkt_answer(pkt.get()), m.answers) || !readSection(ldns_pkt_authority(pkt.get()), m.authority) ||
      !readSection(ldns_pkt_additional(pkt.get()), m.additional)) {
    return {std::nullopt, "a record cannot be shown"};
  }
  if (ldns_pkt_edns(pkt.get())) m.ednsUdpSize = ldns_pkt_edns_udp_size(pkt.get());
  return {std::move(m), {}};
}

std::optional<std::vector<uint8_t>> encodeMessage(const dns::Message& m) {
  PacketPtr pkt(ldns_pkt_new());
  if (!pkt) return std::nullopt;
  ldns_pkt_set_id(pkt.get(), m.id);
  ldns_pkt_set_qr(pkt.get(), m.qr);
  ldns_pkt_set_opcode(pkt.get(), static_cast<ldns_pkt_opcode>(m.opcode & 0x0f));
  ldns_pkt_set_aa(pkt.get(), m.aa);
  ldns_pkt_set_tc(pkt.get(), m.tc);
  ldns_pkt_set_rd(pkt.get(), m.rd);
  ldns_pkt_set_ra(pkt.get(), m.ra);
  ldns_pkt_set_rcode(pkt.get(), static_cast<uint8_t>(static_cast<uint8_t>(m.rcode) & 0x0f));
  for (const dns::Question& q : m.questions) {
    if (!pushQuestion(pkt.get(), q)) return std::nullopt;
  }
  for (const dns::Record& r : m.answers) {
    if (!pushRecord(pkt.get(), LDNS_SECTION_ANSWER, r)) return std::nullopt;
  }
  for (const dns::Record& r : m.authority) {
    if (!pushRecord(pkt.get(), LDNS_SECTION_AUTHORITY, r)) return std::nullopt;
  }
  for (const dns::Record& r : m.additional) {
    if (r.type == dns::Type::OPT) continue;  // EDNS is carried by ednsUdpSize
    if (!pushRecord(pkt.get(), LDNS_SECTION_ADDITIONAL, r)) return std::nullopt;
  }
  if (m.ednsUdpSize) ldns_pkt_set_edns_udp_size(pkt.get(), std::max<uint16_t>(*m.ednsUdpSize, 512));
  // ldns_pkt2wire would start from a 64 KB buffer for every message; freed
  // at once, that memory goes back to the kernel and comes again on the next
  // reply (brk and page faults were 40 % of the DNS door's CPU under dnsperf).
  // A 512-byte buffer holds nearly every answer and grows when one does not.
  struct BufferFree {
    void operator()(ldns_buffer* b) const { ldns_buffer_free(b); }
  };
  std::unique_ptr<ldns_buffer, BufferFree> buffer(ldns_buffer_new(512));
  if (!buffer || ldns_pkt2buffer_wire(buffer.get(), pkt.get()) != LDNS_STATUS_OK) return std::nullopt;
  const uint8_t* begin = ldns_buffer_begin(buffer.get());
  return std::vector<uint8_t>(begin, begin + ldns_buffer_position(buffer.get()));
}

}  // namespace dnsfailover::live
