#include "engine/providers/rfc2136.h"

#include "engine/dns/wire_codec.h"

namespace dnsfailover {
namespace {

using Kind = PushOutcome::Kind;
using dns::UpdateRcode;

uint64_t secondsOf(TimePoint t) {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
}

PushOutcome failure(Kind kind, const std::string& server, const std::string& text) {
  return {kind, "rfc2136 " + server + ": " + text, {}};
}

// The header rcode of a believed (or unsigned error) reply.
PushOutcome byRcode(uint8_t rcode, const UpdateSent& sent, const std::string& server, const std::string& keyName) {
  const std::string name = dns::updateRcodeName(rcode);
  switch (static_cast<UpdateRcode>(rcode)) {
    case UpdateRcode::NoError: return {Kind::Ok, "NOERROR from " + server + ": " + sent.what, {}};
    case UpdateRcode::ServFail: return failure(Kind::Retryable, server, "SERVFAIL (server could not apply the update)");
    case UpdateRcode::Refused:
      return failure(Kind::Permanent, server, "REFUSED (key " + keyName + " may not update " + sent.what + ")");
    case UpdateRcode::NotAuth:
      return failure(Kind::Permanent, server, "NOTAUTH (server is not the primary of the zone)");
    case UpdateRcode::NotZone: return failure(Kind::Permanent, server, "NOTZONE (name outside the zone)");
    case UpdateRcode::NxRrset:
    case UpdateRcode::YxRrset:
      return failure(Kind::Permanent, server,
                     name + " (stale prerequisite: the record no longer holds what we last pushed; left unchanged)");
    case UpdateRcode::FormErr: return failure(Kind::Permanent, server, "FORMERR (server could not parse the update)");
    case UpdateRcode::NotImp: return failure(Kind::Permanent, server, "NOTIMP (server does not take dynamic updates)");
    case UpdateRcode::NxDomain:
    case UpdateRcode::YxDomain: return failure(Kind::Permanent, server, name + " (prerequisite on the name failed)");
  }
  return failure(Kind::Retryable, server, "unexpected rcode " + name);
}

}  // namespace

std::optional<std::vector<uint8_t>> buildSignedUpdate(const dns::UpdateRequest& request, const dns::TsigKey& key,
                                                      uint64_t nowSeconds, UpdateSent& sent, std::string& error) {
  std::optional<std::vector<uint8_t>> unsignedWire = dns::encodeUpdate(request, error);
  if (!unsignedWire) return std::nullopt;
  dns::TsigParams params;
  params.timeSigned = nowSeconds;
  dns::SignedMessage signedMessage = dns::tsigSign(std::move(*unsignedWire), key, params);
  if (signedMessage.mac.empty()) {
    error = "cannot sign with key " + key.name;
    return std::nullopt;
  }
  sent.id = request.id;
  sent.mac = std::move(signedMessage.mac);
  sent.what = request.name + " " + dns::typeName(request.type);
  for (const std::string& a : request.addresses) sent.what += " " + a;
  if (request.addresses.empty()) sent.what += " (deleted)";
  return std::move(signedMessage.wire);
}

PushOutcome judgeUpdateReply(const DnsWireResult& result, const UpdateSent& sent, const dns::TsigKey& key,
                             uint64_t nowSeconds, const std::string& server) {
  if (!result.ok()) return failure(Kind::Retryable, server, result.error);
  const std::vector<uint8_t>& wire = *result.reply;
  dns::ParsedUpdate parsed = dns::parseUpdateWire(wire);
  if (!parsed.message) return failure(Kind::Retryable, server, "malformed reply: " + parsed.error);
  const dns::UpdateMessage& reply = *parsed.message;
  if (!reply.qr || reply.id != sent.id || reply.opcode != dns::kOpcodeUpdate) {
    return failure(Kind::Retryable, server, "reply does not answer our UPDATE");
  }
  if (!reply.tsig) {
    // An unsigned error proves nothing about the update but cannot make
    // things worse; an unsigned success is not believed (RFC 8945 5.3).
    if (reply.rcode == 0) return failure(Kind::Retryable, server, "unsigned NOERROR reply (not believed)");
    PushOutcome outcome = byRcode(reply.rcode, sent, server, key.name);
    outcome.message += " [unsigned reply]";
    return outcome;
  }
  const dns::TsigRecord& tsig = *reply.tsig;
  if (tsig.error == static_cast<uint16_t>(dns::TsigError::BadSig)) {
    return failure(Kind::Permanent, server, "BADSIG (signature refused: wrong secret for key " + key.name + "?)");
  }
  if (tsig.error == static_cast<uint16_t>(dns::TsigError::BadKey)) {
    return failure(Kind::Permanent, server,
                   "BADKEY (server does not know key " + key.name + " with " +
                       dns::tsigAlgorithmName(key.algorithm) + ")");
  }
  const dns::TsigCheck check = dns::tsigVerify(wire, reply, key, nowSeconds, sent.mac, /*isReply=*/true);
  if (tsig.error == static_cast<uint16_t>(dns::TsigError::BadTime)) {
    std::string skew;
    if (tsig.other.size() == 6) {
      uint64_t serverTime = 0;
      for (uint8_t b : tsig.other) serverTime = serverTime << 8 | b;
      const int64_t diff = static_cast<int64_t>(serverTime) - static_cast<int64_t>(nowSeconds);
      skew = ", server clock " + std::string(diff >= 0 ? "+" : "") + std::to_string(diff) + "s from ours";
    }
    return failure(Kind::Retryable, server, "BADTIME (clocks differ by more than the fudge" + skew + ")");
  }
  if (tsig.error != 0) return failure(Kind::Retryable, server, dns::tsigErrorName(tsig.error));
  switch (check) {
    case dns::TsigCheck::Ok: break;
    case dns::TsigCheck::Unsigned:
    case dns::TsigCheck::BadMac: return failure(Kind::Retryable, server, "reply's TSIG does not verify (not believed)");
    case dns::TsigCheck::WrongKey: return failure(Kind::Retryable, server, "reply signed with another key (not believed)");
    case dns::TsigCheck::BadTime: return failure(Kind::Retryable, server, "reply's TSIG time is outside the fudge");
  }
  return byRcode(reply.rcode, sent, server, key.name);
}

Rfc2136Provider::Rfc2136Provider(DnsClient& dns, Scheduler& clock, Random& random, Rfc2136Settings settings)
    : dns_(dns), clock_(clock), random_(random), settings_(std::move(settings)) {}

void Rfc2136Provider::setRecords(const RecordSet& records, std::function<void(PushOutcome)> done) {
  dns::UpdateRequest request;
  request.id = static_cast<uint16_t>(random_.next());
  request.zone = settings_.zone;
  request.name = settings_.fqdn;
  request.type = records.type == RecordType::AAAA ? dns::Type::AAAA : dns::Type::A;
  request.ttl = settings_.ttl;
  request.addresses = records.addresses;
  if (settings_.compareAndSwap) {
    auto last = lastSeen_.find(records.type);
    if (last != lastSeen_.end()) request.prerequisite = last->second;
  }
  const uint64_t now = secondsOf(clock_.now());
  auto sent = std::make_shared<UpdateSent>();
  std::string error;
  std::optional<std::vector<uint8_t>> wire = buildSignedUpdate(request, settings_.key, now, *sent, error);
  const std::string server = settings_.server + ":" + std::to_string(settings_.port);
  if (!wire) {
    clock_.scheduleAfter(Duration{0}, lifetime_.guard([done, server, error] {
      done(failure(Kind::Permanent, server, error));
    }));
    return;
  }
  DnsWireExchange exchange{settings_.server, settings_.port, std::move(*wire), false, settings_.timeout};
  dns_.exchange(std::move(exchange), lifetime_.guard([this, done = std::move(done), sent, server,
                                                      records](DnsWireResult result) {
    PushOutcome outcome = judgeUpdateReply(result, *sent, settings_.key, secondsOf(clock_.now()), server);
    if (outcome.ok()) lastSeen_[records.type] = records.addresses;
    done(std::move(outcome));
  }));
}

std::map<std::string, std::string> Rfc2136Provider::cachedIds() const {
  std::map<std::string, std::string> ids;
  for (const auto& [type, addresses] : lastSeen_) {
    ids[std::string("rfc2136.") + recordTypeName(type)] = RecordSet{type, addresses}.joined();
  }
  return ids;
}

void Rfc2136Provider::restoreCachedIds(const std::map<std::string, std::string>& ids) {
  for (RecordType type : {RecordType::A, RecordType::AAAA}) {
    auto it = ids.find(std::string("rfc2136.") + recordTypeName(type));
    if (it == ids.end()) continue;
    std::vector<std::string> addresses;
    bool valid = true;
    for (size_t start = 0; start < it->second.size();) {
      size_t end = it->second.find(',', start);
      if (end == std::string::npos) end = it->second.size();
      std::string address = it->second.substr(start, end - start);
      valid = valid && addressRecordType(address) == type;
      addresses.push_back(std::move(address));
      start = end + 1;
    }
    if (valid) lastSeen_[type] = std::move(addresses);
  }
}

}  // namespace dnsfailover
