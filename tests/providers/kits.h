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
