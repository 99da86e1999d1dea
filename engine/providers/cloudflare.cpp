#include "engine/providers/cloudflare.h"
#include "engine/core/coverage.h"

#include <array>

#include "engine/providers/cloudflare_plan.h"
#include "engine/providers/cloudflare_reply.h"
#include "engine/providers/he_dyn.h"  // urlEncode

namespace dnsfailover {

struct CloudflareProvider::State {
  HttpClient& http;
  CloudflareSettings settings;
  std::string zoneId;
  std::map<std::string, std::string> recordIds;  // "A" / "AAAA" -> id
};

namespace {

using Verdict = CloudflareReply::Verdict;
using State = CloudflareProvider::State;
using Kind = CloudflareWrite::Kind;

// Records listed per page; pages are followed until the list ends.
constexpr int kPerPage = 100;
// A zone listing can in theory page forever if a broken server keeps
// claiming more pages; stop there.
constexpr int kMaxPages = 50;

// One setRecords() call walking the steps zone -> records -> writes. Owned
// by the callbacks in flight, so the provider may go away meanwhile.
class Push : public std::enable_shared_from_this<Push> {
 public:
  Push(std::shared_ptr<State> state, RecordSet records, std::function<void(PushOutcome)> done)
      : state_(std::move(state)),
        want_(std::move(records)),
        type_(recordTypeName(want_.type)),
        done_(std::move(done)) {}

  void step() {
    if (state_->zoneId.empty()) return findZone();
    // One address and a known record: a single PATCH, as a dyndns client.
    if (want_.addresses.size() == 1 && !state_->recordIds[type_].empty() && !relooked_) return patchCached();
    listed_.clear();
    findRecords(1);
  }

 private:
  const CloudflareSettings& cfg() const { return state_->settings; }
  std::string recordsPath() const { return "/zones/" + state_->zoneId + "/dns_records"; }

  void send(const std::string& method, const std::string& path, std::string body,
            void (Push::*next)(const CloudflareReply&)) {
    auto self = shared_from_this();
    state_->http.send(buildCloudflareRequest(cfg().endpoint, cfg().auth, method, path, std::move(body)),
                      [self, next](HttpResult result) {
                        (self.get()->*next)(parseCloudflareReply(result, self->cfg().auth.secret));
                      });
  }

  void findZone() { send("GET", "/zones?name=" + urlEncode(cfg().zone), {}, &Push::onZone); }

  void onZone(const CloudflareReply& reply) {
    if (!reply.ok()) return fail("looking up zone " + cfg().zone, reply);
    for (const CloudflareItem& zone : reply.items) {
      if (zone.name == cfg().zone && !zone.id.empty()) {
        state_->zoneId = zone.id;
        return step();
      }
    }
    // An empty list is how Cloudflare says "no such zone for these
    // credentials": a configuration error, not worth retrying soon.
    finish({PushOutcome::Kind::Permanent,
            "cloudflare: zone " + cfg().zone + " not found (or the credentials cannot see it)", {}});
  }

  void patchCached() {
    const std::string id = state_->recordIds[type_];
    writes_ = {{Kind::Patch, id, want_.addresses.front()}};
    next_ = 0;
    cachedPatch_ = true;
    writeNext();
  }

  void findRecords(int page) {
    page_ = page;
    send("GET",
         recordsPath() + "?type=" + type_ + "&name=" + urlEncode(cfg().fqdn) + "&per_page=" +
             std::to_string(kPerPage) + "&page=" + std::to_string(page),
         {}, &Push::onRecords);
  }

  void onRecords(const CloudflareReply& reply) {
    if (reply.verdict == Verdict::ZoneGone && relook()) return;
    if (!reply.ok()) return fail("looking up " + type_ + " records of " + cfg().fqdn, reply);
    for (const CloudflareItem& record : reply.items) {
      if (record.name == cfg().fqdn && record.type == type_ && !record.id.empty()) listed_.push_back(record);
    }
    const bool morePages = reply.page < reply.totalPages && static_cast<int>(reply.items.size()) >= kPerPage;
    if (morePages && page_ < kMaxPages) return findRecords(page_ + 1);
    const CloudflarePlan plan = planCloudflareWrites(listed_, want_.addresses, cfg().members, cfg().adopt, cfg().ttl);
    proxied_ = plan.proxied;
    // The sole record's id is cached only once every write of the plan has
    // landed: a failed DELETE leaves a second record of the name, and a later
    // push PATCHing the cached id alone would never remove it.
    state_->recordIds.erase(type_);
    soleRecordId_ = plan.soleRecordId;
    writes_ = plan.writes;
    next_ = 0;
    writeNext();
  }

  void writeNext() {
    if (next_ == writes_.size()) return succeed();
    const CloudflareWrite& w = writes_[next_];
    switch (w.kind) {
      case Kind::Patch:
        return send("PATCH", recordsPath() + "/" + w.id, cloudflarePatchBody(w.content, cfg().ttl), &Push::onWritten);
      case Kind::Create:
        coverage::hit(coverage::Mark::RecordCreated);
        return send("POST", recordsPath(), cloudflareCreateBody(type_, cfg().fqdn, w.content, cfg().ttl.value_or(1)),
                    &Push::onWritten);
      case Kind::Delete:
        return send("DELETE", recordsPath() + "/" + w.id, {}, &Push::onWritten);
    }
  }

