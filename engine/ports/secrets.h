#pragma once
// The Secrets port: turns a credential reference from the config into the
// credential itself. Live, from an environment variable or a file; in the
// harness, from the scenario's secrets. The engine keeps secrets only inside
// provider clients and never writes them to a trace or an error message.

#include <optional>
#include <string>

namespace dnsfailover {

struct CredentialRef {
  enum class Source { None, Env, File };
  Source source = Source::None;
  std::string name;  // variable name or file path (both are safe to show)

  std::string describe() const;  // "env:HE_KEY", "file:/etc/x", "none"
};

struct SecretLookup {
  std::optional<std::string> value;
  std::string error;  // why there is no value; never contains the secret
};

class Secrets {
 public:
  virtual ~Secrets() = default;
  virtual SecretLookup resolve(const CredentialRef& ref) = 0;
};

}  // namespace dnsfailover
