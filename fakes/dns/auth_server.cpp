#include "fakes/dns/auth_server.h"

#include <algorithm>

#include "fakes/dns/update_server.h"

namespace dnsfailover::fakes {

AuthServer::AuthServer(AuthServerConfig config, ZoneStore& store, Random& random, TimePoint now)
    : config_(std::move(config)), store_(store), random_(random) {
  (void)now;
  if (!config_.primary) {
    copy_ = store_.zones();
    std::weak_ptr<bool> alive = alive_;
    store_.addListener([this, alive](const RecordChange& change) {
      if (!alive.expired()) onChange(change);
    });
  }
}

Duration AuthServer::drawLag() {
  if (config_.lagMax <= config_.lagMin) return config_.lagMin;
  const auto span = static_cast<uint64_t>((config_.lagMax - config_.lagMin).count());
  return config_.lagMin + Duration{static_cast<int64_t>(random_.below(span + 1))};
}

void AuthServer::schedulePickup(const Zone& zone, TimePoint at) {
  Pickup pickup{at + drawLag(), nextSeq_++, zone};
  auto pos = std::upper_bound(pending_.begin(), pending_.end(), pickup, [](const Pickup& a, const Pickup& b) {
    return a.due != b.due ? a.due < b.due : a.seq < b.seq;
  });
  pending_.insert(pos, std::move(pickup));
}

void AuthServer::onChange(const RecordChange& change) {
  if (faults_.stale) return;
  const auto it = store_.zones().find(change.zone);
  if (it == store_.zones().end()) return;
  // The transfer carries the zone as it is right after this change.
  schedulePickup(it->second, change.at);
}

void AuthServer::catchUp(TimePoint now) {
  size_t applied = 0;
  for (; applied < pending_.size() && pending_[applied].due <= now; ++applied) {
    Zone& incoming = pending_[applied].zone;
    auto it = copy_.find(incoming.name);
    if (it == copy_.end()) {
      copy_.emplace(incoming.name, std::move(incoming));
    } else if (incoming.serial > it->second.serial) {
      it->second = std::move(incoming);
    }
  }
  if (applied > 0) answerCache_.clear();
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(applied));
}

const ZoneMap& AuthServer::zonesAt(TimePoint now) {
  if (config_.primary) return store_.zones();
  catchUp(now);
  return copy_;
}

uint32_t AuthServer::serialAt(const std::string& zone, TimePoint now) {
  const ZoneMap& zones = zonesAt(now);
  auto it = zones.find(zone);
  return it == zones.end() ? 0 : it->second.serial;
}

void AuthServer::setStale(bool on, TimePoint now) {
  if (faults_.stale == on) return;
  faults_.stale = on;
  if (on || config_.primary) return;
  // Back from being stale: the next refresh fetches every zone as it is now.
  for (const auto& [name, zone] : store_.zones()) schedulePickup(zone, now);
}

std::optional<dns::Message> AuthServer::handle(const dns::Message& query, TimePoint now) {
  ++queries_;
  if (faults_.down) return std::nullopt;
  if (faults_.servfail) {
    dns::Message reply = replySkeleton(query);
    reply.rcode = dns::Rcode::ServFail;
    answers_.note(query, reply, now);
    return reply;
  }
  dns::Message reply = answer(query, now);
  answers_.note(query, reply, now);
  return reply;
}

dns::Message AuthServer::answer(const dns::Message& query, TimePoint now) {
  const ZoneMap& zones = zonesAt(now);  // applies pickups, which drops the cache
  // Besides the question, a reply depends on the query's id, RD and EDNS
  // (replySkeleton) and on QR and the opcode; only plain queries are kept.
  const bool plain = !config_.primary && !query.qr && query.opcode == 0 && query.questions.size() == 1;
  if (!plain) return answerAuthoritative(zones, config_.identity, query);
  const dns::Question& q = query.questions.front();
  const bool edns = query.ednsUdpSize.has_value();
  for (const CachedAnswer& cached : answerCache_) {
    if (cached.rd == query.rd && cached.edns == edns && cached.question == q) {
      dns::Message reply = cached.reply;
      reply.id = query.id;
      return reply;
    }
  }
  dns::Message reply = answerAuthoritative(zones, config_.identity, query);
  if (answerCache_.size() == kMaxCachedAnswers) answerCache_.clear();
  answerCache_.push_back({q, query.rd, edns, reply});
  return reply;
}

std::optional<std::vector<uint8_t>> AuthServer::handleWire(std::span<const uint8_t> message, TimePoint now) {
  ++updates_;
  if (faults_.down || message.size() < 12 || (message[2] & 0x80) != 0) return std::nullopt;
  if (faults_.servfail) return bareReply(message, static_cast<uint8_t>(dns::Rcode::ServFail));
  if (!config_.primary) return bareReply(message, static_cast<uint8_t>(dns::Rcode::Refused));
  return serveUpdate(store_, tsigKeys_, message, now);
}

}  // namespace dnsfailover::fakes
