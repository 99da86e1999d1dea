// scale_bench: the live daemon with many indicators and schemes. Writes a
// config of N httpgrep indicators (all checking one in-process HTTP door on
// 127.0.0.1, which records when each check arrives) and S schemes of N/S
// members each, starts `dnsfailover run CONFIG --dry-run` on it, and
// reports:
//   - start-up: from spawning the daemon to the first check reaching the door;
//   - the daemon's RSS (now and peak, /proc/PID/status) once a period ran;
//   - how evenly the checks of one period are spread: the busiest 100 ms
//     and 1 s buckets against the mean (a burst shows as a high ratio);
//   - the daemon's CPU per check over that period.
// It measures; it asserts nothing. Everything stays on loopback; --dry-run
// keeps the schemes from pushing anywhere.
//
//   scale_bench --dnsfailover PATH [--indicators N] [--schemes S] [--period SECONDS] [--keep-alive on|off]

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fakes/http_door.h"
#include "fakes/net/http_server.h"
#include "tools/version.h"

extern char** environ;

namespace {

using namespace dnsfailover;
using SteadyClock = std::chrono::steady_clock;

// Answers every check with an OK page and notes when it arrived.
class CountingDoor final : public fakes::HttpDoor {
 public:
  HttpResponse handle(const HttpRequest&, TimePoint, const std::string&) override {
    std::lock_guard lock(mutex_);
    arrivals_.push_back(SteadyClock::now());
    return {200, {{"Content-Type", "text/plain"}}, "status=OK\n"};
  }
  std::vector<SteadyClock::time_point> arrivals() {
    std::lock_guard lock(mutex_);
    return arrivals_;
  }

 private:
  std::mutex mutex_;
  std::vector<SteadyClock::time_point> arrivals_;
};

struct Options {
  std::string dnsfailover;
  long indicators = 100'000;
  long schemes = 20'000;
  long periodSeconds = 60;
  bool keepAlive = true;
};

std::string indicatorName(long i) { return "ind" + std::to_string(i); }

// The config as text: generated directly, it is a benchmark input, not a
// second JSON writer.
void writeConfig(const std::string& path, const Options& o, uint16_t port, const std::string& store) {
  std::ofstream out(path);
  out << "{\n\"store\": {\"path\": \"" << store << "\"},\n";
  out << "\"policies\": {\"p\": {\"period\": \"" << o.periodSeconds << "s\", \"retry_schedule\": \"\", "
      << "\"recovery_retry_schedule\": \"\", \"keep_alive\": " << (o.keepAlive ? "true" : "false") << "}},\n";
  out << "\"indicators\": [\n";
  for (long i = 0; i < o.indicators; ++i) {
    out << (i ? ",\n" : "") << "{\"name\": \"" << indicatorName(i) << "\", \"policy\": \"p\", \"check\": "
        << "{\"method\": \"httpgrep\", \"url\": \"http://127.0.0.1:" << port << "/i/" << i
        << "\", \"musthave\": \"status=OK\"}}";
  }
  out << "\n],\n\"schemes\": [\n";
  const long members = std::max<long>(1, o.indicators / std::max<long>(1, o.schemes));
  for (long s = 0; s < o.schemes; ++s) {
    out << (s ? ",\n" : "") << "{\"name\": \"s" << s << "\", \"fqdn\": \"s" << s
        << ".scale.example\", \"zone\": \"scale.example\", \"provider\": \"he.net\", "
        << "\"endpoint\": \"http://127.0.0.1:9/\", \"credentials\": {\"env\": \"SCALE_BENCH_KEY\"}, \"members\": [";
    for (long m = 0; m < members; ++m) {
      const long i = (s * members + m) % o.indicators;
      out << (m ? ", " : "") << "{\"indicator\": \"" << indicatorName(i) << "\", \"priority\": " << (100 - m)
          << ", \"address\": \"127.1." << (s / 250) % 250 << "." << (s % 250) + m << "\"}";
    }
    out << "]}";
  }
  out << "\n]\n}\n";
}

long procStatusKb(pid_t pid, const char* field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::strtol(line.c_str() + prefix.size(), nullptr, 10);
  }
  return -1;
}

// utime + stime of the process, in seconds.
double procCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;  // state .. cmajflt
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

