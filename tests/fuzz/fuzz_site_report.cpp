// A site's report as another site reads it from etcd (key + JSON value,
// engine/coordination/etcd_coordination.h): anything a broken or hostile
// writer leaves under the prefix is either a report with a known status and
// a site name without '/', or nothing; never a crash. A report we write
// reads back as written.
#include <cstdlib>

#include "engine/coordination/etcd_coordination.h"
#include "tests/fuzz/fuzz_targets.h"

namespace dnsfailover::fuzz {

void siteReport(std::span<const uint8_t> data) {
  const std::string prefix = "/dnsf/obs/";
  const std::string text(reinterpret_cast<const char*>(data.data()), data.size());
  // First line: the key after the prefix; the rest: the value.
  const size_t newline = text.find('\n');
  EtcdKeyValue kv;
  kv.key = prefix + text.substr(0, newline);
  kv.value = newline == std::string::npos ? std::string{} : text.substr(newline + 1);
  kv.modRevision = static_cast<int64_t>(data.size());
  const std::optional<SiteObservation> o = EtcdCoordination::parseObservation(prefix, kv);
  if (o) {
    if (o->status != "OK" && o->status != "ERR" && o->status != "UNKNOWN") std::abort();
    if (o->site.empty() || o->site.find('/') != std::string::npos || o->indicator.empty()) std::abort();
    if (o->revision != kv.modRevision) std::abort();
    // Round trip: what we would write for it reads back the same.
    EtcdKeyValue again{kv.key, EtcdCoordination::observationValue(*o), 0, o->revision, 1, 0};
    const std::optional<SiteObservation> back = EtcdCoordination::parseObservation(prefix, again);
    if (!back || back->status != o->status || back->reason != o->reason || back->sane != o->sane ||
        back->site != o->site || back->indicator != o->indicator) {
      std::abort();
    }
  }
}

}  // namespace dnsfailover::fuzz
