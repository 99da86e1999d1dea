#include "engine/ports/secrets.h"

namespace dnsfailover {

std::string CredentialRef::describe() const {
  switch (source) {
    case Source::Env: return "env:" + name;
    case Source::File: return "file:" + name;
    case Source::None: break;
  }
  return "none";
}

}  // namespace dnsfailover
