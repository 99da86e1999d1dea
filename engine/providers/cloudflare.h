#pragma once
// Cloudflare API v4 as a failover provider: find the zone id by name, find
// the A/AAAA record id by type + name, then PATCH its content (or POST a new
// record when there is none). Both ids are cached; when the API says one is
// gone (81044, 7003) the cache is dropped and looked up again once within
// the same push, so a record deleted by hand is re-created.

#include <map>
#include <memory>
#include <string>

#include "engine/ports/http_client.h"
#include "engine/providers/cloudflare_request.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

struct CloudflareSettings {
  std::string endpoint = kCloudflareEndpoint;
  std::string zone;  // lower case, no trailing dot
  std::string fqdn;
  int ttl = 1;       // 1 = Cloudflare's "automatic"
  CloudflareAuth auth;
};

class CloudflareProvider final : public Provider {
 public:
  CloudflareProvider(HttpClient& http, CloudflareSettings settings);
  void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) override;

  // What is cached now; empty when unknown (for tests and the status page).
  std::string cachedZoneId() const;
  std::string cachedRecordId(const std::string& type) const;
  // {"zone": id, "record:A": id, ...}
  std::map<std::string, std::string> cachedIds() const override;
  void restoreCachedIds(const std::map<std::string, std::string>& ids) override;

  struct State;  // cache + settings, shared with requests in flight

 private:
  std::shared_ptr<State> state_;
};

}  // namespace dnsfailover
