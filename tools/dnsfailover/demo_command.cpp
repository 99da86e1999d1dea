// `dnsfailover demo`: a whole failover world on loopback until Ctrl-C. It
// starts, in order, three cat servers with an accelerated hour, fake-world
// (the fake provider API plus the nameservers and resolvers that serve what
// it holds), and the daemon itself (`dnsfailover run` on a generated config
// in a temporary directory), prints a line as each is up and the status
// page's URL, and measures from outside the time until the first
// nameserver answers the failed-over address. SIGINT/SIGTERM stop every
// child (they also die with the demo: PR_SET_PDEATHSIG). The layout and
// the generated config are in demo/plan.h.
//
// Credentials (the provider key, the status page's control token) are made
// fresh for every run, reach the children through the environment or a
// 0600 file in the temporary directory, and are never printed.

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>

#include "tools/dnsfailover/commands.h"
#include "tools/dnsfailover/demo/child.h"
#include "tools/dnsfailover/demo/ns_watch.h"
#include "tools/dnsfailover/demo/plan.h"

namespace dnsfailover::cli {
namespace {

namespace fs = std::filesystem;
using demo::Child;

std::string randomHex(size_t bytes) {
  std::random_device device;  // the kernel's generator on Linux
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    const unsigned b = device() & 0xff;
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

bool writePrivateFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  std::error_code ec;
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, ec);
  return out.good() && !ec;
}

// Whether this build's `run` takes --store (it asks its own usage text).
bool runTakesStore(const std::string& self) {
  const std::string command = "'" + self + "' run --help 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  std::string text;
  char buffer[512];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  pclose(pipe);
  return text.find("--store") != std::string::npos;
}

// Removes the temporary directory however the demo ends.
struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

int demoCommand(const Args& args) {
  const auto started = std::chrono::steady_clock::now();
  const demo::ParsedDemoOptions parsed = demo::parseDemoOptions(args);
  if (!parsed.error.empty()) {
    std::fprintf(stderr, "dnsfailover demo: %s\n%s", parsed.error.c_str(), demo::demoUsage());
    return kExitUsage;
  }
  if (parsed.options.help) {
    std::fputs(demo::demoUsage(), stdout);
    return kExitOk;
  }
  std::string error;
  const auto plan = demo::makePlan(parsed.options, error);
  if (!plan) {
    std::fprintf(stderr, "dnsfailover demo: %s\n", error.c_str());
    return kExitUsage;
  }
  const std::string self = demo::selfBinary();
  const std::string catserver = demo::findBinary("catserver");
  const std::string fakeWorld = demo::findBinary("fake-world");
  for (const auto& [name, path] : {std::pair{"catserver", catserver}, {"fake-world", fakeWorld}, {"dnsfailover", self}}) {
    if (path.empty()) {
      std::fprintf(stderr, "dnsfailover demo: cannot find the %s binary next to this one or on PATH\n", name);
      return kExitBadInput;
    }
  }
  const bool store = runTakesStore(self);

  TempDir dir;
  char pattern[] = "/tmp/dnsfailover-demo.XXXXXX";
  if (mkdtemp(pattern) == nullptr) {
    std::fprintf(stderr, "dnsfailover demo: cannot make a temporary directory in /tmp\n");
    return kExitBadInput;
  }
  dir.path = pattern;
  const fs::path tokenFile = dir.path / "status-token";
  const fs::path caFile = dir.path / "provider-ca.pem";
  const fs::path configFile = dir.path / "config.json";
  setenv(demo::kProviderKeyEnv, randomHex(16).c_str(), 1);
  if (!writePrivateFile(tokenFile, randomHex(24) + "\n")) {
    std::fprintf(stderr, "dnsfailover demo: cannot write %s\n", tokenFile.c_str());
    return kExitBadInput;
  }

  // Stop signals and child exits are taken by sigtimedwait below; block
  // them before any thread starts so none of them takes one instead. A
  // shell starts background jobs with SIGINT ignored, and an ignored signal
  // never reaches sigtimedwait: take the default disposition back first.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t waited;
  sigemptyset(&waited);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGTERM);
  sigaddset(&waited, SIGCHLD);
  pthread_sigmask(SIG_BLOCK, &waited, nullptr);

  std::vector<std::unique_ptr<Child>> children;  // stopped in reverse order
  auto stopAll = [&] {
    for (auto it = children.rbegin(); it != children.rend(); ++it) (*it)->stop();
  };
  auto startChild = [&](std::unique_ptr<Child> child, const std::vector<std::string>& argv,
                        Duration limit) -> Child* {
    Child* raw = child.get();
    children.push_back(std::move(child));
    try {
      raw->start(argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "dnsfailover demo: %s\n", e.what());
      return nullptr;
    }
    if (!raw->waitReady(limit)) {
      std::fprintf(stderr, "dnsfailover demo: %s (%s) did not come up; its last lines:\n%s", raw->name().c_str(),
                   argv[0].c_str(), raw->tail().c_str());
      return nullptr;
    }
    return raw;
  };

