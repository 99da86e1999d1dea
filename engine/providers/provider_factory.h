#pragma once
// Builds the provider client a scheme asks for. When the credentials cannot
// be read, the scheme still runs (monitoring, selection) and every push
// fails permanently with the reason, so the status shows what to fix.

#include <memory>

#include "engine/config/config.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/http_client.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/secrets.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

// RFC 2136 schemes also need `dns` (the UPDATE goes over DNS) and
// `random` (message ids); without them their pushes fail permanently.
std::unique_ptr<Provider> makeProvider(const SchemeConfig& scheme, HttpClient& http, Secrets& secrets,
                                       Scheduler& scheduler, DnsClient* dns = nullptr, Random* random = nullptr);

// Why `secret` cannot be the TSIG secret of an rfc2136 scheme ("" when it
// can): it must be base64, as tsig-keygen and keymgr print it.
std::string tsigSecretProblem(std::string_view secret);

// A provider that cannot work; every push fails permanently with `reason`.
class UnavailableProvider final : public Provider {
 public:
  UnavailableProvider(std::string reason, Scheduler& scheduler)
      : reason_(std::move(reason)), scheduler_(scheduler) {}
  void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) override;

 private:
  std::string reason_;
  Scheduler& scheduler_;
};

}  // namespace dnsfailover
