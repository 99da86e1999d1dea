// fake-etcd: the fake etcd cluster (fakes/etcd/cluster.h) with each member
// on its own real socket, speaking etcd's v3 JSON gateway, until SIGINT or
// SIGTERM. One keyspace behind every member, as one linearizable etcd.

#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fakes/etcd/cluster.h"
#include "fakes/locked_doors.h"
#include "fakes/net/http_server.h"
#include "tools/version.h"

namespace {

using namespace dnsfailover;

constexpr const char* kUsage =
    "Usage: fake-etcd --member 127.0.0.x:PORT [--member ...] [--seed N]\n"
    "\n"
    "A fake etcd 3.4 cluster for tests: every --member is one member's client\n"
    "URL (plain HTTP, the v3 JSON gateway: /v3/kv/range, put, deleterange, txn,\n"
    "/v3/lease/grant, keepalive, revoke, timetolive). All members share one\n"
    "revisioned keyspace; leases expire on the wall clock. No watch, no auth,\n"
    "no compaction. Stops on SIGINT or SIGTERM.\n"
    "\n"
    "  --member ADDR:PORT  a member's listen address (loopback), repeatable\n"
    "  --seed N            lease and member ids (default 24301)\n"
    "  --help, --version\n"
    "\n"
    "Example:\n"
    "  fake-etcd --member 127.0.0.31:2379 --member 127.0.0.32:2379 --member 127.0.0.33:2379\n"
    "  curl -X POST http://127.0.0.31:2379/v3/kv/put -d '{\"key\":\"Zm9v\",\"value\":\"YmFy\"}'\n";

bool splitHostPort(const std::string& text, std::string& host, uint16_t& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  const std::string digits = text.substr(colon + 1);
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size() || value == 0 || value > 65535) return false;
  port = static_cast<uint16_t>(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> members;
  uint64_t seed = 24301;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (arg == "--version") return printVersion("fake-etcd");
    if ((arg == "--member" || arg == "--seed") && i + 1 < argc) {
      const std::string value = argv[++i];
      if (arg == "--member") {
        members.push_back(value);
      } else {
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seed);
        if (ec != std::errc{} || end != value.data() + value.size()) {
          std::fprintf(stderr, "fake-etcd: --seed: expected a whole number, got \"%s\"\n\n%s", value.c_str(), kUsage);
          return 2;
        }
      }
      continue;
    }
    std::fprintf(stderr, "fake-etcd: unknown or incomplete option \"%s\"\n\n%s", arg.c_str(), kUsage);
    return 2;
  }
  if (members.empty()) {
    std::fprintf(stderr, "fake-etcd: at least one --member is required\n\n%s", kUsage);
    return 2;
  }

  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  fakes::etcd::ClusterOptions options;
  options.members = members.size();
  options.seed = seed;
  fakes::etcd::Cluster cluster(options);
  std::mutex lock;
  std::vector<std::unique_ptr<fakes::LockedHttpDoor>> doors;  // the members' servers run on their own threads
  std::vector<std::unique_ptr<fakes::net::HttpServer>> servers;
  for (size_t i = 0; i < members.size(); ++i) {
    fakes::net::HttpServerOptions serverOptions;
    if (!splitHostPort(members[i], serverOptions.address, serverOptions.port)) {
      std::fprintf(stderr, "fake-etcd: --member: expected ADDRESS:PORT, got \"%s\"\n", members[i].c_str());
      return 2;
    }
    doors.push_back(std::make_unique<fakes::LockedHttpDoor>(cluster.door(i), lock));
    servers.push_back(std::make_unique<fakes::net::HttpServer>(*doors.back(), serverOptions));
    try {
      servers.back()->start();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fake-etcd: member %zu: %s\n", i + 1, e.what());
      return 1;
    }
    std::printf("fake-etcd member %zu listening on %s\n", i + 1, servers.back()->baseUrl().c_str());
  }
  std::fflush(stdout);

  int signo = 0;
  sigwait(&stopSignals, &signo);
  for (auto& server : servers) server->stop();
  return 0;
}
