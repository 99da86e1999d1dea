#pragma once
// Builds the provider client a scheme asks for. When the credentials cannot
// be read, the scheme still runs (monitoring, selection) and every push
// fails permanently with the reason, so the status shows what to fix.

#include <memory>

#include "engine/config/config.h"
#include "engine/ports/http_client.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/secrets.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

std::unique_ptr<Provider> makeProvider(const SchemeConfig& scheme, HttpClient& http, Secrets& secrets,
                                       Scheduler& scheduler);

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
