#include "engine/providers/cloudflare.h"

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

// Records listed per page; pages are followed until the record is found.
constexpr int kPerPage = 100;
// A zone listing can in theory page forever if a broken server keeps
// claiming more pages; stop there.
constexpr int kMaxPages = 50;

// One setRecords() call walking the steps zone -> record -> write. Owned by
// the callbacks in flight, so the provider may go away meanwhile.
class Push : public std::enable_shared_from_this<Push> {
 public:
  Push(std::shared_ptr<State> state, const RecordSet& records, std::function<void(PushOutcome)> done)
      : state_(std::move(state)),
        address_(records.addresses.empty() ? std::string{} : records.addresses.front()),
        type_(recordTypeName(records.type)),
        done_(std::move(done)) {}

  void step() {
    if (state_->zoneId.empty()) return findZone();
    if (state_->recordIds[type_].empty()) return findRecord(1);
    write();
  }

 private:
  const CloudflareSettings& cfg() const { return state_->settings; }

  void send(const std::string& method, const std::string& path, std::string body,
            void (Push::*next)(const CloudflareReply&)) {
    auto self = shared_from_this();
    state_->http.send(buildCloudflareRequest(cfg().endpoint, cfg().auth, method, path, std::move(body)),
                      [self, next](HttpResult result) {
                        (self.get()->*next)(parseCloudflareReply(result, self->cfg().auth.secret));
                      });
  }

  void findZone() {
    send("GET", "/zones?name=" + urlEncode(cfg().zone), {}, &Push::onZone);
  }

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

  void findRecord(int page) {
    page_ = page;
    send("GET",
         "/zones/" + state_->zoneId + "/dns_records?type=" + type_ + "&name=" + urlEncode(cfg().fqdn) +
             "&per_page=" + std::to_string(kPerPage) + "&page=" + std::to_string(page),
         {}, &Push::onRecords);
  }

  void onRecords(const CloudflareReply& reply) {
    if (reply.verdict == Verdict::ZoneGone && relook()) return;
    if (!reply.ok()) return fail("looking up " + type_ + " record " + cfg().fqdn, reply);
    for (const CloudflareItem& record : reply.items) {
      if (record.name == cfg().fqdn && record.type == type_ && !record.id.empty()) {
        state_->recordIds[type_] = record.id;
        if (record.content == address_ && record.ttl == cfg().ttl) {
          // Already right: skip the write, as a dyndns client skips nochg.
          return finish({PushOutcome::Kind::Ok,
                         "cloudflare: " + type_ + " " + cfg().fqdn + " already " + address_ + " (record " +
                             record.id + ")",
                         {}});
        }
        return write();
      }
    }
    const bool morePages = reply.page < reply.totalPages && static_cast<int>(reply.items.size()) >= kPerPage;
    if (morePages && page_ < kMaxPages) return findRecord(page_ + 1);
    create();
  }

  void write() {
    send("PATCH", "/zones/" + state_->zoneId + "/dns_records/" + state_->recordIds[type_],
         cloudflarePatchBody(address_, cfg().ttl), &Push::onWritten);
  }

  void create() {
    created_ = true;
    send("POST", "/zones/" + state_->zoneId + "/dns_records",
         cloudflareCreateBody(type_, cfg().fqdn, address_, cfg().ttl), &Push::onWritten);
  }

  void onWritten(const CloudflareReply& reply) {
    if ((reply.verdict == Verdict::RecordGone || reply.verdict == Verdict::ZoneGone) && relook()) return;
    if (!reply.ok()) {
      return fail((created_ ? "creating " : "updating ") + type_ + " record " + cfg().fqdn, reply);
    }
    std::string id = reply.items.empty() ? std::string{} : reply.items.front().id;
    if (!id.empty()) state_->recordIds[type_] = id;
    finish({PushOutcome::Kind::Ok,
            "cloudflare: " + type_ + " " + cfg().fqdn + " = " + address_ + " (" +
                (created_ ? "created" : "updated") + " record " + id + ")",
            {}});
  }

  // A cached id went stale (record deleted by hand, zone re-added): forget
  // what the verdict invalidates and start over, once per push.
  bool relook() {
    if (relooked_) return false;
    relooked_ = true;
    created_ = false;
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
  std::string address_;
  std::string type_;
  std::function<void(PushOutcome)> done_;
  int page_ = 1;
  bool relooked_ = false;
  bool created_ = false;
};

}  // namespace

CloudflareProvider::CloudflareProvider(HttpClient& http, CloudflareSettings settings)
    : state_(std::make_shared<State>(State{http, std::move(settings), {}, {}})) {}

void CloudflareProvider::setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) {
  if (records.addresses.size() != 1) {
    // Until several records per name are managed, refuse rather than guess.
    done({PushOutcome::Kind::Permanent, "cloudflare: cannot publish " + records.describe() + " yet", {}});
    return;
  }
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
