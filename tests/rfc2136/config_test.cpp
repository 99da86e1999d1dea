// Goal: an rfc2136 scheme loads with its defaults and every field, and each
// mistake an operator can make is refused by path: no server, a server that
// is not an address, a bad port, an unknown algorithm, no key name, no
// zone, rfc2136 fields on another provider; and a secret that is not base64
// never becomes a provider that sends.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/config/config_loader.h"
#include "engine/providers/provider_factory.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

json config(const json& schemeFields) {
  json scheme = {{"name", "www"},
                 {"fqdn", "www.example.org"},
                 {"zone", "example.org"},
                 {"provider", "rfc2136"},
                 {"server", "192.0.2.53"},
                 {"key_name", "DNSF."},
                 {"credentials", {{"env", "DNSF_SECRET"}}},
                 {"members", {{{"indicator", "main"}, {"priority", 100}, {"address", "192.0.2.1"}}}}};
  for (const auto& [k, v] : schemeFields.items()) {
    if (v.is_null()) scheme.erase(k);
    else scheme[k] = v;
  }
  return {{"indicators", {{{"name", "main"}, {"policy", {{"period", "10s"}}},
                           {"check", {{"method", "httpstatus"}, {"url", "http://192.0.2.1/"}}}}}},
          {"schemes", {scheme}}};
}

std::string errors(const ConfigLoad& load) {
  std::string out;
  for (const auto& e : load.errors) out += e.format() + "\n";
  return out;
}

TEST(Rfc2136Config, DefaultsAndFields) {
  ConfigLoad load = loadEngineConfig(config(json::object()));
  ASSERT_TRUE(load.ok()) << errors(load);
  const SchemeConfig& s = load.config.schemes[0];
  EXPECT_EQ(s.provider, ProviderKind::Rfc2136);
  EXPECT_EQ(s.rfc2136.server, "192.0.2.53");
  EXPECT_EQ(s.rfc2136.port, 53);
  EXPECT_EQ(s.rfc2136.keyName, "dnsf");
  EXPECT_EQ(s.rfc2136.algorithm, "hmac-sha256");
  EXPECT_FALSE(s.rfc2136.compareAndSwap);

  load = loadEngineConfig(config({{"port", 5353}, {"algorithm", "HMAC-SHA512"}, {"compare_and_swap", true},
                                  {"server", "2001:db8::53"}}));
  ASSERT_TRUE(load.ok()) << errors(load);
  EXPECT_EQ(load.config.schemes[0].rfc2136.port, 5353);
  EXPECT_EQ(load.config.schemes[0].rfc2136.algorithm, "hmac-sha512");
  EXPECT_TRUE(load.config.schemes[0].rfc2136.compareAndSwap);
}

TEST(Rfc2136Config, MistakesAreNamedByPath) {
  const std::vector<std::pair<json, std::string>> cases = {
      {{{"server", nullptr}}, "schemes[0].server: is required"},
      {{{"server", "ns1.example.org"}}, "schemes[0].server: expected the IP address of the primary"},
      {{{"port", 0}}, "schemes[0].port: expected a port 1..65535"},
      {{{"algorithm", "hmac-md5"}}, "schemes[0].algorithm: unknown TSIG algorithm \"hmac-md5\""},
      {{{"key_name", nullptr}}, "schemes[0].key_name: is required"},
      {{{"key_name", "bad key"}}, "schemes[0].key_name: expected a TSIG key name"},
      {{{"zone", nullptr}}, "schemes[0].zone: is required"},
      {{{"compare_and_swap", "yes"}}, "schemes[0].compare_and_swap: expected true or false"},
      {{{"provider", "he.net"}}, "schemes[0].server: only for provider \"rfc2136\""},
  };
  for (const auto& [fields, expected] : cases) {
    const ConfigLoad load = loadEngineConfig(config(fields));
    EXPECT_NE(errors(load).find(expected), std::string::npos) << fields.dump() << "\n" << errors(load);
  }
}

TEST(Rfc2136Config, SecretMustBeBase64) {
  EXPECT_EQ(tsigSecretProblem("q3n2cmFuZG9tLXRzaWctc2VjcmV0LWZvci10ZXN0cyE="), "");
  EXPECT_NE(tsigSecretProblem("my password"), "");
  EXPECT_NE(tsigSecretProblem("q3n2cmFuZG9t!"), "");
  // The provider built from a bad secret sends nothing and says why,
  // without the secret.
  class OneSecret final : public Secrets {
   public:
    SecretLookup resolve(const CredentialRef&) override { return {"not base64 at all", {}}; }
  } secrets;
  ConfigLoad load = loadEngineConfig(config(json::object()));
  ASSERT_TRUE(load.ok());
  class NoHttp final : public HttpClient {
   public:
    void send(HttpRequest, std::function<void(HttpResult)>) override { ADD_FAILURE() << "no HTTP for rfc2136"; }
  } http;
  class NowScheduler final : public Scheduler {
   public:
    TimePoint now() const override { return TimePoint{}; }
    TimerId scheduleAt(TimePoint, std::function<void()> task) override {
      tasks.push_back(std::move(task));
      return tasks.size();
    }
    void cancel(TimerId) override {}
    std::vector<std::function<void()>> tasks;
  } scheduler;
  auto provider = makeProvider(load.config.schemes[0], http, secrets, scheduler);
  std::optional<PushOutcome> outcome;
  provider->setRecords({RecordType::A, {"192.0.2.1"}}, [&](PushOutcome o) { outcome = o; });
  for (size_t i = 0; i < scheduler.tasks.size(); ++i) scheduler.tasks[i]();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, PushOutcome::Kind::Permanent);
  EXPECT_NE(outcome->message.find("not base64"), std::string::npos) << outcome->message;
  EXPECT_EQ(outcome->message.find("not base64 at all"), std::string::npos) << outcome->message;
}

}  // namespace
}  // namespace dnsfailover
