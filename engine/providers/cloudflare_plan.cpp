#include "engine/providers/cloudflare_plan.h"

#include <algorithm>
#include <cassert>

namespace dnsfailover {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

CloudflarePlan planCloudflareWrites(const std::vector<CloudflareItem>& existing, const std::vector<std::string>& want,
                                    const std::vector<std::string>& members, bool adopt, std::optional<int> ttl) {
  using Kind = CloudflareWrite::Kind;
  std::vector<const CloudflareItem*> owned;
  for (const CloudflareItem& r : existing) {
    if (!r.id.empty() && contains(members, r.content)) owned.push_back(&r);
  }
  if (owned.empty() && adopt && !want.empty()) {
    for (const CloudflareItem& r : existing) {
      if (!r.id.empty()) {
        owned.push_back(&r);
        break;
      }
    }
  }
  CloudflarePlan plan;
  std::vector<bool> kept(owned.size(), false);
  std::vector<std::string> missing;
  size_t survivors = 0;
  for (const std::string& address : want) {
    bool found = false;
    for (size_t i = 0; i < owned.size() && !found; ++i) {
      if (kept[i] || owned[i]->content != address) continue;
      kept[i] = found = true;
      ++survivors;
      plan.proxied = plan.proxied || owned[i]->proxied;
      if (ttl && owned[i]->ttl != *ttl) plan.writes.push_back({Kind::Patch, owned[i]->id, address});
      plan.soleRecordId = owned[i]->id;
    }
    if (!found) missing.push_back(address);
  }
  // Owned records the set no longer names take the missing addresses first.
  std::vector<const CloudflareItem*> spare;
  for (size_t i = 0; i < owned.size(); ++i) {
    if (!kept[i]) spare.push_back(owned[i]);
  }
  size_t next = 0;
  std::vector<std::string> create;
  for (const std::string& address : missing) {
    if (next < spare.size()) {
      plan.writes.push_back({Kind::Patch, spare[next]->id, address});
      plan.proxied = plan.proxied || spare[next]->proxied;
      plan.soleRecordId = spare[next]->id;
      ++next;
      ++survivors;
    } else {
      create.push_back(address);
    }
  }
  for (const std::string& address : create) plan.writes.push_back({Kind::Create, {}, address});
  for (; next < spare.size(); ++next) plan.writes.push_back({Kind::Delete, spare[next]->id, {}});
  if (survivors != 1 || !create.empty()) plan.soleRecordId.reset();
  assert(survivors + create.size() == want.size());
  return plan;
}

}  // namespace dnsfailover
