#pragma once
// The Secrets port for the live daemon: credentials from environment
// variables or files named in the config. Errors name the variable or the
// file, never the value.

#include "engine/ports/secrets.h"

namespace dnsfailover::live {

class EnvFileSecrets final : public Secrets {
 public:
  // env: the variable's value; file: the file's content. A trailing newline
  // (what `echo KEY > file` leaves) is dropped; an empty value is an error,
  // because an empty key is never what the operator meant.
  SecretLookup resolve(const CredentialRef& ref) override;
};

}  // namespace dnsfailover::live
