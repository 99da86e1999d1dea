#pragma once
// Which writes make Cloudflare hold one RRset, as a pure function of what
// the record list shows (planCloudflareWrites), so every case is a table
// test.
//
// Cloudflare keeps one record object per address. Which records of the
// name and type belong to the scheme (and may be changed or deleted):
// - every record whose content is one of the scheme's member addresses;
// - with answer "one" (`adopt`), when no record holds a member address,
//   the first record of the name and type, as every dyndns client updates
//   "the" record of a name (the first push of a new scheme takes over the
//   record the operator made for it).
// Every other record of the name, of any type, is never touched: an
// operator's extra A record next to a multivalue set stays as it is.
//
// The plan reuses owned records before creating new ones (a PATCH of
// content keeps the proxied flag, comment and tags the operator gave the
// record), creates what is still missing, and deletes owned records the set
// no longer names, in that order, so the name is never left empty in
// between when the new set is not.

#include <optional>
#include <string>
#include <vector>

#include "engine/providers/cloudflare_reply.h"

namespace dnsfailover {

struct CloudflareWrite {
  enum class Kind { Patch, Create, Delete };
  Kind kind = Kind::Patch;
  std::string id;       // Patch, Delete: the record
  std::string content;  // Patch, Create: the address
};

struct CloudflarePlan {
  std::vector<CloudflareWrite> writes;
  bool proxied = false;  // a record kept or patched is proxied
  // The one owned record once the plan ran, when there is exactly one that
  // already exists (kept or patched): worth caching for the next push.
  std::optional<std::string> soleRecordId;
};

// `existing`: the records of the name and type, as listed. `want`: the
// addresses the RRset must hold. `ttl`: written on every record kept or
// patched when set (the scheme names a ttl), else left alone.
CloudflarePlan planCloudflareWrites(const std::vector<CloudflareItem>& existing, const std::vector<std::string>& want,
                                    const std::vector<std::string>& members, bool adopt, std::optional<int> ttl);

}  // namespace dnsfailover
