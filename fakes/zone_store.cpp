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
  auto it = std::find_if(zone->records.begin(), zone->records.end(),
                         [&](const DnsRecord& r) { return r.name == name && r.type == type; });
  if (it == zone->records.end()) {
    zone->records.push_back({name, type, value, ttl, id});
  } else {
    if (it->value == value && it->ttl == ttl) return true;
    it->value = value;
    it->ttl = ttl;
    if (!id.empty()) it->id = id;
  }
  recordChange(at, *zone, name, type, value);
  return true;
}

bool ZoneStore::remove(TimePoint at, const std::string& name, const std::string& type) {
  Zone* zone = zoneFor(name);
  if (zone == nullptr) return false;
  const auto before = zone->records.size();
  std::erase_if(zone->records, [&](const DnsRecord& r) { return r.name == name && r.type == type; });
  if (zone->records.size() == before) return false;
  recordChange(at, *zone, name, type, std::nullopt);
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
  for (const std::string& value : values) zone->records.push_back({name, type, value, ttl, {}});
  recordChange(at, *zone, name, type, values.empty() ? std::nullopt : std::optional<std::string>(values.front()));
  return true;
}

void ZoneStore::recordChange(TimePoint at, Zone& zone, const std::string& name, const std::string& type,
                             std::optional<std::string> value) {
  ++zone.serial;
  changes_.push_back({at, zone.name, name, type, std::move(value), zone.serial});
  for (const auto& listener : listeners_) listener(changes_.back());
}

}  // namespace dnsfailover::fakes
