// Goal: a daemon killed with SIGKILL at any instant, and started again on
// the same SQLite store, behaves as if it had never stopped: it converges
// (the provider holds the selected address), the provider sees no push
// beyond what the selection changes require, no indicator status is
// announced again, and the history in the store holds every event the
// daemon wrote to its trace exactly once.
//
// The world: three catserver processes on 127.0.0.31..33 running an hour
// every 5 s (main fails at :20, backup at :40, all recover at :00, so the
// selection moves about every 1.7 s), and the fake HE dyn API in this
// process on 127.0.0.34, answering each push 300 ms late so that kills land
// while a push is in flight. Each round starts `dnsfailover run` with its own
// trace file, waits until it has converged, then kills it: after a random
// delay, right after a push reached the fake, or right after the trace shows
// a new selection. The seed is printed; DNSF_KILL_SEED=N replays the same
// kill plan (the world's timing still varies), DNSF_KILLS=N changes the count.
//
// Pushes are counted at the fake per round. A round may push once for each
// selection change its trace shows, plus once if the stored state it
// resumed from had a push in flight or not yet confirmed (the outcome of
// such a push is unknown, so it is pushed again). A round that resumed with
// the provider holding the selected address and saw no selection change
// pushes nothing.
//
// History: the engine commits each step before its events reach the trace
// file (engine/state/step_journal.h), so every traced event must be in the
// history, once and in order. A kill between a commit and the trace writes
// leaves rows in the history that the trace lacks; those are allowed only at
// the end of a killed round. No row may appear twice.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "engine/live/sqlite_store.h"
#include "engine/ports/trace_json.h"
#include "tests/live/catserver_process.h"
#include "tests/live/child_process.h"
#include "tests/live/daemon_support.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::Catserver;
using testing::ChildProcess;
using testing::FakeHe;

constexpr const char* kFqdn = "cat.he.okerr.com";
constexpr const char* kKeyEnv = "DNSF_RESTART_TEST_HE_KEY";

uint64_t envNumber(const char* name, uint64_t fallback) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? std::strtoull(text, nullptr, 10) : fallback;
}

struct Round {
  std::string trace;
  std::optional<EngineState> resumedFrom;  // nullopt: the first, fresh round
  size_t pushes = 0;                       // seen by the fake during the round
  bool killed = false;
  std::string killMode;
};

// The address the daemon has selected, from what it resumed and its trace.
std::optional<std::string> selectedAddress(const Round& round, const std::vector<nlohmann::json>& events) {
  std::optional<std::string> selected;
  if (round.resumedFrom) {
    auto it = round.resumedFrom->schemes.find("cat");
    if (it != round.resumedFrom->schemes.end() && !it->second.desired.empty()) {
      selected = describeRecordSets(it->second.desired);
    }
  }
  for (const auto& e : events) {
    if (e.value("type", "") == "selection") selected = e.value("address", "");
  }
  return selected;
}

size_t countType(const std::vector<nlohmann::json>& events, const std::string& type) {
  size_t n = 0;
  for (const auto& e : events) n += e.value("type", "") == type ? 1 : 0;
  return n;
}

// Selection events that changed the address (the pushes they justify).
size_t selectionChanges(const Round& round, const std::vector<nlohmann::json>& events) {
  std::optional<std::string> previous;
  if (round.resumedFrom) {
    auto it = round.resumedFrom->schemes.find("cat");
    if (it != round.resumedFrom->schemes.end() && !it->second.desired.empty()) {
      previous = describeRecordSets(it->second.desired);
    }
  }
  size_t changes = 0;
  for (const auto& e : events) {
    if (e.value("type", "") != "selection") continue;
    const std::string address = e.value("address", "");
    if (previous != address) ++changes;
    previous = address;
  }
  return changes;
}

