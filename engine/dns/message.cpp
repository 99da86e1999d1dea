#include "engine/dns/message.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace dnsfailover::dns {
namespace {

constexpr std::array<std::pair<Type, const char*>, 11> kTypeNames{{
    {Type::A, "A"},
    {Type::NS, "NS"},
    {Type::CNAME, "CNAME"},
    {Type::SOA, "SOA"},
    {Type::PTR, "PTR"},
    {Type::MX, "MX"},
    {Type::TXT, "TXT"},
    {Type::AAAA, "AAAA"},
    {Type::OPT, "OPT"},
    {Type::AXFR, "AXFR"},
    {Type::ANY, "ANY"},
}};

char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lowerAscii(x) == lowerAscii(y);
         });
}

}  // namespace

std::string typeName(Type type) {
  for (const auto& [t, name] : kTypeNames) {
    if (t == type) return name;
  }
  return "TYPE" + std::to_string(static_cast<uint16_t>(type));
}

std::optional<Type> parseType(std::string_view text) {
  for (const auto& [t, name] : kTypeNames) {
    if (equalsIgnoreCase(text, name)) return t;
  }
  if (text.size() > 4 && equalsIgnoreCase(text.substr(0, 4), "TYPE")) {
    uint16_t number = 0;
    const auto digits = text.substr(4);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec == std::errc{} && end == digits.data() + digits.size()) return static_cast<Type>(number);
  }
  return std::nullopt;
}

std::string rcodeName(Rcode rcode) {
  switch (rcode) {
    case Rcode::NoError: return "NOERROR";
    case Rcode::FormErr: return "FORMERR";
    case Rcode::ServFail: return "SERVFAIL";
    case Rcode::NxDomain: return "NXDOMAIN";
    case Rcode::NotImp: return "NOTIMP";
    case Rcode::Refused: return "REFUSED";
  }
  return "RCODE" + std::to_string(static_cast<unsigned>(rcode));
}

std::string normalizeName(std::string_view name) {
  while (!name.empty() && name.back() == '.') name.remove_suffix(1);
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), lowerAscii);
  return out;
}

bool inZone(std::string_view name, std::string_view zone) {
  if (zone.empty()) return true;
  if (name == zone) return true;
  return name.size() > zone.size() && name.ends_with(zone) && name[name.size() - zone.size() - 1] == '.';
}

std::string joinAnswerValues(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

std::vector<std::string> answerValues(const Message& reply, const std::string& name, Type type) {
  // Views into the reply: following the chain copies no name (this runs
  // for every answer the propagation watcher and the fakes' logs look at).
  std::string_view owner = name;
  std::vector<std::string> values;
  for (int hops = 0; hops <= 8; ++hops) {
    const std::string* next = nullptr;
    for (const Record& r : reply.answers) {
      if (r.name != owner) continue;
      if (r.type == type) values.push_back(r.data);
      if (r.type == Type::CNAME && type != Type::CNAME) next = &r.data;
    }
    if (!values.empty() || next == nullptr) break;
    owner = *next;
  }
  std::sort(values.begin(), values.end());
  return values;
}

}  // namespace dnsfailover::dns
