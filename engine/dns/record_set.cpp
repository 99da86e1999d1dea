#include "engine/dns/record_set.h"

#include <arpa/inet.h>

namespace dnsfailover {

const char* recordTypeName(RecordType type) {
  switch (type) {
    case RecordType::A: return "A";
    case RecordType::AAAA: return "AAAA";
  }
  return "?";
}

std::optional<RecordType> parseRecordType(std::string_view name) {
  if (name == "A") return RecordType::A;
  if (name == "AAAA") return RecordType::AAAA;
  return std::nullopt;
}

std::optional<RecordType> addressRecordType(std::string_view address) {
  const std::string text(address);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return RecordType::A;
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return RecordType::AAAA;
  return std::nullopt;
}

std::string RecordSet::joined() const {
  std::string out;
  for (const std::string& a : addresses) out += (out.empty() ? "" : ",") + a;
  return out;
}

std::string RecordSet::describe() const {
  return std::string(recordTypeName(type)) + " " + (addresses.empty() ? "(none)" : joined());
}

}  // namespace dnsfailover