// A push whose outcome the resumed daemon cannot know, or still owes.
bool owesAPush(const Round& round) {
  if (!round.resumedFrom) return false;
  auto it = round.resumedFrom->schemes.find("cat");
  if (it == round.resumedFrom->schemes.end()) return false;
  const SchemeState& s = it->second;
  return s.inFlight.has_value() || !s.owed.empty() || s.desired != s.providerHolds;
}

SqliteStoreOptions readOnly() {
  SqliteStoreOptions options;
  options.mode = SqliteStoreOptions::Mode::ReadOnly;
  return options;
}

// The trace's event lines, without the trace_start header (not an engine event).
std::vector<std::string> engineLines(const std::string& trace) {
  std::vector<std::string> lines;
  for (std::string& line : testing::readTraceLines(trace)) {
    if (nlohmann::json::parse(line).value("type", "") != "trace_start") lines.push_back(std::move(line));
  }
  return lines;
}

// Checks the history against the rounds' traces (see the file comment);
// returns "" or what is wrong. `untraced` counts the rows allowed as
// committed-but-not-traced at the end of killed rounds.
std::string compareHistory(const std::vector<std::string>& history, const std::vector<Round>& rounds,
                           size_t& untraced) {
  std::map<std::string, int> traced;
  for (const Round& r : rounds) {
    for (const std::string& line : engineLines(r.trace)) ++traced[line];
  }
  std::map<std::string, int> stored;
  for (const std::string& row : history) {
    if (++stored[row] > std::max(traced[row], 1)) return "history row stored twice: " + row;
  }
  untraced = 0;
  size_t pos = 0;
  for (size_t i = 0; i < rounds.size(); ++i) {
    const std::vector<std::string> lines = engineLines(rounds[i].trace);
    for (const std::string& line : lines) {
      if (pos >= history.size() || history[pos] != line) {
        return "round " + std::to_string(i) + ": traced but not in the history (or out of order): " + line +
               (pos < history.size() ? "\n  history has: " + history[pos] : "");
      }
      ++pos;
    }
    // Rows committed but whose trace lines the kill cut off: only at the
    // end of a killed round, before the next round's first row.
    // (A round killed before its engine started traced nothing: look past it.)
    std::optional<std::string> next;
    for (size_t j = i + 1; j < rounds.size() && !next; ++j) {
      const std::vector<std::string> later = engineLines(rounds[j].trace);
      if (!later.empty()) next = later.front();
    }
    while (pos < history.size() && history[pos] != next) {
      if (!rounds[i].killed) return "round " + std::to_string(i) + ": history row not in the trace: " + history[pos];
      ++untraced;
      ++pos;
    }
  }
  return "";
}

