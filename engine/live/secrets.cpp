#include "engine/live/secrets.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

namespace dnsfailover::live {
namespace {

void dropTrailingNewlines(std::string& text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
}

SecretLookup failure(std::string why) { return {std::nullopt, std::move(why)}; }

}  // namespace

SecretLookup EnvFileSecrets::resolve(const CredentialRef& ref) {
  switch (ref.source) {
    case CredentialRef::Source::None:
      return failure("no credential configured");
    case CredentialRef::Source::Env: {
      const char* value = std::getenv(ref.name.c_str());
      if (value == nullptr) return failure("environment variable " + ref.name + " is not set");
      std::string text = value;
      dropTrailingNewlines(text);
      if (text.empty()) return failure("environment variable " + ref.name + " is empty");
      return {std::move(text), {}};
    }
    case CredentialRef::Source::File: {
      std::ifstream in(ref.name, std::ios::binary);
      if (!in) return failure("cannot read credential file " + ref.name + ": " + std::strerror(errno));
      std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      if (in.bad()) return failure("cannot read credential file " + ref.name);
      dropTrailingNewlines(text);
      if (text.empty()) return failure("credential file " + ref.name + " is empty");
      return {std::move(text), {}};
    }
  }
  return failure("unknown credential source");
}

}  // namespace dnsfailover::live
