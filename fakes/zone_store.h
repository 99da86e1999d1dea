#pragma once
// What the fake providers write and the fake nameservers serve: zones with
// their records and an SOA serial bumped on every change, plus a change log
// so checkers can replay what the provider held at any instant.
//
// A name and type may hold several records (an RRset: Cloudflare keeps one
// record object per address). The log is per RRset: each change carries the
// values of every record of its name and type after the change, sorted and
// joined by ',' ("192.0.2.1,192.0.2.2"), or nullopt once none is left.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover::fakes {

struct DnsRecord {
  std::string name;   // fqdn, lower case, no trailing dot
  std::string type;   // "A", "AAAA", "CNAME", "TXT", "NS"
  std::string value;
  int ttl = 300;
  std::string id;     // provider-side id (Cloudflare); empty for others
  // Served through Cloudflare's proxy: nameservers answer the edge
  // addresses (kProxyEdgeA / kProxyEdgeAaaa), never `value`, the origin.
  bool proxied = false;
};

// The edge addresses a fake nameserver gives for a proxied record, from
// Cloudflare's published ranges (104.16.0.0/13, 172.64.0.0/13, 2606:4700::/32).
inline constexpr const char* kProxyEdgeA[] = {"104.21.48.1", "172.67.160.1"};
inline constexpr const char* kProxyEdgeAaaa[] = {"2606:4700:3031::6815:3001", "2606:4700:3037::ac43:a001"};

struct Zone {
  std::string name;
  uint32_t serial = 1;
  std::vector<DnsRecord> records;
};

struct RecordChange {
  TimePoint at;
  std::string zone;
  std::string name;
  std::string type;
  std::optional<std::string> value;  // the RRset's values, sorted, ","-joined; nullopt = none left
  uint32_t serial = 0;
};

class ZoneStore {
 public:
  using Listener = std::function<void(const RecordChange&)>;

  Zone& addZone(const std::string& name);
  Zone* findZone(const std::string& name);
  // The zone that contains `fqdn` (longest suffix match).
  Zone* zoneFor(const std::string& fqdn);

  // Values of name/type (several for round robin).
  std::vector<const DnsRecord*> find(const std::string& name, const std::string& type) const;
  std::optional<std::string> firstValue(const std::string& name, const std::string& type) const;

  // Makes name/type hold the single record `value` (creating it, or
  // editing the first record and dropping the others). Returns false when
  // no zone contains `name`. A write of the same value changes nothing.
  bool set(TimePoint at, const std::string& name, const std::string& type, const std::string& value,
           int ttl, const std::string& id = {});
  // Makes name/type hold exactly `records` (their name and type are
  // ignored), logged as one change when the values or TTLs differ.
  bool setRRset(TimePoint at, const std::string& name, const std::string& type, const std::vector<DnsRecord>& records);
  // Deletes every record of name/type; false when there was none.
  bool remove(TimePoint at, const std::string& name, const std::string& type);
  // Makes the RRset name/type hold exactly `values` (sorted, duplicates
  // dropped) with `ttl`, in one change and one serial step, the way a
  // dynamic UPDATE lands; empty deletes it. Returns false when no zone
  // contains `name`. An RRset that already matches changes nothing.
  bool replaceSet(TimePoint at, const std::string& name, const std::string& type, std::vector<std::string> values,
                  int ttl);

  // Record-level edits by provider id (Cloudflare): add one more record,
  // change one record (its name or type too), delete one. Each logs the
  // RRsets it changed. False when no zone contains the name or no record
  // has the id.
  bool addRecord(TimePoint at, const DnsRecord& record);
  bool editRecord(TimePoint at, const std::string& id, const DnsRecord& want);
  bool removeRecord(TimePoint at, const std::string& id);
  // The values of name/type as the log writes them; nullopt when none.
  std::optional<std::string> rrsetValue(const std::string& name, const std::string& type) const;

  void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }
  const std::vector<RecordChange>& changes() const { return changes_; }
  const std::map<std::string, Zone>& zones() const { return zones_; }

 private:
  // Logs name/type as it is now and bumps the zone's serial.
  void recordChange(TimePoint at, Zone& zone, const std::string& name, const std::string& type);
  DnsRecord* byId(const std::string& id, Zone** zone);

  std::map<std::string, Zone> zones_;
  std::vector<RecordChange> changes_;
  std::vector<Listener> listeners_;
};

}  // namespace dnsfailover::fakes
