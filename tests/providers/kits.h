#pragma once
// One "kit" per provider for the conformance suite: it installs the fake on
// a transport and knows the provider's scheme, credentials and how each
// case looks for it (which reply, which outcome).

#include <map>
#include <memory>
#include <string>

#include "engine/config/config.h"
#include "fakes/cloudflare_api.h"
#include "fakes/he_dyn_api.h"
#include "fakes/zone_store.h"
#include "tests/providers/transport.h"

namespace dnsfailover::test {

class Kit {
 public:
  virtual ~Kit() = default;
  virtual std::string name() const = 0;
  // Creates the fake over `store` and serves it on `transport`.
  virtual void install(Transport& transport, fakes::ZoneStore& store) = 0;
  // A scheme for `fqdn` in the kit's zone, with the right credentials.
  virtual SchemeConfig scheme() const = 0;
  virtual std::map<std::string, std::string> secrets() const = 0;
  // The credential value that must never show up anywhere.
  virtual std::string secret() const = 0;
  virtual fakes::FaultKnobs& knobs() = 0;
  virtual std::string address() const = 0;  // where the fake lives

  // Case variations.
  virtual void useWrongCredentials(std::map<std::string, std::string>& secrets) const = 0;
  virtual void useUnknownZone(SchemeConfig& scheme) const = 0;
  // Makes every request in [now, now + length) rate limited.
  virtual void throttle(TimePoint now, Duration length) = 0;
  // Whether a malformed address is refused for good (Cloudflare 9005) or
  // answered with a retryable provider error (HE dnserr).
  virtual bool invalidContentIsPermanent() const = 0;
  // Writes (not lookups) the fake has accepted so far.
  virtual int writes() const = 0;
  // Whether the provider has a rate limit to wait out (RFC 2136 has none).
  virtual bool rateLimited() const { return true; }
  // What a failed attempt's reply says when the fake's server fails.
  virtual std::string serverErrorText() const { return "503"; }

  // Field-by-field checks. A record at the name as the operator left it:
  // at Cloudflare proxied, with a comment and tags; at HE the plain record
  // (HE has none of these fields).
  virtual void seedOperatorRecord(TimePoint now, const std::string& type, const std::string& content, int ttl) = 0;
  // Every record at the name, one line each, with every field the provider
  // keeps: "A www.example.com 192.0.2.1 ttl=300 proxied=true comment=\"..\" tags=[..]".
  virtual std::vector<std::string> fieldsAt(const std::string& name) = 0;
  // Whether a push writes the scheme's TTL (Cloudflare) or the record keeps
  // the TTL set at the provider (HE's dyndns update carries none).
  virtual bool writesTtl() const = 0;
  // Several addresses per record and withdrawing the record (Cloudflare).
  virtual bool holdsSeveral() const = 0;
  // The provider keeps each record as an object with its own fields (HE's
  // host record, Cloudflare's records); an RFC 2136 server keeps RRsets that
  // an UPDATE replaces whole (tests/providers/rfc2136_conformance_test.cpp).
  virtual bool keepsRecordObjects() const { return true; }

  static constexpr const char* kZone = "example.com";
  static constexpr const char* kFqdn = "www.example.com";
};

std::unique_ptr<Kit> makeCloudflareTokenKit();
std::unique_ptr<Kit> makeCloudflareKeyKit();
std::unique_ptr<Kit> makeHeKit();
std::unique_ptr<Kit> makeRfc2136Kit();

struct CloudflareTokenKit {
  static std::unique_ptr<Kit> make() { return makeCloudflareTokenKit(); }
};
struct CloudflareKeyKit {
  static std::unique_ptr<Kit> make() { return makeCloudflareKeyKit(); }
};
struct HeKit {
  static std::unique_ptr<Kit> make() { return makeHeKit(); }
};
struct Rfc2136Kit {
  static std::unique_ptr<Kit> make() { return makeRfc2136Kit(); }
};

}  // namespace dnsfailover::test
