#pragma once
// Fingerprints of the parts of a config that stored state depends on. A
// restore (restart or reload) compares them with the stored ones: an
// indicator whose check or policy changed starts afresh, a scheme whose
// members changed chooses again, and a scheme whose provider target (fqdn,
// zone, provider, endpoint) changed forgets what the provider held.
// The texts are plain and stable so a future binary reading an older store
// computes the same keys; they never include a credential's value.

#include <string>

#include "engine/config/config.h"

namespace dnsfailover {

std::string indicatorConfigKey(const IndicatorConfig& config);
std::string schemeMembersKey(const SchemeConfig& config);
std::string schemeTargetKey(const SchemeConfig& config);

}  // namespace dnsfailover