constexpr const char* kUsage =
    "usage: scale_bench --dnsfailover PATH [--indicators N] [--schemes S] [--period SECONDS] [--keep-alive on|off]\n"
    "       scale_bench --help | --version\n";

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "scale_bench: %s expects a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&](long& out) {
      const std::string v = value();
      if ((out = std::strtol(v.c_str(), nullptr, 10)) <= 0) {
        std::fprintf(stderr, "scale_bench: %s expects a positive number, got \"%s\"\n", a.c_str(), v.c_str());
        std::exit(2);
      }
    };
    if (a == "--dnsfailover") {
      o.dnsfailover = value();
    } else if (a == "--indicators") {
      number(o.indicators);
    } else if (a == "--schemes") {
      number(o.schemes);
    } else if (a == "--period") {
      number(o.periodSeconds);
    } else if (a == "--keep-alive") {
      const std::string v = value();
      if (v != "on" && v != "off") {
        std::fprintf(stderr, "scale_bench: --keep-alive expects on or off, got \"%s\"\n", v.c_str());
        return 2;
      }
      o.keepAlive = v == "on";
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--version") {
      return printVersion("scale_bench");
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  if (o.dnsfailover.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  CountingDoor door;
  fakes::net::HttpServerOptions serverOptions;
  serverOptions.address = "127.0.0.1";
  serverOptions.threads = 64;  // one per open connection (httplib)
  serverOptions.keepAliveMaxRequests = 100'000;
  fakes::net::HttpServer server(door, serverOptions);
  server.start();

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("scale_bench." + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string config = (dir / "config.json").string();
  const std::string log = (dir / "daemon.log").string();
  const auto written0 = SteadyClock::now();
  writeConfig(config, o, server.port(), (dir / "store.db").string());
  const double writeSeconds = std::chrono::duration<double>(SteadyClock::now() - written0).count();
  std::printf("config: %ld indicators, %ld schemes, period %ld s, keep-alive %s; %.1f MB written in %.2f s\n",
              o.indicators, o.schemes, o.periodSeconds, o.keepAlive ? "on" : "off",
              static_cast<double>(std::filesystem::file_size(config)) / 1e6, writeSeconds);
  std::fflush(stdout);

  ::setenv("SCALE_BENCH_KEY", "not-a-real-key", 1);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<std::string> args = {o.dnsfailover, "run", config, "--dry-run"};
  std::vector<char*> argvChild;
  for (auto& arg : args) argvChild.push_back(arg.data());
  argvChild.push_back(nullptr);
  pid_t pid = 0;
  const auto spawned = SteadyClock::now();
  if (posix_spawn(&pid, o.dnsfailover.c_str(), &actions, nullptr, argvChild.data(), environ) != 0) {
    std::fprintf(stderr, "scale_bench: cannot start %s\n", o.dnsfailover.c_str());
    return 1;
  }
  posix_spawn_file_actions_destroy(&actions);

  auto exited = [&] {
    int status = 0;
    return ::waitpid(pid, &status, WNOHANG) == pid;
  };
  // Start-up: until the first check arrives (a 120 s guard).
  while (door.arrivals().empty()) {
    if (exited() || SteadyClock::now() - spawned > std::chrono::seconds{120}) {
      std::fprintf(stderr, "scale_bench: the daemon exited or sent no check within 120 s; its log: %s\n",
                   log.c_str());
      ::kill(pid, SIGKILL);  // ours: never leave it running
      ::waitpid(pid, nullptr, 0);
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  const auto first = door.arrivals().front();
  const double startup = std::chrono::duration<double>(first - spawned).count();
  std::printf("start-up (spawn to first check): %.2f s; RSS then %.1f MB\n", startup,
              static_cast<double>(procStatusKb(pid, "VmRSS")) / 1024);
  std::fflush(stdout);

  // One whole period, then a little for the last checks to land.
  const auto period = std::chrono::seconds{o.periodSeconds};
  const double cpu0 = procCpuSeconds(pid);
  std::this_thread::sleep_until(first + period + std::chrono::seconds{1});
  const double cpu = procCpuSeconds(pid) - cpu0;
  const long rssKb = procStatusKb(pid, "VmRSS");
  const long peakKb = procStatusKb(pid, "VmHWM");

  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  server.stop();

  const std::vector<SteadyClock::time_point> arrivals = door.arrivals();
  std::vector<long> buckets100(static_cast<size_t>(o.periodSeconds * 10), 0);
  std::vector<long> buckets1s(static_cast<size_t>(o.periodSeconds), 0);
  long inPeriod = 0;
  for (const auto& at : arrivals) {
    const auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(at - first).count();
    if (offset < 0 || offset >= o.periodSeconds * 1000) continue;
    ++inPeriod;
    ++buckets100[static_cast<size_t>(offset / 100)];
    ++buckets1s[static_cast<size_t>(offset / 1000)];
  }
  const double mean100 = static_cast<double>(inPeriod) / static_cast<double>(buckets100.size());
  const double mean1s = static_cast<double>(inPeriod) / static_cast<double>(buckets1s.size());
  const long max100 = *std::max_element(buckets100.begin(), buckets100.end());
  const long max1s = *std::max_element(buckets1s.begin(), buckets1s.end());
  const long min1s = *std::min_element(buckets1s.begin(), buckets1s.end());
  std::printf("first period: %ld checks (%ld expected), %.0f checks/s\n", inPeriod, o.indicators,
              static_cast<double>(inPeriod) / static_cast<double>(o.periodSeconds));
  std::printf("  per 100 ms: max %ld, mean %.1f (max/mean %.2f)\n", max100, mean100,
              mean100 > 0 ? static_cast<double>(max100) / mean100 : 0.0);
  std::printf("  per 1 s: min %ld, max %ld, mean %.1f (max/mean %.2f)\n", min1s, max1s, mean1s,
              mean1s > 0 ? static_cast<double>(max1s) / mean1s : 0.0);
  std::printf("daemon RSS after the period: %.1f MB (peak %.1f MB)\n", static_cast<double>(rssKb) / 1024,
              static_cast<double>(peakKb) / 1024);
  std::printf("daemon CPU over the period: %.2f s (%.1f us per check)\n", cpu,
              inPeriod > 0 ? cpu / static_cast<double>(inPeriod) * 1e6 : 0.0);
  std::printf("door: %llu connections for %zu checks\n", static_cast<unsigned long long>(server.connectionsSeen()),
              arrivals.size());
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