TEST(RunRestart, SigkillAtRandomPointsLosesNothingAndRepeatsNoPush) {
  const uint64_t seed = envNumber("DNSF_KILL_SEED", std::random_device{}());
  const uint64_t kills = envNumber("DNSF_KILLS", 20);
  std::printf("kill plan seed %llu (replay: DNSF_KILL_SEED=%llu), %llu kills\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(kills));
  std::fflush(stdout);
  std::mt19937_64 dice(seed);

  const std::string key = "restart-test-ddns-key-91c3e0";
  testing::ScopedEnv keyEnv(kKeyEnv, key);
  FakeHe he("127.0.0.34", kFqdn, key, std::chrono::milliseconds{300});
  const std::vector<std::string> clock = {"--time-scale", "720", "--start", "00:10:00"};
  std::vector<Catserver> servers;
  servers.push_back(testing::startCatserver("main", "127.0.0.31", clock));
  servers.push_back(testing::startCatserver("backup", "127.0.0.32", clock));
  servers.push_back(testing::startCatserver("sorry", "127.0.0.33", clock));

  nlohmann::json config = testing::catLoopbackConfig(servers, "http", kKeyEnv, he.endpoint());
  const std::string storeFile = testing::tempPath("restart-store.db");
  config["store"] = {{"path", storeFile}, {"history_max_events", 10'000'000}};
  const std::string configFile = testing::tempPath("restart-config.json");
  fakes::net::writeTextFile(configFile, config.dump(2));
  const std::string stderrFile = testing::tempPath("restart-stderr.txt");

  std::vector<Round> rounds;
  std::map<std::string, int> killModes;
  for (uint64_t i = 0; i <= kills; ++i) {
    Round round;
    round.trace = testing::tempPath("restart-trace.jsonl");
    if (i > 0) round.resumedFrom = SqliteStore(storeFile, readOnly()).load();
    if (i > 0) {
      ASSERT_TRUE(round.resumedFrom) << "round " << i << ": the store holds no state after a kill";
    }
    const size_t pushesBefore = he.pushCount();
    ChildProcess daemon({DNSFAILOVER_BINARY, "run", configFile, "--trace", round.trace}, stderrFile);

    // Converged: the fake holds the selected address and every push the
    // fake saw this round has been answered (its push event is traced).
    std::vector<nlohmann::json> events;
    bool exited = false;
    const bool converged = testing::pollUntil(
        [&] {
          if (daemon.wait(std::chrono::milliseconds{0})) return exited = true;
          events = testing::readTraceEvents(round.trace);
          const auto selected = selectedAddress(round, events);
          return countType(events, "engine_start") == 1 && selected && he.holds() == selected &&
                 countType(events, "push") == he.pushCount() - pushesBefore;
        },
        std::chrono::seconds{60});
    ASSERT_FALSE(exited) << "round " << i << ": the daemon exited; stderr:\n" << testing::slurp(stderrFile);
    ASSERT_TRUE(converged) << "round " << i << ": no convergence; fake holds " << he.holds().value_or("nothing")
                           << ", trace:\n" << testing::slurp(round.trace);

    // Announced again? The first status of each indicator must be a change.
    if (round.resumedFrom) {
      std::map<std::string, bool> seen;
      for (const auto& e : testing::readTraceEvents(round.trace)) {
        if (e.value("type", "") != "indicator_status") continue;
        const std::string name = e.value("indicator", "");
        if (seen[name]) continue;
        seen[name] = true;
        auto it = round.resumedFrom->indicators.find(name);
        if (it != round.resumedFrom->indicators.end()) {
          EXPECT_NE(e.value("status", ""), it->second.status)
              << "round " << i << ": " << name << " announced its stored status again";
        }
      }
    }

    if (i == kills) {  // the last round ends politely
      const int status = daemon.terminate();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::slurp(stderrFile);
    } else {
      const int mode = static_cast<int>(dice() % 3);
      const size_t pushesNow = he.pushCount();
      const size_t selectionsNow = countType(testing::readTraceEvents(round.trace), "selection");
      if (mode == 0) {
        round.killMode = "random instant";
        std::this_thread::sleep_for(std::chrono::milliseconds{dice() % 1500});
      } else if (mode == 1) {
        round.killMode = "push at the fake";
        testing::pollUntil([&] { return he.pushCount() > pushesNow; }, std::chrono::seconds{15});
        std::this_thread::sleep_for(std::chrono::milliseconds{dice() % 200});  // inside the 300 ms reply delay
      } else {
        round.killMode = "selection traced";
        testing::pollUntil(
            [&] { return countType(testing::readTraceEvents(round.trace), "selection") > selectionsNow; },
            std::chrono::seconds{15});
      }
      ++killModes[round.killMode];
      daemon.signal(SIGKILL);
      const auto status = daemon.wait(std::chrono::seconds{10});
      ASSERT_TRUE(status && WIFSIGNALED(*status)) << "round " << i << ": not killed";
      round.killed = true;
      // A request already written to the socket still reaches the fake.
      std::this_thread::sleep_for(std::chrono::milliseconds{400});
    }
    round.pushes = he.pushCount() - pushesBefore;

    const std::vector<nlohmann::json> all = testing::readTraceEvents(round.trace);
    const size_t allowed = selectionChanges(round, all) + (owesAPush(round) ? 1 : 0);
    EXPECT_LE(round.pushes, allowed) << "round " << i << " (" << round.killMode << "): " << round.pushes
                                     << " pushes for " << selectionChanges(round, all) << " selection changes"
                                     << (owesAPush(round) ? " and one owed push" : "") << "; trace:\n"
                                     << testing::slurp(round.trace);
    rounds.push_back(std::move(round));
  }

  // A restart that resumed with the provider holding the selected address
  // and nothing in flight pushes nothing until the selection changes.
  size_t inSync = 0, inFlightKills = 0;
  for (size_t i = 0; i < rounds.size(); ++i) {
    if (!rounds[i].resumedFrom || rounds[i].resumedFrom->schemes.count("cat") == 0) continue;
    const SchemeState& c = rounds[i].resumedFrom->schemes.at("cat");
    if (c.inFlight) ++inFlightKills;
    if (owesAPush(rounds[i])) continue;
    ++inSync;
    for (const auto& e : testing::readTraceEvents(rounds[i].trace)) {
      const std::string type = e.value("type", "");
      if (type == "selection") break;
      EXPECT_NE(type, "push") << "round " << i << " resumed in sync with the provider and pushed: " << e.dump();
    }
  }
  std::printf("kills by mode:");
  for (const auto& [mode, n] : killModes) std::printf(" %s %d;", mode.c_str(), n);
  std::printf("\n%zu kills left a push in flight; %zu restarts resumed in sync with the provider\n", inFlightKills,
              inSync);
  EXPECT_GE(inFlightKills, 1u) << "no kill landed during a push; the test did not test that";

  HistoryQuery everything;
  everything.limit = 10'000'000;
  std::vector<std::string> history;
  for (const HistoryRow& row : SqliteStore(storeFile, readOnly()).history(everything)) {
    history.push_back(traceEventJson(row.event));
  }
  size_t untraced = 0;
  const std::string mismatch = compareHistory(history, rounds, untraced);
  EXPECT_EQ(mismatch, "");
  if (HasFailure() || std::getenv("DNSF_RESTART_DUMP") != nullptr) {  // the history, then each round's trace
    std::string dump;
    for (const std::string& row : history) dump += "  " + row + "\n";
    for (size_t i = 0; i < rounds.size(); ++i) {
      dump += "round " + std::to_string(i) + (rounds[i].killed ? " (killed: " + rounds[i].killMode + ")" : "") + ", " +
              std::to_string(rounds[i].pushes) + " pushes";
      if (rounds[i].resumedFrom && rounds[i].resumedFrom->schemes.count("cat") != 0) {
        const SchemeState& c = rounds[i].resumedFrom->schemes.at("cat");
        dump += ", resumed with desired=" + describeRecordSets(c.desired) +
                " holds=" + describeRecordSets(c.providerHolds) +
                " inFlight=" + (c.inFlight ? c.inFlight->describe() : "-") + " owed=" + (c.owed.empty() ? "no" : "yes") +
                " nextAttempt=" + (c.nextAttempt ? formatIsoUtc(*c.nextAttempt) : "-") +
                " selected=" + (c.selectedIndicators.empty() ? "-" : c.selectedIndicators.front());
      }
      dump += ":\n";
      for (const std::string& line : engineLines(rounds[i].trace)) dump += "  " + line + "\n";
    }
    std::printf("history:\n%s", dump.c_str());
  }
  std::printf("history: %zu rows, %zu committed but cut off the trace by a kill\n", history.size(), untraced);

  he.stop();
  for (Catserver& s : servers) s.process->terminate();
  for (const Round& r : rounds) std::remove(r.trace.c_str());
  for (const auto& f : {configFile, stderrFile, storeFile, storeFile + "-wal", storeFile + "-shm"}) {
    std::remove(f.c_str());
  }
}

}  // namespace
}  // namespace dnsfailover::live
