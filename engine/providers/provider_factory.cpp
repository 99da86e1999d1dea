#include "engine/providers/provider_factory.h"

#include "engine/providers/cloudflare.h"
#include "engine/providers/he_dyn.h"
#include "engine/core/base64.h"
#include "engine/providers/rfc2136.h"

namespace dnsfailover {

void UnavailableProvider::setRecords(const RecordSet&, std::function<void(PushOutcome)> done) {
  scheduler_.scheduleAfter(Duration{0}, [reason = reason_, done = std::move(done)] {
    done({PushOutcome::Kind::Permanent, reason, {}});
  });
}

std::string tsigSecretProblem(std::string_view secret) {
  std::optional<std::vector<uint8_t>> bytes = base64Decode(secret);
  if (!bytes) return "TSIG secret is not base64 (expected the secret as tsig-keygen or keymgr print it)";
  if (bytes->empty()) return "TSIG secret is empty";
  return "";
}

std::unique_ptr<Provider> makeProvider(const SchemeConfig& scheme, HttpClient& http, Secrets& secrets,
                                       Scheduler& scheduler, DnsClient* dns, Random* random) {
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
    case ProviderKind::Rfc2136: {
      const std::string describe = "credentials " + scheme.credentials.describe() + ": ";
      if (std::string problem = tsigSecretProblem(*secret.value); !problem.empty()) {
        return std::make_unique<UnavailableProvider>(describe + problem, scheduler);
      }
      if (dns == nullptr || random == nullptr) {
        return std::make_unique<UnavailableProvider>("rfc2136: no DNS client to send the UPDATE with", scheduler);
      }
      Rfc2136Settings settings;
      settings.server = scheme.rfc2136.server;
      settings.port = scheme.rfc2136.port;
      settings.zone = scheme.zone;
      settings.fqdn = scheme.fqdn;
      settings.ttl = static_cast<uint32_t>(scheme.ttl);
      settings.key.name = scheme.rfc2136.keyName;
      settings.key.algorithm = dns::parseTsigAlgorithm(scheme.rfc2136.algorithm).value_or(dns::TsigAlgorithm::HmacSha256);
      settings.key.secret = *base64Decode(*secret.value);
      settings.compareAndSwap = scheme.rfc2136.compareAndSwap;
      return std::make_unique<Rfc2136Provider>(*dns, scheduler, *random, std::move(settings));
    }
  }
  return std::make_unique<UnavailableProvider>(
      std::string("provider ") + providerName(scheme.provider) + " is not available in this build", scheduler);
}

}  // namespace dnsfailover
