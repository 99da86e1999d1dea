#pragma once
// Hurricane Electric dynamic DNS (dyn.dns.he.net/nic/update): one POST per
// update, authenticated by the record's DDNS key; the reply is one line of
// dyndns2 text, always with HTTP 200, so the body decides.

#include <memory>
#include <string>

#include "engine/ports/http_client.h"
#include "engine/ports/scheduler.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

inline constexpr const char* kHeDynEndpoint = "https://dyn.dns.he.net/nic/update";

HttpRequest buildHeDynRequest(const std::string& endpoint, const std::string& fqdn,
                              const std::string& key, const std::string& address);

// good/nochg are success; interval/911/dnserr/5xx/transport are retryable;
// badauth/nohost/notfqdn/abuse/badagent/401/403 are permanent; anything
// else is a retryable failure carrying the reply text.
PushOutcome parseHeDynReply(const HttpResult& result, const std::string& key);

class HeDynProvider final : public Provider {
 public:
  HeDynProvider(HttpClient& http, std::string endpoint, std::string fqdn, std::string key,
                Scheduler& scheduler);
  // One address per record: an A set goes as an IPv4 myip, an AAAA set as
  // IPv6 (HE picks the record by the address family). Several addresses or
  // none cannot be expressed in dyndns2 and fail permanently.
  void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) override;

 private:
  HttpClient& http_;
  std::string endpoint_;
  std::string fqdn_;
  std::string key_;
  Scheduler& scheduler_;  // refusals are answered later, like replies
};

std::string urlEncode(std::string_view text);

}  // namespace dnsfailover
