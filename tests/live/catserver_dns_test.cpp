// catserver's DNS line end to end: a real fake-dns process serves a zone
// on 127.0.0.31, catserver on 127.0.0.32 is started with --dns-server and
// --dns-name pointing at it, and its page and /status JSON must show the
// address that nameserver answers; after the zone file changes and
// fake-dns reloads it (SIGHUP), they show the new one.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "engine/live/event_loop.h"
#include "engine/live/http_client.h"
#include "fakes/net/test_cert.h"
#include "tests/live/child_process.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::ChildProcess;

// "fake-dns: primary on 127.0.0.31:40123 (udp+tcp), ..." -> 40123
uint16_t portAfter(const std::string& line, const std::string& address) {
  const std::string marker = address + ":";
  const size_t at = line.find(marker);
  if (at == std::string::npos) throw std::runtime_error("no " + marker + " in: " + line);
  return static_cast<uint16_t>(std::stoi(line.substr(at + marker.size())));
}

std::string zoneJson(const std::string& address) {
  return nlohmann::json{{"nameservers", {"ns1.he.net", "ns2.he.net"}},
                        {"zones",
                         {{{"name", "he.okerr.com"},
                           {"records",
                            {{{"name", "cat.he.okerr.com"}, {"type", "A"}, {"value", address}, {"ttl", 300}},
                             {{"name", "other.he.okerr.com"}, {"type", "A"}, {"value", "192.0.2.1"}, {"ttl", 300}}}}}}}}
      .dump(2);
}

struct Seen {
  std::string statusAnswer;  // /status "dns_answer"
  std::string page;          // the "/" page
};

// Polls catserver until /status reports `want` (its DNS line refreshes
// every second) or `limit` passes; returns what it saw last.
Seen waitForAnswer(EventLoop& loop, LiveHttpClient& client, const std::string& base, const std::string& want,
                   std::chrono::seconds limit) {
  Seen seen;
  const auto guard = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < guard) {
    const HttpResult status = testing::fetch(loop, client, testing::get(base + "/status"));
    if (!status.ok() || status.response->status != 200) {
      ADD_FAILURE() << "GET /status: " << (status.ok() ? std::to_string(status.response->status) : status.error);
      return seen;
    }
    const auto doc = nlohmann::json::parse(status.response->body);
    seen.statusAnswer = doc.value("dns_answer", "");
    if (seen.statusAnswer == want) {
      const HttpResult page = testing::fetch(loop, client, testing::get(base + "/"));
      if (page.ok()) seen.page = page.response->body;
      return seen;
    }
    loop.runUntil([] { return false; }, std::chrono::milliseconds{100});
  }
  return seen;
}

TEST(CatserverDns, PageShowsWhatTheNameserverAnswers) {
  const std::string zoneFile = testing::tempPath("cat-zone.json");
  fakes::net::writeTextFile(zoneFile, zoneJson("127.0.0.77"));

  ChildProcess dns({FAKE_DNS_BINARY, "--zone-file", zoneFile, "--listen", "127.0.0.31:0"});
  const auto dnsLine = dns.readLine(std::chrono::seconds{30});
  ASSERT_TRUE(dnsLine) << "fake-dns printed no listen line";
  const uint16_t dnsPort = portAfter(*dnsLine, "127.0.0.31");

  ChildProcess cat({CATSERVER_BINARY, "--role", "backup", "--listen", "127.0.0.32:0", "--dns-server",
                    "127.0.0.31:" + std::to_string(dnsPort), "--dns-name", "cat.he.okerr.com"});
  const auto catLine = cat.readLine(std::chrono::seconds{30});
  ASSERT_TRUE(catLine) << "catserver printed no listen line";
  const std::string base = "http://127.0.0.32:" + std::to_string(portAfter(*catLine, "127.0.0.32"));

  EventLoop loop;
  LiveHttpClient client(loop);
  Seen seen = waitForAnswer(loop, client, base, "127.0.0.77", std::chrono::seconds{30});
  EXPECT_EQ(seen.statusAnswer, "127.0.0.77");
  EXPECT_NE(seen.page.find("dns: cat.okerr.com -> 127.0.0.77"), std::string::npos) << seen.page;

  // The nameserver's answer changes; the page follows it.
  fakes::net::writeTextFile(zoneFile, zoneJson("127.0.0.78"));
  dns.signal(SIGHUP);
  ASSERT_TRUE(dns.readLine(std::chrono::seconds{30})) << "fake-dns did not report the reload";
  seen = waitForAnswer(loop, client, base, "127.0.0.78", std::chrono::seconds{30});
  EXPECT_EQ(seen.statusAnswer, "127.0.0.78");
  EXPECT_NE(seen.page.find("dns: cat.okerr.com -> 127.0.0.78"), std::string::npos) << seen.page;

  // A name the zone does not have shows as an error, not as an address.
  ChildProcess lost({CATSERVER_BINARY, "--role", "sorry", "--listen", "127.0.0.33:0", "--dns-server",
                     "127.0.0.31:" + std::to_string(dnsPort), "--dns-name", "nosuch.he.okerr.com"});
  const auto lostLine = lost.readLine(std::chrono::seconds{30});
  ASSERT_TRUE(lostLine);
  const std::string lostBase = "http://127.0.0.33:" + std::to_string(portAfter(*lostLine, "127.0.0.33"));
  std::string lostAnswer;
  const auto guard = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (std::chrono::steady_clock::now() < guard) {
    const HttpResult r = testing::fetch(loop, client, testing::get(lostBase + "/status"));
    ASSERT_TRUE(r.ok()) << r.error;
    lostAnswer = nlohmann::json::parse(r.response->body).value("dns_answer", "");
    if (lostAnswer != "(not asked yet)") break;
    loop.runUntil([] { return false; }, std::chrono::milliseconds{100});
  }
  EXPECT_TRUE(!lostAnswer.empty() && lostAnswer.front() == '(') << lostAnswer;
  EXPECT_EQ(lostAnswer.find("127.0.0."), std::string::npos) << lostAnswer;

  for (ChildProcess* p : {&lost, &cat, &dns}) {
    const int status = p->terminate();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
  }
  std::remove(zoneFile.c_str());
}

}  // namespace
}  // namespace dnsfailover::live
