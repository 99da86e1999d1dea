#pragma once
// Small helpers shared by the DNS tests: a fixed Random, query builders and
// a zone store holding the cat world.

#include <string>

#include "engine/dns/message.h"
#include "engine/ports/random.h"
#include "fakes/zone_store.h"

namespace dnsfailover::testing {

inline dns::Message makeQuery(const std::string& name, dns::Type type, bool rd = false, uint16_t id = 4242) {
  dns::Message q;
  q.id = id;
  q.rd = rd;
  q.questions.push_back({name, type, dns::kClassIn});
  return q;
}

inline TimePoint t0() { return *parseIsoUtc("2026-11-02T00:00:00Z"); }

// he.okerr.com with cat (A 300), www (CNAME to cat), a deep name under
// "deep.sub" (so "sub" is an empty non-terminal), and he.net with ns1..ns3.
inline void fillCatZones(fakes::ZoneStore& store) {
  store.addZone("he.okerr.com");
  store.addZone("he.net");
  store.set(t0(), "cat.he.okerr.com", "A", "116.202.27.149", 300);
  store.set(t0(), "www.he.okerr.com", "CNAME", "cat.he.okerr.com", 60);
  store.set(t0(), "deep.sub.he.okerr.com", "A", "192.0.2.7", 300);
  store.set(t0(), "ns1.he.net", "A", "216.218.130.2", 172800);
  store.set(t0(), "ns2.he.net", "A", "216.218.131.2", 172800);
  store.set(t0(), "ns3.he.net", "A", "216.218.132.2", 172800);
}

}  // namespace dnsfailover::testing
