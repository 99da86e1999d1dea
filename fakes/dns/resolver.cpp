#include "fakes/dns/resolver.h"

#include <algorithm>

#include "fakes/dns/auth_answer.h"

namespace dnsfailover::fakes {
namespace {

constexpr int kMaxChase = 8;

uint32_t secondsLeft(TimePoint expires, TimePoint now) {
  const auto left = std::chrono::ceil<std::chrono::seconds>(expires - now).count();
  return static_cast<uint32_t>(std::max<int64_t>(left, 0));
}

}  // namespace

void Resolver::delegate(const std::string& zone, std::vector<std::pair<std::string, DnsDoor*>> servers) {
  delegations_[dns::normalizeName(zone)] = std::move(servers);
}

std::optional<dns::Message> Resolver::askUpstream(const std::string& name, dns::Type type, TimePoint now) {
  const std::vector<std::pair<std::string, DnsDoor*>>* servers = nullptr;
  size_t bestLength = 0;
  for (const auto& [zone, list] : delegations_) {
    if (dns::inZone(name, zone) && (servers == nullptr || zone.size() > bestLength) && !list.empty()) {
      servers = &list;
      bestLength = zone.size();
    }
  }
  if (servers == nullptr) return std::nullopt;
  dns::Message query;
  query.id = nextId_++;
  query.questions.push_back({name, type, dns::kClassIn});
  for (int attempt = 0; attempt < config_.attempts; ++attempt) {
    DnsDoor* door = (*servers)[random_.below(servers->size())].second;
    ++upstreamQueries_;
    std::optional<dns::Message> reply = door->handle(query, now);
    if (!reply || !reply->aa) continue;  // silent, SERVFAIL, REFUSED: try another
    if (reply->rcode == dns::Rcode::NoError || reply->rcode == dns::Rcode::NxDomain) return reply;
  }
  return std::nullopt;
}

void Resolver::store(const std::string& name, dns::Type type, const dns::Message& reply, TimePoint now) {
  Entry entry;
  entry.rcode = reply.rcode;
  entry.answers = reply.answers;
  uint32_t ttl = UINT32_MAX;
  for (const dns::Record& r : reply.answers) ttl = std::min(ttl, r.ttl);
  if (reply.answers.empty()) {
    // Negative answers live as long as the SOA in authority says (RFC 2308).
    ttl = 0;
    for (const dns::Record& r : reply.authority) {
      if (r.type == dns::Type::SOA) {
        ttl = r.ttl;
        entry.authority.push_back(r);
      }
    }
  }
  const Duration life = std::max<Duration>(std::chrono::seconds{ttl}, config_.minTtl);
  entry.expires = now + life;
  cache_[{name, static_cast<uint16_t>(type)}] = std::move(entry);
}

Resolver::Outcome Resolver::fromCache(const Entry& entry, TimePoint now, bool stale) const {
  const uint32_t ttl = stale ? config_.staleTtl : secondsLeft(entry.expires, now);
  Outcome out{entry.rcode, entry.answers, entry.authority};
  for (dns::Record& r : out.answers) r.ttl = ttl;  // a clamp shows as the clamped remaining life
  for (dns::Record& r : out.authority) r.ttl = std::min(r.ttl, ttl);
  return out;
}

Resolver::Outcome Resolver::resolve(const std::string& name, dns::Type type, TimePoint now, int depth) {
  const std::pair<std::string, uint16_t> key{name, static_cast<uint16_t>(type)};
  Outcome out;
  auto cached = cache_.find(key);
  if (cached != cache_.end() && cached->second.expires > now) {
    out = fromCache(cached->second, now, false);
  } else if (std::optional<dns::Message> reply = askUpstream(name, type, now)) {
    store(name, type, *reply, now);
    out = fromCache(cache_.at(key), now, false);
  } else if (config_.serveStale && cached != cache_.end()) {
    out = fromCache(cached->second, now, true);
  } else {
    return out;  // SERVFAIL
  }
  // A CNAME whose target the authoritative server did not give: chase it.
  if (type == dns::Type::CNAME || out.rcode != dns::Rcode::NoError || depth >= kMaxChase) return out;
  std::string owner = name;
  for (;;) {
    auto link = std::find_if(out.answers.begin(), out.answers.end(), [&](const dns::Record& r) {
      return r.name == owner && r.type == dns::Type::CNAME;
    });
    const bool answered = std::any_of(out.answers.begin(), out.answers.end(),
                                      [&](const dns::Record& r) { return r.name == owner && r.type == type; });
    if (answered || link == out.answers.end()) break;
    owner = link->data;
    if (std::any_of(out.answers.begin(), out.answers.end(), [&](const dns::Record& r) { return r.name == owner; })) {
      continue;
    }
    Outcome rest = resolve(owner, type, now, depth + 1);
    out.rcode = rest.rcode;
    out.answers.insert(out.answers.end(), rest.answers.begin(), rest.answers.end());
    out.authority = rest.authority;
    break;
  }
  return out;
}

std::optional<dns::Message> Resolver::handle(const dns::Message& query, TimePoint now) {
  dns::Message reply = replySkeleton(query);
  reply.ra = true;
  if (query.qr || query.questions.size() != 1) {
    reply.rcode = dns::Rcode::FormErr;
    return reply;
  }
  if (query.opcode != 0) {
    reply.rcode = dns::Rcode::NotImp;
    return reply;
  }
  const dns::Question& q = query.questions.front();
  if (q.qclass != dns::kClassIn || q.type == dns::Type::AXFR || q.type == dns::Type::OPT) {
    reply.rcode = dns::Rcode::Refused;
    return reply;
  }
  Outcome out = resolve(dns::normalizeName(q.name), q.type, now, 0);
  reply.rcode = out.rcode;
  reply.answers = std::move(out.answers);
  reply.authority = std::move(out.authority);
  answers_.note(query, reply, now);
  return reply;
}

}  // namespace dnsfailover::fakes
