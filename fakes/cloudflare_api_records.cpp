// The zone and DNS record endpoints of the Cloudflare fake: listing with
// filters and pages, and create/replace/patch/delete with the validation
// record rules Cloudflare enforces (content, TTL, duplicates, CNAME conflicts).

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/core/url.h"
#include "fakes/cloudflare_api.h"
#include "fakes/cloudflare_api_envelope.h"

namespace dnsfailover::fakes {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using Reply = CloudflareApi::Reply;

// Cloudflare's "automatic" TTL is served as 300 s.
constexpr int kAutomaticTtl = 1;
constexpr int kAutomaticServedTtl = 300;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

int intParam(const std::string& query, const char* key, int fallback) {
  const auto v = formValue(query, key);
  if (!v || v->empty() || v->size() > 9) return fallback;
  if (!std::all_of(v->begin(), v->end(), [](unsigned char c) { return std::isdigit(c); })) return fallback;
  return std::stoi(*v);
}

Reply validationError(int code, const std::string& message) {
  return cf::failure(400, {{1004, "DNS Validation Error", {{code, message, {}}}}});
}

bool proxiable(const std::string& type) { return type == "A" || type == "AAAA" || type == "CNAME"; }

// The full name of a record: "@" is the apex, a relative name gets the
// zone appended (as the dashboard and API do).
std::string fullName(std::string name, const std::string& zone) {
  name = lower(name);
  while (!name.empty() && name.back() == '.') name.pop_back();
  if (name == "@" || name.empty()) return zone;
  if (name == zone || name.ends_with("." + zone)) return name;
  return name + "." + zone;
}

struct Candidate {
  std::string type, name, content;
  int ttl = kAutomaticTtl;
  bool proxied = false;
  std::optional<std::string> comment;
  std::vector<std::string> tags;
};

// Applies the JSON fields of a request body onto `c`; nullopt when they are
// valid, else the error reply.
std::optional<Reply> applyFields(const json& body, const std::string& zone, Candidate& c) {
  if (auto it = body.find("type"); it != body.end()) {
    if (!it->is_string()) return validationError(9000, "type must be a string");
    c.type = upper(it->get<std::string>());
  }
  if (auto it = body.find("name"); it != body.end()) {
    if (!it->is_string()) return validationError(9000, "name must be a string");
    c.name = fullName(it->get<std::string>(), zone);
  }
  if (auto it = body.find("content"); it != body.end()) {
    if (!it->is_string()) return validationError(9000, "content must be a string");
    c.content = it->get<std::string>();
  }
  if (auto it = body.find("ttl"); it != body.end()) {
    if (!it->is_number_integer()) return validationError(9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
    const int64_t ttl = it->get<int64_t>();
    if (ttl != kAutomaticTtl && (ttl < 60 || ttl > 86400)) {
      return validationError(9021, "Invalid TTL. Must be between 60 and 86400 seconds, or 1 for Automatic.");
    }
    c.ttl = static_cast<int>(ttl);
  }
  if (auto it = body.find("proxied"); it != body.end()) {
    if (!it->is_boolean()) return validationError(9003, "proxied must be a boolean");
    c.proxied = it->get<bool>();
  }
  if (auto it = body.find("comment"); it != body.end()) {
    if (it->is_null()) c.comment.reset();
    else if (it->is_string()) c.comment = it->get<std::string>();
    else return validationError(9000, "comment must be a string");
  }
  if (auto it = body.find("tags"); it != body.end()) {
    if (!it->is_array()) return validationError(9000, "tags must be an array of name:value strings");
    c.tags.clear();
    for (const json& tag : *it) {
      if (!tag.is_string()) return validationError(9000, "tags must be an array of name:value strings");
      c.tags.push_back(tag.get<std::string>());
    }
  }
  return std::nullopt;
}

std::optional<Reply> validate(const Candidate& c) {
  if (c.type.empty()) return validationError(9000, "DNS record type is required.");
  if (c.name.empty() || c.name.size() > 255) return validationError(9000, "DNS name is invalid.");
  if (c.content.empty()) return validationError(9000, "Content is required.");
  if (c.type == "A" && !isIpv4Address(c.content)) {
    return cf::failure(400, {{9005, "Content for A record must be a valid IPv4 address.", {}}});
  }
  if (c.type == "AAAA" && (c.content.find(':') == std::string::npos || !isIpAddress(c.content))) {
    return cf::failure(400, {{9005, "Content for AAAA record must be a valid IPv6 address.", {}}});
  }
  return std::nullopt;
}

// Duplicates and CNAME conflicts against the other records of the zone.
std::optional<Reply> conflicts(const Zone& zone, const Candidate& c, const std::string& selfId) {
  for (const DnsRecord& r : zone.records) {
    if (r.id == selfId || r.name != c.name) continue;
    if (r.type == c.type && r.value == c.content) {
      return cf::failure(400, {{81058, "An identical record already exists.", {}}});
    }
    const bool addressOrAlias = r.type == "A" || r.type == "AAAA" || r.type == "CNAME";
    if (c.type == "CNAME" && addressOrAlias) {
      return cf::failure(400, {{81053, "An A, AAAA, or CNAME record with that host already exists.", {}}});
    }
    if ((c.type == "A" || c.type == "AAAA") && r.type == "CNAME") {
      return cf::failure(400, {{81054, "A CNAME record with that host already exists.", {}}});
    }
  }
  return std::nullopt;
}

std::optional<json> parseBody(const std::string& text) {
  json body = json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

Reply badBody() { return cf::failure(400, {{9207, "Request body is invalid.", {}}}); }

}  // namespace

void CloudflareApi::ensureIds(Zone& zone, TimePoint now) {
  // Records put into the store by the scenario or behind the API's back get
  // an id (and metadata) the first time the API looks at them.
  for (DnsRecord& r : zone.records) {
    if (r.id.empty()) r.id = newId();
    if (!meta_.count(r.id)) meta_[r.id] = RecordMeta{now, now, false, false, std::nullopt, {}};
  }
}

DnsRecord* CloudflareApi::findRecord(Zone& zone, const std::string& id) {
  for (DnsRecord& r : zone.records) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string CloudflareApi::recordJson(const Zone& zone, const DnsRecord& r) const {
  const auto metaIt = meta_.find(r.id);
  const RecordMeta meta = metaIt == meta_.end() ? RecordMeta{} : metaIt->second;
  ojson j;
  j["id"] = r.id;  // first, as in real responses
  j["zone_id"] = zoneId(zone.name);
  j["zone_name"] = zone.name;
  j["name"] = r.name;
  j["type"] = r.type;
  j["content"] = r.value;
  j["proxiable"] = proxiable(r.type);
  j["proxied"] = meta.proxied;
  j["ttl"] = meta.autoTtl && r.ttl == kAutomaticServedTtl ? kAutomaticTtl : r.ttl;
  j["settings"] = ojson::object();
  j["meta"] = {{"auto_added", false}, {"managed_by_apps", false}, {"managed_by_argo_tunnel", false}};
  j["comment"] = meta.comment ? ojson(*meta.comment) : ojson(nullptr);
  j["tags"] = meta.tags;
  j["created_on"] = cf::timestamp(meta.created);
  j["modified_on"] = cf::timestamp(meta.modified);
  return j.dump();
}

void CloudflareApi::store(Zone& zone, const std::string& id, const DnsRecord& want, TimePoint now) {
  // One record object per address, as Cloudflare keeps them; the store logs
  // the whole RRset of the name and type after each edit, so the fake
  // nameservers and the checkers see every record of a multivalue set.
  DnsRecord record = want;
  record.id = id;
  const auto meta = meta_.find(id);
  record.proxied = meta != meta_.end() && meta->second.proxied;
  if (findRecord(zone, id) == nullptr) {
    store_.addRecord(now, record);
  } else {
    store_.editRecord(now, id, record);
  }
}

std::string CloudflareApi::addRecord(const DnsRecord& record, bool proxied, std::optional<std::string> comment,
                                     std::vector<std::string> tags, TimePoint now) {
  Zone* z = store_.zoneFor(record.name);
  if (z == nullptr || !zoneNames_.count(z->name)) return {};
  const std::string id = newId();
  const bool autoTtl = record.ttl == kAutomaticTtl;
  meta_[id] = RecordMeta{now, now, proxied && proxiable(record.type), autoTtl, std::move(comment), std::move(tags)};
  DnsRecord stored = record;
  stored.ttl = autoTtl ? kAutomaticServedTtl : record.ttl;
  store(*z, id, stored, now);
  return id;
}

std::vector<std::string> CloudflareApi::recordObjects(const std::string& name, const std::string& type) const {
  std::vector<std::string> out;
  const Zone* z = store_.zoneFor(name);
  if (z == nullptr) return out;
  for (const DnsRecord& r : z->records) {
    if (r.name == name && (type.empty() || r.type == type)) out.push_back(recordJson(*z, r));
  }
  return out;
}

CloudflareApi::Reply CloudflareApi::listZones(const std::string& query, const Caller& caller) const {
  const auto name = formValue(query, "name");
  const auto status = formValue(query, "status");
  const int page = std::max(1, intParam(query, "page", 1));
  const int perPage = std::clamp(intParam(query, "per_page", 20), 5, 50);
  std::vector<std::string> matches;
  for (const auto& [zoneName, id] : zoneNames_) {
    if (caller.zones && !caller.zones->count(zoneName)) continue;
    if (name && lower(*name) != zoneName) continue;
    if (status && *status != "active") continue;
    matches.push_back(zoneName);
  }
  std::string result = "[";
  int count = 0;
  for (size_t i = static_cast<size_t>(page - 1) * perPage; i < matches.size() && count < perPage; ++i, ++count) {
    if (count > 0) result += ",";
    result += zoneJson(matches[i]);
  }
  result += "]";
  return cf::success(result, cf::resultInfo(page, perPage, count, static_cast<int>(matches.size())));
}

CloudflareApi::Reply CloudflareApi::getZone(const std::string& zoneName) const {
  return cf::success(zoneJson(zoneName));
}

std::string CloudflareApi::zoneJson(const std::string& zoneName) const {
  ojson j;
  j["id"] = zoneId(zoneName);
  j["name"] = zoneName;
  j["status"] = "active";
  j["paused"] = false;
  j["type"] = "full";
  j["development_mode"] = 0;
  j["name_servers"] = {"ada.ns.cloudflare.com", "bob.ns.cloudflare.com"};
  j["original_name_servers"] = nullptr;
  j["original_registrar"] = nullptr;
  j["original_dnshost"] = nullptr;
  j["account"] = {{"id", "0123456789abcdef0123456789abcdef"}, {"name", "dnsfailover sim"}};
  const auto created = zoneCreated_.find(zoneName);
  const std::string when = cf::timestamp(created == zoneCreated_.end() ? TimePoint{} : created->second);
  j["created_on"] = when;
  j["modified_on"] = when;
  j["activated_on"] = when;
  return j.dump();
}

CloudflareApi::Reply CloudflareApi::listRecords(const std::string& zoneName, const std::string& query, TimePoint now) {
  Zone& z = *zone(zoneName);
  ensureIds(z, now);
  const auto type = formValue(query, "type");
  const auto name = formValue(query, "name");
  const auto content = formValue(query, "content");
  const bool any = formValue(query, "match").value_or("all") == "any";
  const int page = std::max(1, intParam(query, "page", 1));
  const int perPage = std::clamp(intParam(query, "per_page", 100), 1, 5000);
  const std::string order = formValue(query, "order").value_or("type");
  const bool desc = formValue(query, "direction").value_or("asc") == "desc";

  std::vector<const DnsRecord*> matches;
  for (const DnsRecord& r : z.records) {
    std::vector<bool> tests;
    if (type) tests.push_back(upper(*type) == r.type);
    if (name) tests.push_back(fullName(*name, zoneName) == r.name);
    if (content) tests.push_back(*content == r.value);
    const bool keep = tests.empty() || (any ? std::find(tests.begin(), tests.end(), true) != tests.end()
                                            : std::find(tests.begin(), tests.end(), false) == tests.end());
    if (keep) matches.push_back(&r);
  }
  auto key = [&](const DnsRecord* r) -> std::string {
    if (order == "name") return r->name;
    if (order == "content") return r->value;
    if (order == "ttl") return std::to_string(100000 + r->ttl);
    return r->type;
  };
  std::stable_sort(matches.begin(), matches.end(),
                   [&](const DnsRecord* a, const DnsRecord* b) { return desc ? key(b) < key(a) : key(a) < key(b); });
  std::string result = "[";
  int count = 0;
  for (size_t i = static_cast<size_t>(page - 1) * perPage; i < matches.size() && count < perPage; ++i, ++count) {
    if (count > 0) result += ",";
    result += recordJson(z, *matches[i]);
  }
  result += "]";
  return cf::success(result, cf::resultInfo(page, perPage, count, static_cast<int>(matches.size())));
}

CloudflareApi::Reply CloudflareApi::getRecord(const std::string& zoneName, const std::string& id, TimePoint now) {
  Zone& z = *zone(zoneName);
  ensureIds(z, now);
  const DnsRecord* r = findRecord(z, id);
  if (r == nullptr) return cf::failure(404, cf::recordMissing());
  return cf::success(recordJson(z, *r));
}

CloudflareApi::Reply CloudflareApi::createRecord(const std::string& zoneName, const std::string& text, TimePoint now) {
  Zone& z = *zone(zoneName);
  ensureIds(z, now);
  const auto body = parseBody(text);
  if (!body) return badBody();
  Candidate c;
  if (auto error = applyFields(*body, zoneName, c)) return *error;
  if (auto error = validate(c)) return *error;
  if (auto error = conflicts(z, c, {})) return *error;
  const std::string id = newId();
  meta_[id] = RecordMeta{now, now, c.proxied && proxiable(c.type), c.ttl == kAutomaticTtl, c.comment, c.tags};
  const int served = c.ttl == kAutomaticTtl ? kAutomaticServedTtl : c.ttl;
  store(z, id, DnsRecord{c.name, c.type, c.content, served, id}, now);
  return cf::success(recordJson(z, *findRecord(z, id)));
}

CloudflareApi::Reply CloudflareApi::writeRecord(const std::string& zoneName, const std::string& id,
                                                const std::string& text, bool partial, TimePoint now) {
  Zone& z = *zone(zoneName);
  ensureIds(z, now);
  DnsRecord* r = findRecord(z, id);
  if (r == nullptr) return cf::failure(404, cf::recordMissing());
  const auto body = parseBody(text);
  if (!body) return badBody();
  RecordMeta& meta = meta_[id];
  Candidate c;
  if (partial) {
    // PATCH starts from the record as it is; PUT from nothing but defaults.
    c = Candidate{r->type, r->name, r->value, meta.autoTtl ? kAutomaticTtl : r->ttl, meta.proxied, meta.comment, meta.tags};
  }
  if (auto error = applyFields(*body, zoneName, c)) return *error;
  if (auto error = validate(c)) return *error;
  if (auto error = conflicts(z, c, id)) return *error;
  meta.modified = now;
  meta.proxied = c.proxied && proxiable(c.type);
  meta.autoTtl = c.ttl == kAutomaticTtl;
  meta.comment = c.comment;
  meta.tags = c.tags;
  const int served = c.ttl == kAutomaticTtl ? kAutomaticServedTtl : c.ttl;
  store(z, id, DnsRecord{c.name, c.type, c.content, served, id}, now);
  return cf::success(recordJson(z, *findRecord(z, id)));
}

CloudflareApi::Reply CloudflareApi::deleteRecord(const std::string& zoneName, const std::string& id, TimePoint now) {
  Zone& z = *zone(zoneName);
  ensureIds(z, now);
  const DnsRecord* r = findRecord(z, id);
  if (r == nullptr) return cf::failure(404, cf::recordMissing());
  store_.removeRecord(now, id);
  meta_.erase(id);
  return cf::success("{\"id\":\"" + id + "\"}");
}

}  // namespace dnsfailover::fakes
