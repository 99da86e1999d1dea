#include "tests/providers/kits.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/core/base64.h"
#include "fakes/dns/auth_server.h"
#include "fakes/dns/update_server.h"
#include "sim/seeded_random.h"

namespace dnsfailover::test {
namespace {

SchemeConfig baseScheme(ProviderKind kind, const std::string& endpoint) {
  SchemeConfig s;
  s.name = "www";
  s.fqdn = Kit::kFqdn;
  s.zone = Kit::kZone;
  s.provider = kind;
  s.credentials = CredentialRef{CredentialRef::Source::Env, "PROVIDER_SECRET"};
  s.endpoint = endpoint;
  s.ttl = 120;
  s.pushBackoff = defaultPushBackoff();
  return s;
}

class CloudflareKit : public Kit {
 public:
  explicit CloudflareKit(bool globalKey) : globalKey_(globalKey) {}

  std::string name() const override { return globalKey_ ? "cloudflare-key" : "cloudflare-token"; }
  void install(Transport& transport, fakes::ZoneStore& store) override {
    api_ = std::make_unique<fakes::CloudflareApi>(store);
    api_->addZone(kZone);
    api_->addZone("other.org");
    api_->addToken(kToken, {kZone});
    api_->addAccount(kEmail, kKey);
    endpoint_ = transport.serve(*api_, "api.cloudflare.com", address()) + "/client/v4";
  }
  SchemeConfig scheme() const override {
    SchemeConfig s = baseScheme(ProviderKind::Cloudflare, endpoint_);
    if (globalKey_) s.login = kEmail;
    return s;
  }
  std::map<std::string, std::string> secrets() const override { return {{"PROVIDER_SECRET", secret()}}; }
  std::string secret() const override { return globalKey_ ? kKey : kToken; }
  fakes::FaultKnobs& knobs() override { return api_->faults(); }
  std::string address() const override { return "104.16.132.229"; }
  void useWrongCredentials(std::map<std::string, std::string>& secrets) const override {
    secrets["PROVIDER_SECRET"] = globalKey_ ? "0123456789abcdef0123456789abcdef01234" : "wrong-token-0123456789";
  }
  void useUnknownZone(SchemeConfig& scheme) const override {
    scheme.zone = "nosuch.net";
    scheme.fqdn = "www.nosuch.net";
  }
  void throttle(TimePoint now, Duration length) override { api_->faults().throttled.push_back({now, now + length}); }
  bool invalidContentIsPermanent() const override { return true; }
  int writes() const override {
    const auto& log = api_->requestLog();
    return static_cast<int>(std::count_if(log.begin(), log.end(), [](const std::string& line) {
      return (line.starts_with("PATCH") || line.starts_with("POST") || line.starts_with("PUT") ||
              line.starts_with("DELETE")) &&
             line.ends_with(" 200");
    }));
  }
  void seedOperatorRecord(TimePoint now, const std::string& type, const std::string& content, int ttl) override {
    api_->addRecord({kFqdn, type, content, ttl, {}}, type == "A" || type == "AAAA", "set by hand, keep",
                    {"team:web", "owner:ops"}, now);
  }
  std::vector<std::string> fieldsAt(const std::string& name) override {
    std::vector<std::string> out;
    for (const std::string& text : api_->recordObjects(name)) {
      const auto j = nlohmann::json::parse(text);
      out.push_back(j["type"].get<std::string>() + " " + j["name"].get<std::string>() + " " +
                    j["content"].get<std::string>() + " ttl=" + std::to_string(j["ttl"].get<int>()) +
                    " proxied=" + (j["proxied"].get<bool>() ? "true" : "false") + " comment=" + j["comment"].dump() +
                    " tags=" + j["tags"].dump());
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  bool writesTtl() const override { return true; }
  bool holdsSeveral() const override { return true; }
  bool keepsRecordObjects() const override { return false; }

  static constexpr const char* kToken = "sim-cf-token_0123456789abcdefABCDEF";
  static constexpr const char* kEmail = "ops@example.com";
  static constexpr const char* kKey = "c2547eb745079dac9320b638f5e225cf483cc";

 private:
  bool globalKey_;
  std::unique_ptr<fakes::CloudflareApi> api_;
  std::string endpoint_;
};

// A zone's records of `name` with the fields a nameserver keeps (type,
// name, value, TTL): what HE's host record and an RFC 2136 RRset hold.
std::vector<std::string> plainFieldsAt(const fakes::ZoneStore& store, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [zoneName, zone] : store.zones()) {
    for (const fakes::DnsRecord& r : zone.records) {
      if (r.name == name) out.push_back(r.type + " " + r.name + " " + r.value + " ttl=" + std::to_string(r.ttl));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class HeDynKit : public Kit {
 public:
  std::string name() const override { return "he.net"; }
  void install(Transport& transport, fakes::ZoneStore& store) override {
    store.addZone(kZone);
    api_ = std::make_unique<fakes::HeDynApi>(store);
    api_->enableHost(kFqdn, kKey);
    store_ = &store;
    endpoint_ = transport.serve(*api_, "dyn.dns.he.net", address()) + "/nic/update";
  }
  SchemeConfig scheme() const override { return baseScheme(ProviderKind::HeDyn, endpoint_); }
  std::map<std::string, std::string> secrets() const override { return {{"PROVIDER_SECRET", kKey}}; }
  std::string secret() const override { return kKey; }
  fakes::FaultKnobs& knobs() override { return api_->knobs(); }
  std::string address() const override { return "216.218.130.2"; }
  void useWrongCredentials(std::map<std::string, std::string>& secrets) const override {
    secrets["PROVIDER_SECRET"] = "not-the-ddns-key";
  }
  // HE has no zones: the nearest case is a hostname without DDNS.
  void useUnknownZone(SchemeConfig& scheme) const override { scheme.fqdn = "nodyn.example.com"; }
  void throttle(TimePoint now, Duration length) override { api_->knobs().throttled.push_back({now, now + length}); }
  bool invalidContentIsPermanent() const override { return false; }
  int writes() const override {
    int n = 0;
    for (const auto& change : store_->changes()) n += change.name == kFqdn ? 1 : 0;
    return n;
  }
  void seedOperatorRecord(TimePoint now, const std::string& type, const std::string& content, int ttl) override {
    store_->addRecord(now, {kFqdn, type, content, ttl, {}});
  }
  std::vector<std::string> fieldsAt(const std::string& name) override {
    return plainFieldsAt(*store_, name);
  }
  bool writesTtl() const override { return false; }
  bool holdsSeveral() const override { return false; }

  static constexpr const char* kKey = "sim-ddns-key-www-example";

 private:
  std::unique_ptr<fakes::HeDynApi> api_;
  fakes::ZoneStore* store_ = nullptr;
  std::string endpoint_;
};

// The fake primary behind the RFC 2136 provider, with the suite's fault
// knobs: failNext answers SERVFAIL (signed requests or not).
class KnobbedUpdateDoor final : public fakes::DnsDoor {
 public:
  KnobbedUpdateDoor(fakes::AuthServer& server, fakes::FaultKnobs& knobs) : server_(server), knobs_(knobs) {}
  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override {
    return server_.handle(query, now);
  }
  std::optional<std::vector<uint8_t>> handleWire(std::span<const uint8_t> message, TimePoint now) override {
    if (knobs_.failNext > 0 && message.size() >= 12) {
      --knobs_.failNext;
      return fakes::bareReply(message, static_cast<uint8_t>(dns::Rcode::ServFail));
    }
    return server_.handleWire(message, now);
  }

 private:
  fakes::AuthServer& server_;
  fakes::FaultKnobs& knobs_;
};

class Rfc2136ConformanceKit : public Kit {
 public:
  std::string name() const override { return "rfc2136"; }
  void install(Transport& transport, fakes::ZoneStore& store) override {
    store.addZone(kZone);
    store_ = &store;
    fakes::AuthServerConfig config;
    config.name = "ns1.example.com";
    config.address = address();
    config.primary = true;
    server_ = std::make_unique<fakes::AuthServer>(config, store, random_, transport.scheduler().now());
    server_->acceptUpdatesFrom({{kKeyName, dns::TsigAlgorithm::HmacSha256, *base64Decode(kSecret)}});
    door_ = std::make_unique<KnobbedUpdateDoor>(*server_, knobs_);
    endpoint_ = transport.serveDns(*door_, address());
  }
  SchemeConfig scheme() const override {
    SchemeConfig s = baseScheme(ProviderKind::Rfc2136, "");
    s.rfc2136.server = endpoint_.first;
    s.rfc2136.port = endpoint_.second;
    s.rfc2136.keyName = kKeyName;
    return s;
  }
  std::map<std::string, std::string> secrets() const override { return {{"PROVIDER_SECRET", kSecret}}; }
  std::string secret() const override { return kSecret; }
  fakes::FaultKnobs& knobs() override { return knobs_; }
  std::string address() const override { return "192.0.2.53"; }
  void useWrongCredentials(std::map<std::string, std::string>& secrets) const override {
    secrets["PROVIDER_SECRET"] = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZyE=";
  }
  void useUnknownZone(SchemeConfig& scheme) const override {
    scheme.zone = "nosuch.net";
    scheme.fqdn = "www.nosuch.net";
  }
  void throttle(TimePoint, Duration) override {}
  bool rateLimited() const override { return false; }
  std::string serverErrorText() const override { return "SERVFAIL"; }
  bool invalidContentIsPermanent() const override { return true; }
  int writes() const override {
    int n = 0;
    for (const auto& change : store_->changes()) n += change.name == kFqdn && change.type == "A" ? 1 : 0;
    return n;
  }
  // The zone as a nameserver holds it: RRsets with a TTL, no other fields.
  void seedOperatorRecord(TimePoint now, const std::string& type, const std::string& content, int ttl) override {
    store_->addRecord(now, {kFqdn, type, content, ttl, {}});
  }
  std::vector<std::string> fieldsAt(const std::string& name) override {
    return plainFieldsAt(*store_, name);
  }
  // An UPDATE adds the record with the scheme's TTL, and replaces or
  // deletes a whole RRset.
  bool writesTtl() const override { return true; }
  bool holdsSeveral() const override { return true; }
  bool keepsRecordObjects() const override { return false; }

  static constexpr const char* kKeyName = "dnsf-test";
  // base64 of 32 bytes, as `tsig-keygen -a hmac-sha256` prints one.
  static constexpr const char* kSecret = "q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE=";

 private:
  fakes::ZoneStore* store_ = nullptr;
  fakes::FaultKnobs knobs_;
  sim::SeededRandom random_{1, 1};
  std::unique_ptr<fakes::AuthServer> server_;
  std::unique_ptr<KnobbedUpdateDoor> door_;
  std::pair<std::string, uint16_t> endpoint_;
};

}  // namespace

std::unique_ptr<Kit> makeRfc2136Kit() { return std::make_unique<Rfc2136ConformanceKit>(); }

std::unique_ptr<Kit> makeCloudflareTokenKit() { return std::make_unique<CloudflareKit>(false); }
std::unique_ptr<Kit> makeCloudflareKeyKit() { return std::make_unique<CloudflareKit>(true); }
std::unique_ptr<Kit> makeHeKit() { return std::make_unique<HeDynKit>(); }

}  // namespace dnsfailover::test
