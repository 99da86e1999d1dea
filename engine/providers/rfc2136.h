#pragma once
// RFC 2136 dynamic update with TSIG, as a provider: any standards-following
// primary (BIND 9, Knot, PowerDNS) keeps the record, and the engine talks
// to it over DNS (the DnsClient port's wire exchange), not HTTP.
//
// One push = one UPDATE for the fqdn and the record set's type (A or AAAA):
// delete the RRset and add every address of the set, atomically (an empty
// set only deletes: the name is withdrawn; engine/dns/update.h),
// signed with the scheme's TSIG key; the reply must be signed with the same
// key and answer our MAC, or it is not believed.
//
// Compare-and-swap (optional): the UPDATE carries the prerequisite "the
// RRset holds exactly what we last saw" (or "does not exist" after a
// withdrawal), so a record someone else changed since our last push is left
// alone and the push fails with NXRRSET / YXRRSET. What we last saw is the
// last set the server confirmed (kept in the store via cachedIds, so a
// restart keeps it); before the first confirmed push there is nothing to
// compare and the push goes without prerequisite.
//
// Reply codes (judgeUpdateReply, a pure core):
//   NOERROR                    ok
//   SERVFAIL, timeout, network retryable
//   BADTIME                    retryable (our clock or the server's is off
//                              by more than the fudge; fixing NTP fixes it)
//   a reply that is unsigned, signed by another key, or whose MAC does not
//   verify                     retryable (not believed: spoofed or mangled)
//   BADSIG, BADKEY             permanent (wrong secret / key unknown)
//   REFUSED                    permanent (the key may not update this name)
//   NOTAUTH (no TSIG error)    permanent (server not primary for the zone)
//   NOTZONE                    permanent (name outside the zone)
//   NXRRSET, YXRRSET           permanent (stale prerequisite: the record no
//                              longer holds what we last saw)
//   FORMERR, NOTIMP, others    permanent / retryable as named in the .cpp
// Messages name the server, the key name and the rcode, never the secret.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/lifetime.h"
#include "engine/dns/tsig.h"
#include "engine/ports/dns_client.h"
#include "engine/ports/random.h"
#include "engine/ports/scheduler.h"
#include "engine/providers/provider.h"

namespace dnsfailover {

struct Rfc2136Settings {
  std::string server;  // the primary's IP address
  uint16_t port = 53;
  std::string zone;
  std::string fqdn;
  uint32_t ttl = 300;
  dns::TsigKey key;
  bool compareAndSwap = false;
  Duration timeout = std::chrono::seconds{10};
};

// What the provider remembers about a request in flight, to judge its reply.
struct UpdateSent {
  uint16_t id = 0;
  std::vector<uint8_t> mac;
  std::string what;  // "cat.example.org A 192.0.2.1" for messages
};

PushOutcome judgeUpdateReply(const DnsWireResult& result, const UpdateSent& sent, const dns::TsigKey& key,
                             uint64_t nowSeconds, const std::string& server);

// The signed UPDATE for one push; `error` says why when it cannot be built.
std::optional<std::vector<uint8_t>> buildSignedUpdate(const dns::UpdateRequest& request, const dns::TsigKey& key,
                                                      uint64_t nowSeconds, UpdateSent& sent, std::string& error);

class Rfc2136Provider final : public Provider {
 public:
  Rfc2136Provider(DnsClient& dns, Scheduler& clock, Random& random, Rfc2136Settings settings);
  void setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) override;

  // "rfc2136.A" / "rfc2136.AAAA": the addresses last confirmed (comma
  // separated, "" = none), for the compare-and-swap prerequisite after a
  // restart.
  std::map<std::string, std::string> cachedIds() const override;
  void restoreCachedIds(const std::map<std::string, std::string>& ids) override;

 private:
  DnsClient& dns_;
  Scheduler& clock_;
  Random& random_;
  Rfc2136Settings settings_;
  std::map<RecordType, std::vector<std::string>> lastSeen_;
  Lifetime lifetime_;  // last member: ends first
};

}  // namespace dnsfailover
