#include "fakes/dns/zone_file.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <sstream>

#include "engine/dns/message.h"

namespace dnsfailover::fakes {
namespace {

using json = nlohmann::json;

std::string at(const std::string& path, const std::string& key) { return path + "." + key; }

std::string stringField(const json& v, const std::string& path, const char* key, std::vector<ConfigError>& errors) {
  auto it = v.find(key);
  if (it == v.end() || !it->is_string() || it->get<std::string>().empty()) {
    errors.push_back({at(path, key), "expected a non-empty string"});
    return {};
  }
  return it->get<std::string>();
}

DnsRecord readRecord(const json& v, const std::string& path, const std::string& zone, std::vector<ConfigError>& errors) {
  DnsRecord r;
  if (!v.is_object()) {
    errors.push_back({path, "expected an object with name, type, value and ttl"});
    return r;
  }
  r.name = dns::normalizeName(stringField(v, path, "name", errors));
  if (!r.name.empty() && !dns::inZone(r.name, zone)) {
    errors.push_back({at(path, "name"), "\"" + r.name + "\" is not inside zone " + zone});
  }
  r.type = "A";
  if (v.contains("type")) r.type = stringField(v, path, "type", errors);
  if (!dns::parseType(r.type)) errors.push_back({at(path, "type"), "unknown record type \"" + r.type + "\""});
  r.value = stringField(v, path, "value", errors);
  if ((r.type == "A" && !isIpv4Address(r.value)) || (r.type == "AAAA" && (!isIpAddress(r.value) || isIpv4Address(r.value)))) {
    errors.push_back({at(path, "value"), "expected an " + r.type + " address, got \"" + r.value + "\""});
  }
  if (auto ttl = v.find("ttl"); ttl != v.end()) {
    if (!ttl->is_number_integer() || ttl->get<int64_t>() < 0 || ttl->get<int64_t>() > 2147483647) {
      errors.push_back({at(path, "ttl"), "expected seconds 0..2147483647"});
    } else {
      r.ttl = static_cast<int>(ttl->get<int64_t>());
    }
  }
  return r;
}

}  // namespace

ZoneFileLoad parseZoneFile(const std::string& text) {
  ZoneFileLoad load;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    load.errors.push_back({"", std::string("not valid JSON: ") + e.what()});
    return load;
  }
  if (!root.is_object()) {
    load.errors.push_back({"", "expected an object with nameservers and zones"});
    return load;
  }
  if (auto ns = root.find("nameservers"); ns != root.end()) {
    for (size_t i = 0; ns->is_array() && i < ns->size(); ++i) {
      if ((*ns)[i].is_string()) load.file.nameservers.push_back(dns::normalizeName((*ns)[i].get<std::string>()));
      else load.errors.push_back({"nameservers[" + std::to_string(i) + "]", "expected a host name"});
    }
    if (!ns->is_array()) load.errors.push_back({"nameservers", "expected an array of host names"});
  }
  auto zones = root.find("zones");
  if (zones == root.end() || !zones->is_array() || zones->empty()) {
    load.errors.push_back({"zones", "expected a non-empty array of zones"});
    return load;
  }
  for (size_t i = 0; i < zones->size(); ++i) {
    const std::string path = "zones[" + std::to_string(i) + "]";
    const json& z = (*zones)[i];
    if (!z.is_object()) {
      load.errors.push_back({path, "expected an object with name and records"});
      continue;
    }
    Zone zone;
    zone.name = dns::normalizeName(stringField(z, path, "name", load.errors));
    if (auto records = z.find("records"); records != z.end() && records->is_array()) {
      for (size_t r = 0; r < records->size(); ++r) {
        zone.records.push_back(
            readRecord((*records)[r], at(path, "records") + "[" + std::to_string(r) + "]", zone.name, load.errors));
      }
    }
    load.file.zones.push_back(std::move(zone));
  }
  return load;
}

ZoneFileLoad loadZoneFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ZoneFileLoad load;
    load.errors.push_back({"", "cannot open " + path});
    return load;
  }
  std::stringstream text;
  text << in.rdbuf();
  return parseZoneFile(text.str());
}

void applyZoneFile(ZoneStore& store, const ZoneFile& file, TimePoint now) {
  for (const Zone& zone : file.zones) {
    if (store.findZone(zone.name) == nullptr) store.addZone(zone.name);
    // One RRset per name and type: round-robin records stay together.
    std::map<std::pair<std::string, std::string>, std::vector<DnsRecord>> wanted;
    for (const DnsRecord& r : zone.records) wanted[{r.name, r.type}].push_back(r);
    for (const auto& [key, records] : wanted) store.setRRset(now, key.first, key.second, records);
    // Records the file no longer has are deleted (copied first: remove()
    // edits the list being walked).
    const std::vector<DnsRecord> held = store.findZone(zone.name)->records;
    for (const DnsRecord& r : held) {
      if (!wanted.count({r.name, r.type})) store.remove(now, r.name, r.type);
    }
  }
}

}  // namespace dnsfailover::fakes
