#include "engine/config/config.h"

namespace dnsfailover {

const char* providerName(ProviderKind kind) {
  switch (kind) {
    case ProviderKind::HeDyn: return "he.net";
    case ProviderKind::Cloudflare: return "cloudflare";
    case ProviderKind::Rfc2136: return "rfc2136";
  }
  return "?";
}

const char* checkKindName(CheckSpec::Kind kind) {
  switch (kind) {
    case CheckSpec::Kind::HttpGrep: return "httpgrep";
    case CheckSpec::Kind::HttpStatus: return "httpstatus";
    case CheckSpec::Kind::Tcp: return "tcp";
  }
  return "?";
}

const char* notifyEventName(NotifyEvent event) {
  switch (event) {
    case NotifyEvent::Failover: return "failover";
    case NotifyEvent::Recovery: return "recovery";
    case NotifyEvent::PushFailed: return "push_failed";
    case NotifyEvent::Synced: return "synced";
  }
  return "?";
}

// HE's dyndns2 update carries one myip and cannot delete a record; an RFC
// 2136 UPDATE replaces or deletes a whole RRset, and Cloudflare keeps one
// record per address.
bool providerHoldsSeveral(ProviderKind kind) { return kind != ProviderKind::HeDyn; }
bool providerCanWithdraw(ProviderKind kind) { return kind != ProviderKind::HeDyn; }

std::vector<RecordType> schemeRecordTypes(const SchemeConfig& scheme) {
  std::vector<RecordType> types;
  for (RecordType type : {RecordType::A, RecordType::AAAA}) {
    for (const MemberConfig& m : scheme.members) {
      if (m.type == type) {
        types.push_back(type);
        break;
      }
    }
  }
  return types;
}

const IndicatorConfig* EngineConfig::findIndicator(std::string_view name) const {
  for (const auto& indicator : indicators) {
    if (indicator.name == name) return &indicator;
  }
  return nullptr;
}

std::vector<Duration> defaultPushBackoff() {
  using std::chrono::seconds;
  return {seconds{0}, seconds{30}, seconds{60}, seconds{300}, seconds{3600}, seconds{7200}};
}

}  // namespace dnsfailover
