#pragma once
// What the fake providers write and the fake nameservers serve: zones with
// their records and an SOA serial bumped on every change, plus a change log
// so checkers can replay what the provider held at any instant.

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
};

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
  std::optional<std::string> value;  // nullopt = deleted
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

  // Sets the single record name/type to `value` (creating it). Returns false
  // when no zone contains `name`. A write of the same value changes nothing.
  bool set(TimePoint at, const std::string& name, const std::string& type, const std::string& value,
           int ttl, const std::string& id = {});
  bool remove(TimePoint at, const std::string& name, const std::string& type);
  // Makes the RRset name/type hold exactly `values` (sorted, duplicates
  // dropped) with `ttl`, in one change and one serial step, the way a
  // dynamic UPDATE lands; empty deletes it. Returns false when no zone
  // contains `name`. An RRset that already matches changes nothing.
  bool replaceSet(TimePoint at, const std::string& name, const std::string& type, std::vector<std::string> values,
                  int ttl);

  void addListener(Listener listener) { listeners_.push_back(std::move(listener)); }
  const std::vector<RecordChange>& changes() const { return changes_; }
  const std::map<std::string, Zone>& zones() const { return zones_; }

 private:
  void recordChange(TimePoint at, Zone& zone, const std::string& name, const std::string& type,
                    std::optional<std::string> value);

  std::map<std::string, Zone> zones_;
  std::vector<RecordChange> changes_;
  std::vector<Listener> listeners_;
};

}  // namespace dnsfailover::fakes
