#include "tools/dnsfailover/credential_check.h"

#include <sys/stat.h>

#include <string>

#include "engine/live/secrets.h"
#include "engine/providers/provider_factory.h"

namespace dnsfailover::cli {
namespace {

// Why the file behind `ref` must not be used although it can be read; "" when fine.
std::string permissionProblem(const CredentialRef& ref) {
  if (ref.source != CredentialRef::Source::File) return "";
  struct stat st {};
  if (::stat(ref.name.c_str(), &st) != 0) return "";  // resolve() already said why
  if ((st.st_mode & S_IROTH) != 0) {
    return "credential file " + ref.name + " is readable by every user (chmod o-r " + ref.name + ")";
  }
  return "";
}

}  // namespace

std::vector<ConfigError> checkCredentials(const EngineConfig& config) {
  std::vector<ConfigError> findings;
  live::EnvFileSecrets secrets;
  auto check = [&](const CredentialRef& ref, const std::string& path, bool tsigSecret) {
    SecretLookup lookup = secrets.resolve(ref);
    const bool resolved = lookup.value.has_value();
    // Only whether it resolved matters here, and for a TSIG secret whether
    // it decodes.
    const std::string keyProblem = resolved && tsigSecret
                                       ? tsigSecretProblem(*lookup.value)
                                       : "";
    lookup.value.reset();
    if (!resolved) {
      findings.push_back({path, lookup.error.empty() ? "cannot be read" : lookup.error});
      return;
    }
    if (!keyProblem.empty()) findings.push_back({path, keyProblem});
    if (std::string problem = permissionProblem(ref); !problem.empty()) findings.push_back({path, problem});
  };
  for (size_t i = 0; i < config.schemes.size(); ++i) {
    check(config.schemes[i].credentials, "schemes[" + std::to_string(i) + "].credentials",
          config.schemes[i].provider == ProviderKind::Rfc2136);
  }
  // Webhook signing keys (their paths are the config's own).
  auto notifySecrets = [&](const std::vector<NotifyTarget>& targets) {
    for (const NotifyTarget& t : targets) {
      if (t.secret) check(*t.secret, t.path + ".secret", false);
    }
  };
  notifySecrets(config.notify);
  for (const SchemeConfig& s : config.schemes) notifySecrets(s.notify);
  return findings;
}

}  // namespace dnsfailover::cli
