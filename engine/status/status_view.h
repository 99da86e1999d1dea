#pragma once
// The status views' model: everything okerr's failover page shows, plus
// what it lacks, taken from a running Engine at one instant. Pure: it reads
// the engine's accessors and the instant it is given, nothing else, so the
// live server and the simulation's in-process door show the same thing.
//
// What it holds per scheme: provider, fqdn, zone, TTL; each member with its
// indicator's status, since, reason, priority, policy, address,
// maintenance and the active mark; the sync status with its age in okerr's
// words ("synced (5m 42s)"); desired vs provider-held address; the
// provider's last reply and error; push and failover counters; every
// nameserver's and resolver's answer with a match mark (does it answer the
// selected address, and since when) and the measured time-to-converge of
// the last pushes.
//
// Never a credential: the model carries no credential reference, login,
// endpoint or check URL (a URL may hold user:password), and the provider
// texts pass through the caller's redaction (control.h) before they leave.

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"

namespace dnsfailover {
class Engine;
}

namespace dnsfailover::status {

// Since when each (scheme, server) has answered the selected address, or
// not. The engine knows when an answer last changed, not when it started or
// stopped matching a selection that moved, so the views keep this small
// memory between calls: a flip caused by a new answer dates from that
// answer; a flip caused by a new selection dates from the first call that
// saw it (the page polls every 2 s, so the error is one poll at most). A
// new answer that still matches (the selection and the answer both moved)
// starts a new match too.
class MatchTracker {
 public:
  TimePoint observe(const std::string& scheme, const std::string& server, bool matches, const std::string& answer,
                    TimePoint answerChanged, TimePoint now);

 private:
  struct Entry {
    bool matches = false;
    std::string answer;
    TimePoint since{};
    TimePoint seenAt{};
  };
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

struct MemberView {
  std::string indicator;
  std::string status;  // "OK", "ERR", "unknown"
  TimePoint statusSince{};
  std::string reason;
  int priority = 0;
  std::string policy;
  std::string address;
  bool maintenance = false;
  bool active = false;
};

struct ServerView {
  std::string name;
  std::string address;
  uint16_t port = 53;
  std::string kind;  // "auth" or "resolver"
  bool observed = false;
  std::string answer;  // an address, "NXDOMAIN", "timed out after 2s"
  bool isAddress = false;
  std::optional<uint32_t> ttl;
  Duration latency{};
  TimePoint answerSince{};
  std::string type = "A";  // the record asked for: "A" or "AAAA"
  bool matches = false;
  TimePoint matchSince{};
};

struct ConvergenceView {
  std::string address;
  TimePoint pushedAt{};
  std::optional<Duration> auth;
  std::optional<Duration> resolvers;
};

struct SchemeView {
  std::string name;
  std::string fqdn;
  std::string zone;
  std::string provider;
  int ttl = 0;
  std::vector<MemberView> members;  // by priority, highest first
  std::optional<std::string> selectedIndicator;
  std::optional<std::string> selectedAddress;
  std::string syncStatus;  // "synced", "wait", "retry", "not configured"
  TimePoint syncSince{};
  std::string syncText;  // "synced (5m 42s)"
  std::optional<std::string> desired;
  std::optional<std::string> providerHolds;
  std::string lastReply;
  std::string lastError;
  bool pushInFlight = false;
  std::optional<TimePoint> nextAttempt;
  int consecutiveFailures = 0;
  uint64_t pushesSent = 0;
  uint64_t pushFailures = 0;
  std::optional<TimePoint> lastPushSuccess;
  uint64_t failovers = 0;
  bool watching = false;  // propagation watched
  std::vector<ServerView> servers;  // auth servers, then resolvers
  std::vector<ConvergenceView> convergences;  // newest last
};

struct IndicatorView {
  std::string name;
  std::string status;
  TimePoint statusSince{};
  std::string reason;
  bool maintenance = false;
  std::string policy;
  std::string check;  // "httpgrep" or "httpstatus"
  uint64_t checksRun = 0;
  std::optional<TimePoint> lastCheckAt;
  std::optional<Duration> lastCheckDuration;
  std::optional<bool> lastCheckOk;
  std::optional<int> lastHttpStatus;
};

// With sites (docs/sites.md): every site as this engine sees it, the
// quorum of every indicator, and who leads.
struct SiteRowView {
  std::string name;
  bool self = false;
  bool voting = false;
  std::string notVoting;  // why not
  std::optional<TimePoint> lastReport;
  std::vector<std::pair<std::string, std::string>> votes;  // (indicator, "OK" | "ERR" | "UNKNOWN")
};
struct QuorumRowView {
  std::string indicator;
  std::string rule;    // "majority", "at_least 2"
  std::string result;  // "OK", "ERR", "UNKNOWN" before the first judgement
  int64_t okVotes = 0;
  int64_t errVotes = 0;
};
struct SitesView {
  std::string self;
  bool coordinationUp = false;
  std::string coordinationError;
  bool leads = false;
  std::string leader;  // "" when unknown or nobody
  int64_t fence = 0;
  std::vector<SiteRowView> sites;
  std::vector<QuorumRowView> quorums;
};

struct StatusModel {
  TimePoint now{};
  bool dryRun = false;  // `dnsfailover run --dry-run`: pushes are never sent
  std::vector<IndicatorView> indicators;  // config order
  std::vector<SchemeView> schemes;        // config order
  std::optional<SitesView> sites;         // none without sites
};

StatusModel buildStatusModel(const Engine& engine, TimePoint now, MatchTracker& tracker);

// okerr's age wording: "42s", "5m 42s", "2h 5m", "3d 2h".
std::string formatAge(Duration age);

// The JSON of GET /api/v1/status (docs/api.md).
nlohmann::json statusJson(const StatusModel& model);

}  // namespace dnsfailover::status
