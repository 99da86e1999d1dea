#include "engine/dns/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

namespace dnsfailover::dns {

const char* tsigAlgorithmName(TsigAlgorithm algorithm) {
  switch (algorithm) {
    case TsigAlgorithm::HmacSha1: return "hmac-sha1";
    case TsigAlgorithm::HmacSha256: return "hmac-sha256";
    case TsigAlgorithm::HmacSha512: return "hmac-sha512";
  }
  return "hmac-sha256";
}

std::optional<TsigAlgorithm> parseTsigAlgorithm(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!lower.empty() && lower.back() == '.') lower.pop_back();
  for (TsigAlgorithm a : {TsigAlgorithm::HmacSha1, TsigAlgorithm::HmacSha256, TsigAlgorithm::HmacSha512}) {
    if (lower == tsigAlgorithmName(a)) return a;
  }
  return std::nullopt;
}

std::vector<uint8_t> hmacDigest(TsigAlgorithm algorithm, std::span<const uint8_t> key,
                                std::span<const uint8_t> data) {
  const EVP_MD* md = algorithm == TsigAlgorithm::HmacSha1     ? EVP_sha1()
                     : algorithm == TsigAlgorithm::HmacSha512 ? EVP_sha512()
                                                              : EVP_sha256();
  static const uint8_t kEmpty = 0;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(md, key.empty() ? &kEmpty : key.data(), static_cast<int>(key.size()),
           data.empty() ? &kEmpty : data.data(), data.size(), out, &length);
  if (result == nullptr) return {};
  return std::vector<uint8_t>(out, out + length);
}

}  // namespace dnsfailover::dns
