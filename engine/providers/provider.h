#pragma once
// A DNS provider as the syncer sees it: "make the RRset of this type at the
// scheme's name hold exactly these addresses" (engine/dns/record_set.h; an
// empty list withdraws the RRset). Implementations build requests and parse
// replies themselves and talk to the world only through the HttpClient port.
// A provider that cannot hold what is asked (several addresses, or none, at
// HE) answers Permanent with the reason; validate refuses such configs
// before they run.

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "engine/core/time.h"
#include "engine/dns/record_set.h"

namespace dnsfailover {

struct PushOutcome {
  enum class Kind {
    Ok,         // the provider holds the record set now
    Retryable,  // transient: 5xx, 429, timeout, provider busy
    Permanent,  // needs a human: bad credentials, unknown zone or host
  };
  Kind kind = Kind::Retryable;
  // The provider's reply on success ("good 37.59.102.26"), or what went
  // wrong. Never contains a credential.
  std::string message;
  // Set when the provider asked us to wait (HTTP Retry-After, HE `interval`).
  std::optional<Duration> retryAfter;

  bool ok() const { return kind == Kind::Ok; }
};

class Provider {
 public:
  virtual ~Provider() = default;
  // `done` runs exactly once, later, on the engine's thread. Records of
  // other types at the name, and of the same type that the scheme does not
  // own, are left alone.
  virtual void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) = 0;

  // Ids learnt from the provider (Cloudflare's zone and record ids), kept in
  // the store so a restarted daemon does not look them up again. Never a
  // credential.
  virtual std::map<std::string, std::string> cachedIds() const { return {}; }
  virtual void restoreCachedIds(const std::map<std::string, std::string>& ids) { (void)ids; }
};

// Keeps secrets out of text that will be shown: replaces every occurrence
// of `secret` and caps the length, dropping control characters.
std::string redact(std::string_view text, std::string_view secret, size_t maxLength = 300);

}  // namespace dnsfailover
