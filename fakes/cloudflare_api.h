#pragma once
// A faithful fake of the Cloudflare API v4 (the DNS part a failover client
// uses), over the ZoneStore, as Cloudflare's API documentation and observed replies describe it:
//
//   GET  /client/v4/zones?name=             zones visible to the caller
//   GET  /client/v4/zones/{zone}
//   GET  /client/v4/zones/{zone}/dns_records (type, name, content, match,
//                                             order, direction, page, per_page)
//   POST /client/v4/zones/{zone}/dns_records
//   GET|PUT|PATCH|DELETE /client/v4/zones/{zone}/dns_records/{record}
//
// Auth: API tokens (Bearer; optionally limited to some zones) or e-mail +
// global key accounts; 9106 none, 6003+6111/6102/6103 malformed, 10000
// unknown token or no permission, 9103 unknown e-mail/key. Routing: 7003
// (+7000) for an identifier that is not a known id, 81044 for a missing
// record. Validation: 9005 content, 1004+9021 TTL, 81058 duplicate,
// 81053/81054 CNAME conflicts. Limits: 1200 requests per 300 s per
// token/account, then 429/971 with Retry-After for 5 minutes; 200 per second
// per client IP. Ids are 32 lowercase hex characters and every result object
// lists "id" first. Time comes only from `now`; faults from FaultKnobs.
//
// The ZoneStore is the truth: a record deleted behind the API's back
// (ZoneStore::remove) is gone for the API too.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fakes/fault_knobs.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

class CloudflareApi final : public TimedDoor {
 public:
  explicit CloudflareApi(ZoneStore& store, uint64_t idSeed = 1);

  // Makes `name` a Cloudflare zone (creating it in the store if needed);
  // returns its id.
  std::string addZone(const std::string& name, TimePoint created = {});
  // The zone was deleted and added again: it gets a new id, so clients
  // holding the old one get 7003.
  std::string reissueZoneId(const std::string& name);
  std::string zoneId(const std::string& name) const;

  // An API token; `zones` empty = every zone, else only those zone names.
  void addToken(const std::string& token, std::vector<std::string> zones = {});
  void revokeToken(const std::string& token);
  // A legacy account: e-mail + global API key (37 hex, or cfk_...).
  void addAccount(const std::string& email, const std::string& globalKey);

  DoorReply serve(const HttpRequest& request, TimePoint now, const std::string& peer) override;

  // A record made by the operator in the dashboard (tests, scenarios), with
  // its proxied flag, comment and tags; returns its id. False-y ("") when
  // no zone of this API holds the name.
  std::string addRecord(const DnsRecord& record, bool proxied, std::optional<std::string> comment,
                        std::vector<std::string> tags, TimePoint now);
  // The record objects of name/type (every type when `type` is empty) as a
  // GET of each returns them, in store order: what a field-by-field check
  // reads (content, ttl, proxied, comment, tags, ...).
  std::vector<std::string> recordObjects(const std::string& name, const std::string& type = {}) const;

  FaultKnobs& faults() { return faults_; }
  uint64_t requestsSeen() const { return requests_; }
  // When each request that would change a record arrived (POST, PUT,
  // PATCH, DELETE), answered or not: the provider's own count of pushes.
  const std::vector<TimePoint>& writesSeen() const { return writes_; }
  // "PATCH /zones/<id>/dns_records/<id> 200", one line per request.
  const std::vector<std::string>& requestLog() const { return log_; }

  static constexpr int kRequestsPerWindow = 1200;
  static constexpr Duration kRateWindow = std::chrono::seconds{300};
  static constexpr int kRequestsPerSecondPerIp = 200;

  // Result of one routed call, before faults and headers.
  struct Reply {
    int status = 200;
    std::string body;
  };

 private:
  struct Caller {
    std::string principal;               // token or e-mail: the rate-limit key
    std::optional<std::set<std::string>> zones;  // nullopt = all
    std::string secret;                  // for the echo knob only
  };
  struct RecordMeta {
    TimePoint created{};
    TimePoint modified{};
    bool proxied = false;
    bool autoTtl = false;               // the client asked for ttl 1 ("automatic")
    std::optional<std::string> comment;
    std::vector<std::string> tags;
  };
  struct Budget {
    std::deque<TimePoint> recent;
    TimePoint blockedUntil{};
  };

  std::string newId();
  std::optional<Reply> authenticate(const HttpRequest& request, Caller& caller) const;
  std::optional<Reply> throttle(const Caller& caller, const std::string& peer, TimePoint now,
                                std::string& retryAfter);
  Reply route(const HttpRequest& request, const Caller& caller, TimePoint now);

  // Endpoints (cloudflare_api_records.cpp).
  Reply listZones(const std::string& query, const Caller& caller) const;
  Reply getZone(const std::string& zoneName) const;
  std::string zoneJson(const std::string& zoneName) const;
  Reply listRecords(const std::string& zoneName, const std::string& query, TimePoint now);
  Reply getRecord(const std::string& zoneName, const std::string& id, TimePoint now);
  Reply createRecord(const std::string& zoneName, const std::string& body, TimePoint now);
  Reply writeRecord(const std::string& zoneName, const std::string& id, const std::string& body,
                    bool partial, TimePoint now);
  Reply deleteRecord(const std::string& zoneName, const std::string& id, TimePoint now);

  Zone* zone(const std::string& name) { return store_.findZone(name); }
  void ensureIds(Zone& zone, TimePoint now);
  DnsRecord* findRecord(Zone& zone, const std::string& id);
  std::string recordJson(const Zone& zone, const DnsRecord& record) const;
  void store(Zone& zone, const std::string& id, const DnsRecord& want, TimePoint now);

  ZoneStore& store_;
  uint64_t idState_;
  std::map<std::string, std::string> zoneIds_;    // id -> zone name
  std::map<std::string, std::string> zoneNames_;  // zone name -> id
  std::map<std::string, TimePoint> zoneCreated_;
  std::map<std::string, std::optional<std::set<std::string>>> tokens_;
  std::map<std::string, std::string> accounts_;   // e-mail -> key
  std::map<std::string, RecordMeta> meta_;        // record id -> metadata
  std::map<std::string, Budget> budgets_;
  std::map<std::string, std::pair<int64_t, int>> perIpSecond_;
  FaultKnobs faults_;
  FaultDice dice_;
  uint64_t requests_ = 0;
  std::vector<std::string> log_;
  std::vector<TimePoint> writes_;
};

}  // namespace dnsfailover::fakes
