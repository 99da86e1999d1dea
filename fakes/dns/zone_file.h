#pragma once
// The fake-dns zone file (JSON), the network door's way to load and reload
// what it serves:
//   { "nameservers": ["ns1.he.net", "ns2.he.net"],
//     "zones": [ { "name": "he.okerr.com",
//                  "records": [ { "name": "cat.he.okerr.com", "type": "A",
//                                 "value": "116.202.27.149", "ttl": 300 } ] } ] }

#include <string>
#include <vector>

#include "engine/config/config_loader.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

struct ZoneFile {
  std::vector<std::string> nameservers;
  std::vector<Zone> zones;  // serials unused: the store counts its own
};

struct ZoneFileLoad {
  ZoneFile file;
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

ZoneFileLoad parseZoneFile(const std::string& text);
ZoneFileLoad loadZoneFile(const std::string& path);

// Makes the store hold exactly the file's records (changes bump serials
// and reach secondaries like any provider write).
void applyZoneFile(ZoneStore& store, const ZoneFile& file, TimePoint now);

}  // namespace dnsfailover::fakes
