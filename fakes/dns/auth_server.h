#pragma once
// A fake authoritative nameserver: the primary serves the ZoneStore as it
// is; a secondary serves its own copy and picks up each change after its
// lag (fixed, or drawn uniformly from a range for every change), the way a
// NOTIFY + transfer would land. A transfer never rolls a zone back to an
// older serial, so a long lag drawn for an early change cannot hide a later
// one.
//
// Pickups are applied lazily when the server is asked at a later instant,
// so the state machine needs no timer and runs the same on virtual time
// (sim) and on the wall clock (network door).
//
// The primary takes RFC 2136 UPDATEs signed by a key of its table
// (fakes/dns/update_server.h) and writes them to the store, from where the
// secondaries pick them up like any other change; a secondary refuses
// updates (REFUSED), as one without update forwarding does.
//
// Fault knobs: stale (picks up nothing until cleared, then refreshes after
// its lag), down (no answer at all), SERVFAIL (answers every query so).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/dns/tsig.h"
#include "engine/ports/random.h"
#include "fakes/dns/answer_log.h"
#include "fakes/dns/auth_answer.h"
#include "fakes/dns/door.h"
#include "fakes/zone_store.h"

namespace dnsfailover::fakes {

struct AuthServerConfig {
  std::string name;     // "ns2.he.net"
  std::string address;  // where it listens (for messages)
  bool primary = true;
  Duration lagMin{};    // secondary only: lag of a pickup, uniform in [lagMin, lagMax]
  Duration lagMax{};
  AuthIdentity identity;
};

struct AuthFaults {
  bool stale = false;
  bool down = false;
  bool servfail = false;
};

class AuthServer final : public DnsDoor {
 public:
  // `random` draws the lag of each pickup; `now` is when the secondary's
  // first full copy is taken (it starts in sync).
  AuthServer(AuthServerConfig config, ZoneStore& store, Random& random, TimePoint now);
  AuthServer(const AuthServer&) = delete;
  AuthServer& operator=(const AuthServer&) = delete;
  ~AuthServer() override { *alive_ = false; }

  std::optional<dns::Message> handle(const dns::Message& query, TimePoint now) override;
  std::optional<std::vector<uint8_t>> handleWire(std::span<const uint8_t> message, TimePoint now) override;
  uint64_t updates() const { return updates_; }
  // The keys whose UPDATEs the primary takes (none: every UPDATE refused).
  void acceptUpdatesFrom(std::vector<dns::TsigKey> keys) { tsigKeys_ = std::move(keys); }

  // The zones as served at `now` (applies pickups due by then).
  const ZoneMap& zonesAt(TimePoint now);
  // The serial of `zone` as served at `now`; 0 when not served.
  uint32_t serialAt(const std::string& zone, TimePoint now);

  void setStale(bool on, TimePoint now);
  void setDown(bool on) { faults_.down = on; }
  void setServfail(bool on) { faults_.servfail = on; }
  // Changes the pickup lag of later changes (an injected fault).
  void setLag(Duration lag) { config_.lagMin = config_.lagMax = lag; }
  const AuthFaults& faults() const { return faults_; }
  const AuthServerConfig& config() const { return config_; }
  uint64_t queries() const { return queries_; }
  // What this server answered, as it answered it (for checkers).
  const AnswerLog& answers() const { return answers_; }

 private:
  struct Pickup {
    TimePoint due;
    uint64_t seq;  // arrival order, to keep equal due times stable
    Zone zone;
  };

  void onChange(const RecordChange& change);
  void schedulePickup(const Zone& zone, TimePoint at);
  Duration drawLag();
  void catchUp(TimePoint now);
  dns::Message answer(const dns::Message& query, TimePoint now);

  // A secondary's answer is a pure function of its copy and the question
  // (answerAuthoritative), and the same few questions come every few
  // seconds, so it keeps its answers until its copy changes. The primary
  // serves the store, which others edit, so it always answers afresh.
  struct CachedAnswer {
    dns::Question question;
    bool rd = false;
    bool edns = false;
    dns::Message reply;  // as answered, with the id of the first asker
  };
  static constexpr size_t kMaxCachedAnswers = 64;  // many distinct questions: start over
  std::vector<CachedAnswer> answerCache_;

  AuthServerConfig config_;
  ZoneStore& store_;
  Random& random_;
  AuthFaults faults_;
  ZoneMap copy_;                 // a secondary's served zones
  std::vector<Pickup> pending_;  // sorted by (due, seq)
  uint64_t nextSeq_ = 0;
  uint64_t queries_ = 0;
  AnswerLog answers_;
  uint64_t updates_ = 0;
  std::vector<dns::TsigKey> tsigKeys_;
  // Store listeners cannot be removed; they check this before acting.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace dnsfailover::fakes
