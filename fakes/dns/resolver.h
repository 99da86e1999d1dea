#pragma once
// A fake public recursive resolver (8.8.8.8, 1.1.1.1, ...): resolves through
// the fake authoritative servers it is given, picking one of a zone's
// servers at random for every upstream query (seeded, so a run replays),
// follows CNAMEs across zones, and caches answers and negative answers by
// TTL. Knobs: a minimum-TTL clamp (some resolvers keep answers longer than
// the record's TTL) and serve-stale (RFC 8767: when every upstream fails,
// an expired answer is served with a short TTL).
//
// Upstream queries reach the authoritative doors directly at the instant
// of the client's query; the simulated network adds the latency between
// the client and the resolver only.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/ports/random.h"
#include "fakes/dns/answer_log.h"
#include "fakes/dns/door.h"

namespace dnsfailover::fakes {

struct ResolverConfig {
  std::string name;     // "one.one.one.one"
  std::string address;  // "1.1.1.1"
  Duration minTtl{};    // cached answers live at least this long
  bool serveStale = false;
  uint32_t staleTtl = 30;  // TTL of a stale answer (RFC 8767's suggestion)
  int attempts = 3;        // upstream tries per question before SERVFAIL
};

class Resolver final : public DnsDoor {
 public:
  Resolver(ResolverConfig config, Random& random) : config_(std::move(config)), random_(random) {}

  // `zone` is served by the doors at `addresses` (a delegation).
  void delegate(const std::string& zone, std::vector<std::pair<std::string, DnsDoor*>> servers);

  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override;

  const ResolverConfig& config() const { return config_; }
  uint64_t upstreamQueries() const { return upstreamQueries_; }
  // What this resolver answered its clients, as it answered it (for checkers).
  const AnswerLog& answers() const { return answers_; }
  void flush() { cache_.clear(); }
  // Applies to answers cached from now on (an injected fault).
  void setMinTtl(Duration minTtl) { config_.minTtl = minTtl; }

 private:
  struct Entry {
    TimePoint expires;
    dns::Rcode rcode = dns::Rcode::NoError;
    std::vector<dns::Record> answers;    // with TTLs as received
    std::vector<dns::Record> authority;  // the SOA of a negative answer
  };
  struct Outcome {
    dns::Rcode rcode = dns::Rcode::ServFail;
    std::vector<dns::Record> answers;
    std::vector<dns::Record> authority;
  };

  Outcome resolve(const std::string& name, dns::Type type, TimePoint now, int depth);
  std::optional<dns::Message> askUpstream(const std::string& name, dns::Type type, TimePoint now);
  Outcome fromCache(const Entry& entry, TimePoint now, bool stale) const;
  void store(const std::string& name, dns::Type type, const dns::Message& reply, TimePoint now);

  ResolverConfig config_;
  Random& random_;
  std::map<std::string, std::vector<std::pair<std::string, DnsDoor*>>> delegations_;
  std::map<std::pair<std::string, uint16_t>, Entry> cache_;
  uint64_t upstreamQueries_ = 0;
  AnswerLog answers_;
  uint16_t nextId_ = 1;
};

}  // namespace dnsfailover::fakes