  void onWritten(const CloudflareReply& reply) {
    const CloudflareWrite& w = writes_[next_];
    // A record deleted meanwhile is as good as deleted by us.
    const bool goneAlready = w.kind == Kind::Delete && reply.verdict == Verdict::RecordGone;
    if (!goneAlready) {
      if ((reply.verdict == Verdict::RecordGone || reply.verdict == Verdict::ZoneGone) && relook()) return;
      if (!reply.ok()) return fail(doing(w), reply);
    }
    const std::string id = reply.items.empty() ? w.id : reply.items.front().id;
    if (w.kind != Kind::Delete && !reply.items.empty()) proxied_ = proxied_ || reply.items.front().proxied;
    ++counts_[static_cast<size_t>(w.kind)];
    // A set that ends up as one created record: cache its id too.
    if (w.kind == Kind::Create && want_.addresses.size() == 1 && !id.empty()) soleRecordId_ = id;
    if (w.kind == Kind::Patch && cachedPatch_ && !id.empty()) soleRecordId_ = id;
    lastId_ = id;
    ++next_;
    writeNext();
  }

  std::string doing(const CloudflareWrite& w) const {
    switch (w.kind) {
      case Kind::Patch: return "updating " + type_ + " record " + cfg().fqdn;
      case Kind::Create: return "creating " + type_ + " record " + cfg().fqdn;
      case Kind::Delete: return "deleting " + type_ + " record " + cfg().fqdn + " (" + w.id + ")";
    }
    return "?";
  }

  void succeed() {
    if (soleRecordId_) state_->recordIds[type_] = *soleRecordId_;
    std::string what;
    const char* names[] = {"updated", "created", "deleted"};
    for (size_t k = 0; k < 3; ++k) {
      if (counts_[k] == 0) continue;
      what += std::string(what.empty() ? "" : ", ") + names[k] + " " + std::to_string(counts_[k]);
    }
    const std::string set = want_.withdrawn() ? "(none)" : want_.joined();
    std::string message = "cloudflare: " + type_ + " " + cfg().fqdn + " = " + set;
    if (what.empty()) {
      // Already right: no write, as a dyndns client skips nochg.
      message = "cloudflare: " + type_ + " " + cfg().fqdn + " already " + set;
    } else if (writes_.size() == 1 && counts_[2] == 0) {
      message += " (" + std::string(counts_[1] ? "created" : "updated") + " record " + lastId_ + ")";
    } else {
      message += " (" + what + " records)";
    }
    if (proxied_) message += " [proxied]";
    PushOutcome outcome{PushOutcome::Kind::Ok, std::move(message), {}};
    outcome.proxied = proxied_;
    finish(std::move(outcome));
  }

  // A cached id went stale (record deleted by hand, zone re-added): forget
  // what the verdict invalidates and start over, once per push.
  bool relook() {
    if (relooked_) return false;
    relooked_ = true;
    coverage::hit(coverage::Mark::RecordIdRefetched);
    cachedPatch_ = false;
    counts_ = {};
    state_->recordIds.clear();
    state_->zoneId.clear();
    step();
    return true;
  }

  void fail(const std::string& doing, const CloudflareReply& reply) {
    PushOutcome outcome;
    switch (reply.verdict) {
      case Verdict::AuthFailed:
      case Verdict::Rejected:
        outcome.kind = PushOutcome::Kind::Permanent;
        break;
      default:
        outcome.kind = PushOutcome::Kind::Retryable;
    }
    if (reply.verdict == Verdict::RateLimited) outcome.retryAfter = reply.retryAfter;
    outcome.message = "cloudflare: " + doing + ": " + verdictName(reply.verdict) + ": " + reply.detail;
    // Defence in depth: the detail is redacted already, the rest is ours.
    outcome.message = redact(outcome.message, cfg().auth.secret, 400);
    finish(std::move(outcome));
  }

  void finish(PushOutcome outcome) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(outcome));
  }

  std::shared_ptr<State> state_;
  RecordSet want_;
  std::string type_;
  std::function<void(PushOutcome)> done_;
  std::vector<CloudflareItem> listed_;
  std::vector<CloudflareWrite> writes_;
  size_t next_ = 0;
  std::array<int, 3> counts_{};  // updated, created, deleted
  std::string lastId_;
  int page_ = 1;
  bool relooked_ = false;
  bool cachedPatch_ = false;
  std::optional<std::string> soleRecordId_;  // the plan's, cached on success
  bool proxied_ = false;
};

}  // namespace

CloudflareProvider::CloudflareProvider(HttpClient& http, CloudflareSettings settings)
    : state_(std::make_shared<State>(State{http, std::move(settings), {}, {}})) {}

void CloudflareProvider::setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) {
  std::make_shared<Push>(state_, records, std::move(done))->step();
}

std::string CloudflareProvider::cachedZoneId() const { return state_->zoneId; }

std::string CloudflareProvider::cachedRecordId(const std::string& type) const {
  auto it = state_->recordIds.find(type);
  return it == state_->recordIds.end() ? std::string{} : it->second;
}

namespace {
constexpr std::string_view kZoneKey = "zone";
constexpr std::string_view kRecordPrefix = "record:";
}  // namespace

std::map<std::string, std::string> CloudflareProvider::cachedIds() const {
  std::map<std::string, std::string> ids;
  if (!state_->zoneId.empty()) ids[std::string{kZoneKey}] = state_->zoneId;
  for (const auto& [type, id] : state_->recordIds) ids[std::string{kRecordPrefix} + type] = id;
  return ids;
}

void CloudflareProvider::restoreCachedIds(const std::map<std::string, std::string>& ids) {
  // A stale id costs one lookup: the API says it is gone and the push looks
  // it up again (see the header), so restored ids are safe to trust.
  for (const auto& [key, id] : ids) {
    if (key == kZoneKey) {
      state_->zoneId = id;
    } else if (key.starts_with(kRecordPrefix)) {
      state_->recordIds[key.substr(kRecordPrefix.size())] = id;
    }
  }
}

}  // namespace dnsfailover
