#pragma once
// Cloudflare API v4 as a failover provider: find the zone id by name, list
// the records of the scheme's name and type, and make the ones the scheme
// owns hold the pushed set (cloudflare_plan.h says which records are owned
// and in what order they are written): PATCH content (and ttl when the
// scheme names one) of owned records, POST the addresses still missing,
// DELETE owned records the set no longer names. A withdrawn set deletes
// every owned record.
//
// The zone id, and the record id while the scheme's set is one record, are
// cached: a one-address push with a cached id is a single PATCH. When the
// API says an id is gone (81044, 7003) the cache is dropped and the push
// looks everything up again once, so a record deleted by hand is
// re-created.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/ports/http_client.h"
#include "engine/ports/scheduler.h"
#include "engine/providers/cloudflare_request.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

struct CloudflareSettings {
  std::string endpoint = kCloudflareEndpoint;
  std::string zone;  // lower case, no trailing dot
  std::string fqdn;
  // Written on records a push changes when set; else an existing record
  // keeps its TTL and a new one gets 1 (Cloudflare's "automatic").
  std::optional<int> ttl;
  // The scheme's member addresses: records holding one are the scheme's.
  std::vector<std::string> members;
  // answer "one": take over the record of the name when none is the
  // scheme's yet (cloudflare_plan.h).
  bool adopt = true;
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
