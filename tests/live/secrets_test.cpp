// Credentials from environment variables and files: values are trimmed of
// the trailing newline, and errors name the source, never the value.

#include "engine/live/secrets.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "fakes/net/test_cert.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

CredentialRef env(const std::string& name) { return {CredentialRef::Source::Env, name}; }
CredentialRef file(const std::string& path) { return {CredentialRef::Source::File, path}; }

TEST(EnvFileSecrets, ReadsEnvironmentVariable) {
  ::setenv("DNSF_TEST_SECRET_A", "s3cret-value\n", 1);
  EnvFileSecrets secrets;
  const SecretLookup r = secrets.resolve(env("DNSF_TEST_SECRET_A"));
  ASSERT_TRUE(r.value) << r.error;
  EXPECT_EQ(*r.value, "s3cret-value");
  ::unsetenv("DNSF_TEST_SECRET_A");
}

TEST(EnvFileSecrets, MissingOrEmptyVariableIsAnErrorNamingIt) {
  ::unsetenv("DNSF_TEST_SECRET_MISSING");
  EnvFileSecrets secrets;
  SecretLookup r = secrets.resolve(env("DNSF_TEST_SECRET_MISSING"));
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.error, "environment variable DNSF_TEST_SECRET_MISSING is not set");
  ::setenv("DNSF_TEST_SECRET_EMPTY", "\n", 1);
  r = secrets.resolve(env("DNSF_TEST_SECRET_EMPTY"));
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.error, "environment variable DNSF_TEST_SECRET_EMPTY is empty");
  ::unsetenv("DNSF_TEST_SECRET_EMPTY");
}

TEST(EnvFileSecrets, ReadsFileAndDropsTrailingNewline) {
  const std::string path = testing::tempPath("secret");
  fakes::net::writeTextFile(path, "key-from-file\r\n");
  EnvFileSecrets secrets;
  const SecretLookup r = secrets.resolve(file(path));
  ASSERT_TRUE(r.value) << r.error;
  EXPECT_EQ(*r.value, "key-from-file");
  std::remove(path.c_str());
}

TEST(EnvFileSecrets, FileErrorsNameThePathNotTheValue) {
  EnvFileSecrets secrets;
  const std::string missing = testing::tempPath("no-such-secret");
  SecretLookup r = secrets.resolve(file(missing));
  EXPECT_FALSE(r.value);
  EXPECT_NE(r.error.find(missing), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("No such file"), std::string::npos) << r.error;

  const std::string empty = testing::tempPath("empty-secret");
  fakes::net::writeTextFile(empty, "\n");
  r = secrets.resolve(file(empty));
  EXPECT_FALSE(r.value);
  EXPECT_EQ(r.error, "credential file " + empty + " is empty");
  std::remove(empty.c_str());

  r = secrets.resolve(CredentialRef{});
  EXPECT_FALSE(r.value);
  EXPECT_FALSE(r.error.empty());
}

}  // namespace
}  // namespace dnsfailover::live
