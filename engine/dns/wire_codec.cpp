#include "engine/dns/wire_codec.h"

#include <arpa/inet.h>

#include <cctype>

namespace dnsfailover::dns {

void WireWriter::u16(uint16_t v) {
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void WireWriter::u32(uint32_t v) {
  u16(static_cast<uint16_t>(v >> 16));
  u16(static_cast<uint16_t>(v));
}

void WireWriter::u48(uint64_t v) {
  u16(static_cast<uint16_t>(v >> 32));
  u32(static_cast<uint32_t>(v));
}

bool WireWriter::name(std::string_view name) {
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  size_t total = 1;
  size_t start = 0;
  while (start < name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string_view::npos) end = name.size();
    const size_t length = end - start;
    if (length == 0 || length > 63) return false;
    total += length + 1;
    if (total > 255) return false;
    out_.push_back(static_cast<uint8_t>(length));
    for (size_t i = start; i < end; ++i) {
      out_.push_back(static_cast<uint8_t>(std::tolower(static_cast<unsigned char>(name[i]))));
    }
    start = end + 1;
  }
  out_.push_back(0);
  return true;
}

bool WireReader::u8(uint8_t& v) {
  if (remaining() < 1) return false;
  v = wire_[pos_++];
  return true;
}

bool WireReader::u16(uint16_t& v) {
  if (remaining() < 2) return false;
  v = static_cast<uint16_t>(wire_[pos_] << 8 | wire_[pos_ + 1]);
  pos_ += 2;
  return true;
}

bool WireReader::u32(uint32_t& v) {
  uint16_t hi = 0;
  uint16_t lo = 0;
  if (!u16(hi) || !u16(lo)) return false;
  v = static_cast<uint32_t>(hi) << 16 | lo;
  return true;
}

bool WireReader::u48(uint64_t& v) {
  uint16_t hi = 0;
  uint32_t lo = 0;
  if (!u16(hi) || !u32(lo)) return false;
  v = static_cast<uint64_t>(hi) << 32 | lo;
  return true;
}

bool WireReader::bytes(size_t n, std::vector<uint8_t>& out) {
  if (remaining() < n) return false;
  out.assign(wire_.begin() + static_cast<std::ptrdiff_t>(pos_), wire_.begin() + static_cast<std::ptrdiff_t>(pos_ + n));
  pos_ += n;
  return true;
}

bool WireReader::name(std::string& out) {
  out.clear();
  size_t at = pos_;
  bool jumped = false;
  int pointers = 0;
  size_t total = 1;
  while (true) {
    if (at >= wire_.size()) return false;
    const uint8_t length = wire_[at];
    if ((length & 0xc0) == 0xc0) {
      if (at + 1 >= wire_.size() || ++pointers > 32) return false;
      const size_t target = static_cast<size_t>((length & 0x3f) << 8 | wire_[at + 1]);
      if (target >= at) return false;  // only backwards: no loops
      if (!jumped) pos_ = at + 2;
      jumped = true;
      at = target;
      continue;
    }
    if ((length & 0xc0) != 0) return false;  // extended label types: not used
    if (length == 0) {
      if (!jumped) pos_ = at + 1;
      return true;
    }
    if (at + 1 + length > wire_.size()) return false;
    total += length + 1u;
    if (total > 255) return false;
    if (!out.empty()) out += '.';
    for (size_t i = at + 1; i <= at + length; ++i) {
      const char c = static_cast<char>(wire_[i]);
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    at += 1 + length;
  }
}

std::vector<uint8_t> canonicalName(std::string_view name) {
  WireWriter w;
  if (!w.name(name)) return {};
  return std::move(w.data());
}

std::vector<uint8_t> addressRdata(std::string_view address) {
  const std::string text(address);
  unsigned char buffer[16];
  if (inet_pton(AF_INET, text.c_str(), buffer) == 1) return std::vector<uint8_t>(buffer, buffer + 4);
  if (inet_pton(AF_INET6, text.c_str(), buffer) == 1) return std::vector<uint8_t>(buffer, buffer + 16);
  return {};
}

std::string rdataAddress(std::span<const uint8_t> rdata) {
  char text[INET6_ADDRSTRLEN] = {};
  if (rdata.size() == 4 && inet_ntop(AF_INET, rdata.data(), text, sizeof text) != nullptr) return text;
  if (rdata.size() == 16 && inet_ntop(AF_INET6, rdata.data(), text, sizeof text) != nullptr) return text;
  return "";
}

}  // namespace dnsfailover::dns