  for (size_t i = 0; i < plan->catRoles.size(); ++i) {
    Child* cat = startChild(std::make_unique<Child>(plan->catRoles[i], "listening on", false),
                            demo::catServerArgs(*plan, catserver, i), std::chrono::seconds{10});
    if (cat == nullptr) return stopAll(), kExitBadInput;
    std::printf("demo: %s cat server up on http://%s:8080/ (pid %d, hour x%g from %s)\n", plan->catRoles[i].c_str(),
                plan->catAddresses[i].c_str(), cat->pid(), plan->options.timeScale, plan->options.start.c_str());
    std::fflush(stdout);
  }

  std::mutex apiMutex;
  std::string apiUrl;
  auto world = std::make_unique<Child>("world", "fake-world: ready", true, [&](const std::string& line) {
    const std::string mark = " api on ";
    const size_t at = line.find(mark);
    if (at == std::string::npos) return;
    std::string url = line.substr(at + mark.size());
    url = url.substr(0, url.find(','));
    std::lock_guard lock(apiMutex);
    apiUrl = url;
  });
  Child* worldChild = startChild(std::move(world), demo::fakeWorldArgs(*plan, fakeWorld, caFile),
                                 std::chrono::seconds{10});
  if (worldChild == nullptr) return stopAll(), kExitBadInput;
  {
    std::lock_guard lock(apiMutex);
    std::printf("demo: fake-world up (pid %d): %s API at %s, nameservers", worldChild->pid(),
                plan->options.provider.c_str(), apiUrl.c_str());
    for (const std::string& ns : plan->nsAddresses) std::printf(" %s", ns.c_str());
    std::printf(", resolvers");
    for (const std::string& r : plan->resolverAddresses) std::printf(" %s", r.c_str());
    std::printf(" (port %u)\n", plan->options.dnsPort);
  }

  {
    std::ofstream out(configFile);
    std::lock_guard lock(apiMutex);
    out << demo::daemonConfig(*plan, apiUrl, tokenFile.string()).dump(2) << "\n";
    if (!out) {
      std::fprintf(stderr, "dnsfailover demo: cannot write %s\n", configFile.c_str());
      return stopAll(), kExitBadInput;
    }
  }
  std::vector<std::string> runArgs = {self, "run", configFile.string(), "--ca-file", caFile.string()};
  if (store) runArgs.insert(runArgs.end(), {"--store", (dir.path / "state.db").string()});
  Child* daemon = startChild(std::make_unique<Child>("daemon", "Ctrl-C stops", true), runArgs,
                             std::chrono::seconds{10});
  if (daemon == nullptr) return stopAll(), kExitBadInput;
  std::printf("demo: daemon up (pid %d), config %s%s\n", daemon->pid(), configFile.c_str(),
              store ? ", store in the same directory" : "");
  std::printf("demo: status page http://%s/ (the control token is in %s)\n", plan->options.statusListen.c_str(),
              tokenFile.c_str());
  std::printf("demo: watch it: dig @%s -p %u %s A; main fails at :20 of the cat servers' hour; Ctrl-C stops\n",
              plan->nsAddresses[0].c_str(), plan->options.dnsPort, plan->fqdn.c_str());
  std::fflush(stdout);

  demo::NameserverWatch watch(plan->nsAddresses, plan->options.dnsPort, plan->fqdn, plan->catAddresses[0], started);
  watch.start();

  int status = kExitOk;
  for (;;) {
    timespec tick{1, 0};
    const int signo = sigtimedwait(&waited, nullptr, &tick);
    if (signo == SIGINT || signo == SIGTERM) {
      std::fprintf(stderr, "demo: %s, stopping every child\n", signo == SIGINT ? "SIGINT" : "SIGTERM");
      break;
    }
    const auto gone = std::find_if(children.begin(), children.end(), [](auto& c) { return c->exited(); });
    if (gone != children.end()) {
      std::fprintf(stderr, "dnsfailover demo: %s exited on its own; its last lines:\n%s", (*gone)->name().c_str(),
                   (*gone)->tail().c_str());
      status = kExitExpectationFailed;
      break;
    }
  }
  stopAll();
  std::fprintf(stderr, "demo: stopped\n");
  return status;
}

}  // namespace dnsfailover::cli
