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
