#pragma once
// Byte-level DNS wire primitives for the codecs that must keep exact bytes
// (UPDATE + TSIG, whose MAC covers the message as sent). Pure code: no
// sockets, no ldns, so the simulation runs it too. Queries and answers in
// presentation form go through engine/live/dns_wire.h instead.
//
// The reader never trusts its input: every read is bounds-checked and
// returns false past the end; compressed names follow at most 32 pointers,
// each pointing strictly backwards, so a loop cannot hang it.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dnsfailover::dns {

class WireWriter {
 public:
  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v);
  void u32(uint32_t v);
  void u48(uint64_t v);
  void bytes(std::span<const uint8_t> data) { out_.insert(out_.end(), data.begin(), data.end()); }
  // Uncompressed, lower-cased ("" is the root). False when a label is
  // empty or longer than 63 bytes, or the name longer than 255.
  bool name(std::string_view name);

  size_t size() const { return out_.size(); }
  std::vector<uint8_t>& data() { return out_; }

 private:
  std::vector<uint8_t> out_;
};

class WireReader {
 public:
  explicit WireReader(std::span<const uint8_t> wire, size_t pos = 0) : wire_(wire), pos_(pos) {}

  bool u8(uint8_t& v);
  bool u16(uint16_t& v);
  bool u32(uint32_t& v);
  bool u48(uint64_t& v);
  bool bytes(size_t n, std::vector<uint8_t>& out);
  // A name, lower-cased, without the trailing dot; follows compression.
  bool name(std::string& out);

  size_t pos() const { return pos_; }
  size_t remaining() const { return wire_.size() - pos_; }

 private:
  std::span<const uint8_t> wire_;
  size_t pos_;
};

// The name in canonical wire form (RFC 4034 section 6.2: lower case, no
// compression), as TSIG digests it.
std::vector<uint8_t> canonicalName(std::string_view name);

// "192.0.2.1" -> 4 bytes, "2001:db8::1" -> 16 bytes; empty when neither.
std::vector<uint8_t> addressRdata(std::string_view address);
// The reverse for A (4 bytes) and AAAA (16 bytes); "" otherwise.
std::string rdataAddress(std::span<const uint8_t> rdata);

}  // namespace dnsfailover::dns
