#include "engine/state/config_keys.h"

namespace dnsfailover {
namespace {

void add(std::string& key, std::string_view part) {
  // Length-prefixed, so no choice of separator can make two configs collide.
  key += std::to_string(part.size());
  key += ':';
  key += part;
  key += ';';
}

void add(std::string& key, int64_t number) { add(key, std::to_string(number)); }

void addSchedule(std::string& key, const std::vector<Duration>& schedule) {
  add(key, static_cast<int64_t>(schedule.size()));
  for (Duration d : schedule) add(key, d.count());
}

}  // namespace

std::string indicatorConfigKey(const IndicatorConfig& config) {
  const CheckSpec& c = config.check;
  std::string key = "check;";
  add(key, static_cast<int64_t>(c.kind));
  add(key, c.url);
  add(key, c.musthave);
  add(key, c.mustnothave);
  add(key, c.expectStatus);
  add(key, c.connectTo.value_or(""));
  add(key, c.sslNoVerify ? 1 : 0);
  add(key, c.timeout.count());
  add(key, static_cast<int64_t>(c.maxBodyBytes));
  if (c.kind == CheckSpec::Kind::Tcp) {  // older keys stay as they were
    add(key, c.address);
    add(key, static_cast<int64_t>(c.port));
    add(key, c.send);
    add(key, c.expect);
  }
  key += "policy;";
  add(key, config.policy.period.count());
  addSchedule(key, config.policy.retrySchedule);
  addSchedule(key, config.policy.recoveryRetrySchedule);
  return key;
}

std::string schemeMembersKey(const SchemeConfig& config) {
  std::string key = "members;";
  for (const MemberConfig& m : config.members) {
    add(key, m.indicator);
    add(key, m.priority);
    add(key, m.address);
  }
  // The answer rule picks the members too; left out when it is the default,
  // so keys stored before it existed still match.
  if (config.answer != AnswerRule{}) {
    key += "answer;";
    add(key, static_cast<int64_t>(config.answer.mode));
    add(key, static_cast<int64_t>(config.answer.maxAnswers));
    add(key, static_cast<int64_t>(config.answer.whenAllDown));
  }
  return key;
}

std::string schemeTargetKey(const SchemeConfig& config) {
  std::string key = "target;";
  add(key, providerName(config.provider));
  add(key, config.fqdn);
  add(key, config.zone);
  add(key, config.endpoint);
  if (config.provider == ProviderKind::Rfc2136) {
    // Another primary or key is another target: push again after a reload.
    add(key, config.rfc2136.server);
    add(key, config.rfc2136.port);
    add(key, config.rfc2136.keyName);
    add(key, config.rfc2136.algorithm);
  }
  return key;
}

}  // namespace dnsfailover
