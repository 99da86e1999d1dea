// Goal: `dnsfailover run` refuses to start when a credential the config
// names cannot be used (variable unset or empty, file missing or
// unreadable, file readable by every user), exits 3 naming each one by its
// config path, and does so before it opens the store or says it started;
// `validate` reports the same findings as warnings and still exits 0.
// No credential value appears in either output.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using nlohmann::json;
using testing::ChildProcess;

json schemeWith(const std::string& name, const json& credentials) {
  return {{"name", name},
          {"fqdn", name + ".he.okerr.com"},
          {"zone", "he.okerr.com"},
          {"provider", "he.net"},
          {"credentials", credentials},
          {"endpoint", "http://127.0.0.51:9/nic/update"},
          {"members", {{{"indicator", "a"}, {"priority", 1}, {"address", "127.0.0.52"}}}}};
}

struct Outcome {
  int status = -1;
  std::string out;
  std::string err;
};

Outcome runBinary(const std::vector<std::string>& args) {
  const std::string errFile = testing::tempPath("cred-stderr.txt");
  std::vector<std::string> argv = {DNSFAILOVER_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess child(argv, errFile);
  Outcome o;
  while (auto line = child.readLine(std::chrono::seconds{30})) o.out += *line + "\n";
  const auto status = child.wait(std::chrono::seconds{30});
  EXPECT_TRUE(status) << "still running: " << args[0];
  o.status = status ? *status : -1;
  o.err = testing::slurp(errFile);
  std::remove(errFile.c_str());
  return o;
}

bool exitedWith(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

TEST(RunCredentials, RefusesToStartNamingEachMissingCredential) {
  const std::string secret = "credential-test-secret-value-77aa";
  testing::ScopedEnv empty("DNSF_CRED_TEST_EMPTY", "");
  testing::ScopedEnv good("DNSF_CRED_TEST_GOOD", secret);
  const std::string missingFile = testing::tempPath("cred-missing.key");
  const std::string openFile = testing::tempPath("cred-world-readable.key");
  const std::string privateFile = testing::tempPath("cred-private.key");
  const std::string lockedFile = testing::tempPath("cred-locked.key");
  for (const auto& f : {openFile, privateFile, lockedFile}) fakes::net::writeTextFile(f, secret + "\n");
  ::chmod(openFile.c_str(), 0644);
  ::chmod(privateFile.c_str(), 0600);
  ::chmod(lockedFile.c_str(), 0000);
  const bool canTestUnreadable = ::geteuid() != 0;  // root reads a mode-000 file anyway

  json config = {
      {"indicators",
       {{{"name", "a"}, {"policy", {{"period", "1s"}}}, {"check", {{"method", "httpstatus"}, {"url", "http://127.0.0.52:9/"}}}}}},
      {"schemes",
       {schemeWith("s0", {{"env", "DNSF_CRED_TEST_UNSET"}}), schemeWith("s1", {{"env", "DNSF_CRED_TEST_EMPTY"}}),
        schemeWith("s2", {{"file", missingFile}}), schemeWith("s3", {{"file", openFile}}),
        schemeWith("s4", {{"env", "DNSF_CRED_TEST_GOOD"}}), schemeWith("s5", {{"file", privateFile}})}}};
  if (canTestUnreadable) config["schemes"].push_back(schemeWith("s6", {{"file", lockedFile}}));
  const std::string configFile = testing::tempPath("cred-config.json");
  fakes::net::writeTextFile(configFile, config.dump(2));
  const std::string storeFile = testing::tempPath("cred-store.db");

  const std::vector<std::string> expected = {
      configFile + ": schemes[0].credentials: environment variable DNSF_CRED_TEST_UNSET is not set",
      configFile + ": schemes[1].credentials: environment variable DNSF_CRED_TEST_EMPTY is empty",
      configFile + ": schemes[2].credentials: cannot read credential file " + missingFile,
      configFile + ": schemes[3].credentials: credential file " + openFile + " is readable by every user",
  };

  const Outcome run = runBinary({"run", configFile, "--store", storeFile});
  EXPECT_TRUE(exitedWith(run.status, 3)) << "status " << run.status << "\n" << run.err;
  for (const std::string& line : expected) EXPECT_NE(run.err.find(line), std::string::npos) << line << "\n" << run.err;
  EXPECT_EQ(run.err.find("schemes[4]"), std::string::npos) << "a good variable was reported\n" << run.err;
  EXPECT_EQ(run.err.find("schemes[5]"), std::string::npos) << "a private file was reported\n" << run.err;
  if (canTestUnreadable) {
    EXPECT_NE(run.err.find("schemes[6].credentials: cannot read credential file " + lockedFile), std::string::npos)
        << run.err;
  }
  EXPECT_EQ(run.err.find("indicators,"), std::string::npos) << "it claimed to start\n" << run.err;
  EXPECT_FALSE(std::filesystem::exists(storeFile)) << "the store was opened before the credentials were checked";
  EXPECT_EQ(run.err.find(secret), std::string::npos) << run.err;

  const Outcome validate = runBinary({"validate", configFile});
  EXPECT_TRUE(exitedWith(validate.status, 0)) << "status " << validate.status << "\n" << validate.err;
  for (const std::string& line : expected) {
    const std::string warning = configFile + ": warning: " + line.substr(configFile.size() + 2);
    EXPECT_NE(validate.err.find(warning), std::string::npos) << warning << "\n" << validate.err;
  }
  EXPECT_NE(validate.out.find("valid config"), std::string::npos) << validate.out;
  EXPECT_EQ(validate.err.find(secret), std::string::npos) << validate.err;

  for (const auto& f : {configFile, openFile, privateFile, lockedFile}) std::remove(f.c_str());
}

TEST(RunCredentials, HelpGoesToStdoutAndExitsZero) {
  const Outcome help = runBinary({"run", "--help"});
  EXPECT_TRUE(exitedWith(help.status, 0)) << help.status << "\n" << help.err;
  EXPECT_NE(help.out.find("usage: dnsfailover run CONFIG"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--store FILE"), std::string::npos) << help.out;
}

}  // namespace
}  // namespace dnsfailover::live
