#pragma once
// Watches how one scheme's records propagate: finds the zone's
// authoritative nameservers (NS query through a resolver, then each NS's
// address from glue or another query), asks each of them directly (RD=0)
// and each configured public resolver (RD=1) for the fqdn, once per record
// type the scheme keeps (A, and AAAA for dual stack), and keeps per server
// and type the answer, TTL, rcode, latency and when the answer last changed.
//
// What "agrees with the push" means (answerMatches): the same addresses as
// the pushed set, in any order (resolvers rotate RRsets); for a withdrawn
// set, no address of the type (NODATA or NXDOMAIN); for a record the
// provider publishes through its proxy (Cloudflare's orange cloud), any
// address: the public answer is the provider's edge, never the origin, so
// the watcher checks that the name resolves and not to what.
//
// Polls densely right after a push succeeded (until both scopes have agreed
// for the settle time, or the dense window ends) and sparsely at rest.
// Trace events:
//   ns_answer  {scheme, server, scope: auth|resolver, address | error, ttl, rtype}
//              only when a server's answer changes;
//   converged  {scheme, scope: auth|resolvers, address, seconds, rtype, proxied}
//              when every server of a scope agrees with the last pushed set
//              of every type, seconds since that push succeeded; again later
//              if one of them flipped back in between.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/core/lifetime.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/trace.h"

namespace dnsfailover {

enum class PropagationScope { Auth, Resolver };

struct ServerObservation {
  std::string name;  // "ns2.he.net", "one.one.one.one"
  std::string address;
  uint16_t port = 53;
  PropagationScope scope = PropagationScope::Auth;
  RecordType type = RecordType::A;  // the record asked for
  bool observed = false;
  std::string answer;  // "51.158.104.109", "NXDOMAIN", "timed out after 2s"
  bool isAddress = false;
  std::vector<std::string> values;  // the addresses answered, sorted
  bool noRecord = false;            // NODATA or NXDOMAIN: no record of the type
  std::optional<uint32_t> ttl;
  std::optional<dns::Rcode> rcode;
  Duration latency{};
  TimePoint lastChange{};
  bool inFlight = false;
};

class PropagationWatcher {
 public:
  PropagationWatcher(const SchemeConfig& scheme, const PropagationConfig& config, DnsClient& dns,
                     Scheduler& scheduler, TraceSink& trace);
  PropagationWatcher(const PropagationWatcher&) = delete;
  PropagationWatcher& operator=(const PropagationWatcher&) = delete;
  ~PropagationWatcher();

  void start();
  void stop();
  // The provider confirmed `records` (published through its proxy when
  // `proxied`): watch densely until it has spread.
  void onPushed(const RecordSet& records, bool proxied = false);
  // Whether the last push of `type` said the record is proxied.
  bool proxied(RecordType type) const;

  const std::vector<ServerObservation>& servers() const { return servers_; }
  // Time from the last push to convergence of a scope, once reached.
  std::optional<Duration> authConvergedAfter() const { return authConverged_; }
  std::optional<Duration> resolversConvergedAfter() const { return resolversConverged_; }
  // The last few pushes and how long each took to spread (newest last).
  struct Convergence {
    std::string address;
    TimePoint pushedAt{};
    std::optional<Duration> auth;
    std::optional<Duration> resolvers;
  };
  static constexpr size_t kRecentConvergences = 8;
  const std::vector<Convergence>& recentConvergences() const { return recent_; }

 private:
  void discover(size_t resolverIndex);
  void onNsReply(size_t resolverIndex, const DnsResult& result);
  void lookUpNsAddress(std::string nsName, size_t resolverIndex, std::shared_ptr<size_t> remaining);
  void setAuthServers(std::vector<std::pair<std::string, std::string>> found);
  void pollRound();
  void scheduleNext();
  void record(size_t index, const DnsResult& result);
  void checkConvergence();
  std::string pushedText() const;  // every pushed set, for events and views

  std::string scheme_;
  std::string zone_;
  std::string fqdn_;
  std::vector<RecordType> types_;
  PropagationConfig config_;
  DnsClient& dns_;
  Scheduler& scheduler_;
  TraceSink& trace_;

  std::vector<ServerObservation> servers_;  // auth (sorted by name), then resolvers (config order)
  std::vector<std::pair<std::string, std::string>> discovering_;  // (ns name, address) found so far
  bool discoveryInFlight_ = false;
  std::optional<TimePoint> nextDiscovery_;
  bool running_ = false;
  TimerId timer_ = kNoTimer;

  struct Pushed {
    std::vector<std::string> addresses;  // sorted
    bool proxied = false;
  };
  std::map<RecordType, Pushed> pushed_;  // the last confirmed set per type
  TimePoint pushedAt_{};
  TimePoint denseUntil_{};
  std::optional<Duration> authConverged_;
  std::optional<Duration> resolversConverged_;
  std::vector<Convergence> recent_;
  // Answers arriving after destruction are dropped; across stop()/start()
  // they still land, so a query in flight at stop() is never lost track of.
  Lifetime lifetime_;
};

const char* scopeName(PropagationScope scope);

// Whether `server`'s last answer agrees with `want` (the set pushed or
// selected for its type), as the header describes.
bool answerMatches(const ServerObservation& server, std::vector<std::string> want, bool proxied);

}  // namespace dnsfailover
