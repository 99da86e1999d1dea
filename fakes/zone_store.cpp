#include "fakes/zone_store.h"

#include <algorithm>

namespace dnsfailover::fakes {

Zone& ZoneStore::addZone(const std::string& name) {
  Zone& zone = zones_[name];
  zone.name = name;
  return zone;
}

Zone* ZoneStore::findZone(const std::string& name) {
  auto it = zones_.find(name);
  return it == zones_.end() ? nullptr : &it->second;
}

Zone* ZoneStore::zoneFor(const std::string& fqdn) {
  Zone* best = nullptr;
  for (auto& [name, zone] : zones_) {
    const bool inside = fqdn == name || (fqdn.size() > name.size() && fqdn.ends_with(name) &&
                                         fqdn[fqdn.size() - name.size() - 1] == '.');
    if (inside && (best == nullptr || name.size() > best->name.size())) best = &zone;
  }
  return best;
}

std::vector<const DnsRecord*> ZoneStore::find(const std::string& name, const std::string& type) const {
  std::vector<const DnsRecord*> out;
  for (const auto& [zoneName, zone] : zones_) {
    for (const DnsRecord& r : zone.records) {
      if (r.name == name && r.type == type) out.push_back(&r);
    }
  }
  return out;
}

std::optional<std::string> ZoneStore::firstValue(const std::string& name, const std::string& type) const {
  const auto found = find(name, type);
  if (found.empty()) return std::nullopt;
  return found.front()->value;
}

bool ZoneStore::set(TimePoint at, const std::string& name, const std::string& type,
                    const std::string& value, int ttl, const std::string& id) {
  Zone* zone = zoneFor(name);
  if (zone == nullptr) return false;
  auto same = [&](const DnsRecord& r) { return r.name == name && r.type == type; };
  auto it = std::find_if(zone->records.begin(), zone->records.end(), same);
  if (it == zone->records.end()) {
    zone->records.push_back({name, type, value, ttl, id});
  } else {
    const auto count = std::count_if(zone->records.begin(), zone->records.end(), same);
    if (count == 1 && it->value == value && it->ttl == ttl) return true;
    it->value = value;
    it->ttl = ttl;
    if (!id.empty()) it->id = id;
    const DnsRecord* keep = &*it;
    std::erase_if(zone->records, [&](const DnsRecord& r) { return same(r) && &r != keep; });
  }
  recordChange(at, *zone, name, type);
  return true;
}

bool ZoneStore::setRRset(TimePoint at, const std::string& name, const std::string& type,
                         const std::vector<DnsRecord>& records) {
  Zone* zone = zoneFor(name);
  if (zone == nullptr) return false;
  auto same = [&](const DnsRecord& r) { return r.name == name && r.type == type; };
  std::vector<std::pair<std::string, int>> had, want;
  for (const DnsRecord& r : zone->records) {
    if (same(r)) had.emplace_back(r.value, r.ttl);
  }
  for (const DnsRecord& r : records) want.emplace_back(r.value, r.ttl);
  std::sort(had.begin(), had.end());
  std::sort(want.begin(), want.end());
  if (had == want) return true;
  std::erase_if(zone->records, same);
  for (DnsRecord r : records) {
    r.name = name;
    r.type = type;
    zone->records.push_back(std::move(r));
  }
  recordChange(at, *zone, name, type);
  return true;
}

bool ZoneStore::remove(TimePoint at, const std::string& name, const std::string& type) {
  Zone* zone = zoneFor(name);
  if (zone == nullptr) return false;
  const auto before = zone->records.size();
  std::erase_if(zone->records, [&](const DnsRecord& r) { return r.name == name && r.type == type; });
  if (zone->records.size() == before) return false;
  recordChange(at, *zone, name, type);
  return true;
}

bool ZoneStore::replaceSet(TimePoint at, const std::string& name, const std::string& type,
                           std::vector<std::string> values, int ttl) {
  Zone* zone = zoneFor(name);
  if (zone == nullptr) return false;
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::vector<std::string> current;
  bool sameTtl = true;
  for (const DnsRecord& r : zone->records) {
    if (r.name != name || r.type != type) continue;
    current.push_back(r.value);
    sameTtl = sameTtl && r.ttl == ttl;
  }
  std::sort(current.begin(), current.end());
  if (current == values && (sameTtl || values.empty())) return true;
  std::erase_if(zone->records, [&](const DnsRecord& r) { return r.name == name && r.type == type; });
  for (const std::string& value : values) {
    DnsRecord record;
    record.name = name;
    record.type = type;
    record.value = value;
    record.ttl = ttl;
    zone->records.push_back(std::move(record));
  }
  recordChange(at, *zone, name, type);
  return true;
}

DnsRecord* ZoneStore::byId(const std::string& id, Zone** zone) {
  if (id.empty()) return nullptr;
  for (auto& [name, z] : zones_) {
    for (DnsRecord& r : z.records) {
      if (r.id == id) {
        *zone = &z;
        return &r;
      }
    }
  }
  return nullptr;
}

bool ZoneStore::addRecord(TimePoint at, const DnsRecord& record) {
  Zone* zone = zoneFor(record.name);
  if (zone == nullptr) return false;
  zone->records.push_back(record);
  recordChange(at, *zone, record.name, record.type);
  return true;
}

bool ZoneStore::editRecord(TimePoint at, const std::string& id, const DnsRecord& want) {
  Zone* zone = nullptr;
  DnsRecord* r = byId(id, &zone);
  if (r == nullptr || zoneFor(want.name) != zone) return false;
  if (r->name == want.name && r->type == want.type && r->value == want.value && r->ttl == want.ttl &&
      r->proxied == want.proxied) {
    return true;
  }
  const std::string oldName = r->name, oldType = r->type;
  r->name = want.name;
  r->type = want.type;
  r->value = want.value;
  r->ttl = want.ttl;
  r->proxied = want.proxied;
  if (oldName != want.name || oldType != want.type) recordChange(at, *zone, oldName, oldType);
  recordChange(at, *zone, want.name, want.type);
  return true;
}

bool ZoneStore::removeRecord(TimePoint at, const std::string& id) {
  Zone* zone = nullptr;
  DnsRecord* r = byId(id, &zone);
  if (r == nullptr) return false;
  const std::string name = r->name, type = r->type;
  std::erase_if(zone->records, [&](const DnsRecord& x) { return x.id == id; });
  recordChange(at, *zone, name, type);
  return true;
}

std::optional<std::string> ZoneStore::rrsetValue(const std::string& name, const std::string& type) const {
  std::vector<std::string> values;
  for (const DnsRecord* r : find(name, type)) values.push_back(r->value);
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

void ZoneStore::recordChange(TimePoint at, Zone& zone, const std::string& name, const std::string& type) {
  ++zone.serial;
  changes_.push_back({at, zone.name, name, type, rrsetValue(name, type), zone.serial});
  for (const auto& listener : listeners_) listener(changes_.back());
}

}  // namespace dnsfailover::fakes
