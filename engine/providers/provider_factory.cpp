#include "engine/providers/provider_factory.h"

#include "engine/providers/cloudflare.h"
#include "engine/providers/he_dyn.h"

namespace dnsfailover {

void UnavailableProvider::setRecords(const RecordSet&, std::function<void(PushOutcome)> done) {
  scheduler_.scheduleAfter(Duration{0}, [reason = reason_, done = std::move(done)] {
    done({PushOutcome::Kind::Permanent, reason, {}});
  });
}

std::unique_ptr<Provider> makeProvider(const SchemeConfig& scheme, HttpClient& http, Secrets& secrets,
                                       Scheduler& scheduler) {
  SecretLookup secret = secrets.resolve(scheme.credentials);
  if (!secret.value) {
    return std::make_unique<UnavailableProvider>(
        "credentials " + scheme.credentials.describe() + ": " + secret.error, scheduler);
  }
  switch (scheme.provider) {
    case ProviderKind::HeDyn:
      return std::make_unique<HeDynProvider>(
          http, scheme.endpoint.empty() ? kHeDynEndpoint : scheme.endpoint, scheme.fqdn, *secret.value,
          scheduler);
    case ProviderKind::Cloudflare: {
      // `login` set = legacy e-mail + global key; otherwise an API token.
      CloudflareSettings settings;
      settings.endpoint = scheme.endpoint.empty() ? kCloudflareEndpoint : scheme.endpoint;
      settings.zone = scheme.zone;
      settings.fqdn = scheme.fqdn;
      if (scheme.ttlSet) settings.ttl = scheme.ttl;
      for (const MemberConfig& m : scheme.members) settings.members.push_back(m.address);
      settings.adopt = scheme.answer.mode == AnswerMode::One;
      settings.auth = {*secret.value, scheme.login};
      return std::make_unique<CloudflareProvider>(http, std::move(settings));
    }
  }
  return std::make_unique<UnavailableProvider>(
      std::string("provider ") + providerName(scheme.provider) + " is not available in this build", scheduler);
}

}  // namespace dnsfailover
