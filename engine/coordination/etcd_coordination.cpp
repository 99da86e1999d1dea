#include "engine/coordination/etcd_coordination.h"

#include <cassert>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "engine/coordination/leader_key.h"

namespace dnsfailover {
namespace {

using json = nlohmann::json;

EtcdClientOptions clientOptions(const CoordinationConfig& config) {
  EtcdClientOptions options;
  options.endpoints = config.endpoints;
  options.callTimeout = config.timeout;
  // Leave room to try a second member inside one call.
  options.attemptTimeout = std::max(Duration{200}, config.timeout / 2);
  return options;
}

int64_t ttlSecondsOf(const CoordinationConfig& config) {
  return std::max<int64_t>(2, std::chrono::duration_cast<std::chrono::seconds>(config.leaseTtl).count());
}

CoordinationStatus okStatus() { return {true, {}}; }
CoordinationStatus failed(std::string why) { return {false, std::move(why)}; }

}  // namespace

EtcdCoordination::EtcdCoordination(HttpClient& http, Scheduler& scheduler, const CoordinationConfig& config,
                                   std::string site)
    : scheduler_(scheduler),
      client_(http, scheduler, clientOptions(config)),
      config_(config),
      site_(std::move(site)),
      leaderKey_(config.prefix + "leader"),
      obsPrefix_(config.prefix + "obs/"),
      statePrefix_(config.prefix + "state/") {
  if (site_.empty()) throw std::invalid_argument("coordination: no site name");
  lastError_ = "not started";
}

EtcdCoordination::~EtcdCoordination() { lifetime_.end(); }

void EtcdCoordination::start(std::function<void()> onChange) {
  onChange_ = std::move(onChange);
  if (running_) {
    // A new engine over the same session (a reload): tell it where we stand.
    changed();
    return;
  }
  running_ = true;
  scheduleStep(Duration{0});
}

void EtcdCoordination::stop() {
  if (!running_) return;
  running_ = false;
  lifetime_.end();
  scheduler_.cancel(stepTimer_);
  scheduler_.cancel(stepDownTimer_);
  stepTimer_ = stepDownTimer_ = kNoTimer;
  stepBusy_ = false;
  // Resign: the lease takes our reports and the leader key with it. Best
  // effort; if it never arrives the TTL does the same a little later.
  if (view_.lease != 0) client_.leaseRevoke(view_.lease, [](EtcdResult<int64_t>) {});
  view_ = LeaderView{};
}

bool EtcdCoordination::leadsNow() const { return view_.leads && scheduler_.now() < validUntil_; }

std::string EtcdCoordination::observationKey(const std::string& indicator, const std::string& site) const {
  return obsPrefix_ + indicator + "/" + site;
}

std::string EtcdCoordination::observationValue(const SiteObservation& o) {
  return json{{"status", o.status}, {"reason", o.reason}, {"at", formatIsoUtc(o.at)}, {"sane", o.sane}}.dump();
}

std::optional<SiteObservation> EtcdCoordination::parseObservation(const std::string& obsPrefix,
                                                                 const EtcdKeyValue& kv) {
  if (kv.key.size() <= obsPrefix.size() || kv.key.compare(0, obsPrefix.size(), obsPrefix) != 0) return std::nullopt;
  // Site names never hold '/', indicator names may: split at the last one.
  const std::string rest = kv.key.substr(obsPrefix.size());
  const size_t slash = rest.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size()) return std::nullopt;
  const json v = json::parse(kv.value, nullptr, /*allow_exceptions=*/false);
  if (!v.is_object() || !v.contains("status") || !v["status"].is_string()) return std::nullopt;
  SiteObservation o;
  o.indicator = rest.substr(0, slash);
  o.site = rest.substr(slash + 1);
  o.status = v["status"].get<std::string>();
  if (o.status != "OK" && o.status != "ERR" && o.status != "UNKNOWN") return std::nullopt;
  if (v.contains("reason") && v["reason"].is_string()) o.reason = v["reason"].get<std::string>();
  if (v.contains("at") && v["at"].is_string()) o.at = parseIsoUtc(v["at"].get<std::string>()).value_or(TimePoint{});
  o.sane = !v.contains("sane") || !v["sane"].is_boolean() || v["sane"].get<bool>();
  o.revision = kv.modRevision;
  return o;
}

void EtcdCoordination::scheduleStep(Duration delay) {
  scheduler_.cancel(stepTimer_);
  stepTimer_ = scheduler_.scheduleAfter(delay, lifetime_.guard([this] {
    stepTimer_ = kNoTimer;
    step();
  }));
}

void EtcdCoordination::step() {
  // The next step is due a third of the TTL from now whatever this one does.
  scheduleStep(std::max(Duration{100}, config_.leaseTtl / 3));
  if (stepBusy_) return;
  stepBusy_ = true;
  if (view_.lease == 0) {
    grant();
  } else {
    keepAlive();
  }
}

void EtcdCoordination::grant() {
  const TimePoint sentAt = scheduler_.now();
  client_.leaseGrant(ttlSecondsOf(config_), lifetime_.guard([this, sentAt](EtcdResult<EtcdLease> r) {
    if (!r.ok()) {
      stepBusy_ = false;
      reached(false, "lease grant: " + r.error.format());
      return;
    }
    view_.lease = r.value->id;
    view_.ttlSeconds = r.value->ttl;
    armStepDown(sentAt, r.value->ttl);
    reached(true, {});
    campaign();
  }));
}

void EtcdCoordination::keepAlive() {
  const TimePoint sentAt = scheduler_.now();
  const int64_t lease = view_.lease;
  client_.leaseKeepAlive(lease, lifetime_.guard([this, sentAt, lease](EtcdResult<int64_t> r) {
    if (lease != view_.lease) {  // a newer session meanwhile
      stepBusy_ = false;
      return;
    }
    if (!r.ok()) {
      stepBusy_ = false;
      if (isLeaseGone(r.error)) {
        leaseGone("keepalive: " + r.error.format());
      } else {
        reached(false, "keepalive: " + r.error.format());
      }
      return;
    }
    if (*r.value <= 0) {
      stepBusy_ = false;
      leaseGone("keepalive: etcd no longer has lease " + std::to_string(lease));
      return;
    }
    view_.ttlSeconds = *r.value;
    armStepDown(sentAt, *r.value);
    reached(true, {});
    if (view_.leads) {
      stepBusy_ = false;
      return;
    }
    campaign();
  }));
}

void EtcdCoordination::campaign() {
  const int64_t lease = view_.lease;
  client_.txn(leaderTakeTxn(leaderKey_, site_, lease), lifetime_.guard([this, lease](EtcdResult<EtcdTxnResult> r) {
    stepBusy_ = false;
    if (lease != view_.lease) return;
    if (!r.ok()) {
      if (isLeaseGone(r.error)) {
        leaseGone("campaign: " + r.error.format());
      } else {
        reached(false, "campaign: " + r.error.format());
      }
      return;
    }
    reached(true, {});
    const LeaderClaim claim = judgeLeaderTake(*r.value, site_, lease);
    // A claim confirmed after our own clock gave the lease up is no claim.
    if (claim.leads && scheduler_.now() < validUntil_) {
      if (!view_.leads || view_.revision != claim.createRevision) {
        view_.leads = true;
        view_.leader = site_;
        view_.revision = claim.createRevision;
        view_.since = scheduler_.now();
        changed();
      }
      return;
    }
    if (view_.leads) {
      lose("campaign: the leader key is held by " + (claim.holder.empty() ? std::string("nobody") : claim.holder));
    }
    if (view_.leader != claim.holder) {
      view_.leader = claim.holder;
      changed();
    }
  }));
}

void EtcdCoordination::armStepDown(TimePoint sentAt, int64_t ttlSeconds) {
  assert(ttlSeconds > 0);
  const TimePoint until = sentAt + std::chrono::milliseconds{ttlSeconds * 2000 / 3};
  if (until <= validUntil_) return;
  validUntil_ = until;
  scheduler_.cancel(stepDownTimer_);
  stepDownTimer_ = scheduler_.scheduleAt(validUntil_, lifetime_.guard([this] {
    stepDownTimer_ = kNoTimer;
    if (view_.leads && !leadsNow()) lose("no keepalive confirmed within two thirds of the lease TTL");
  }));
}

void EtcdCoordination::lose(const std::string& why) {
  if (!view_.leads) return;
  view_.leads = false;
  view_.since = scheduler_.now();
  if (view_.leader == site_) view_.leader.clear();
  lastError_ = "stepped down: " + why;
  changed();
}

void EtcdCoordination::leaseGone(const std::string& why) {
  lose(why);
  view_.lease = 0;
  view_.ttlSeconds = 0;
  validUntil_ = TimePoint{};
  lastError_ = why;
  changed();
  // A new session at once: our reports vanished with the old lease.
  if (running_) scheduleStep(Duration{0});
}

bool EtcdCoordination::isLeaseGone(const EtcdError& error) const {
  return error.kind == EtcdError::Kind::Rejected && error.grpcCode == kGrpcNotFound;
}

void EtcdCoordination::reached(bool ok, const std::string& error) {
  if (!ok) lastError_ = error;
  const bool now = ok && view_.lease != 0;
  if (now == reachable_) return;
  reachable_ = now;
  if (now) lastError_.clear();
  changed();
}

void EtcdCoordination::changed() {
  if (!onChange_) return;
  // Later, never inside a call of ours (the port's contract).
  scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([this] {
    if (onChange_) onChange_();
  }));
}

void EtcdCoordination::publish(std::vector<SiteObservation> mine, std::function<void(CoordinationStatus)> done) {
  auto finish = [this, done = std::move(done)](CoordinationStatus s) mutable {
    scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([done = std::move(done), s = std::move(s)] { done(s); }));
  };
  if (view_.lease == 0) {
    finish(failed("no lease yet: " + lastError_));
    return;
  }
  EtcdTxn txn;
  for (const SiteObservation& o : mine) {
    txn.success.push_back(EtcdOp::put(observationKey(o.indicator, site_), observationValue(o), view_.lease));
  }
  const int64_t lease = view_.lease;
  client_.txn(std::move(txn), lifetime_.guard([this, lease, done = std::move(finish)](
                                                  EtcdResult<EtcdTxnResult> r) mutable {
    if (!r.ok()) {
      if (isLeaseGone(r.error) && lease == view_.lease) {
        leaseGone("publish: " + r.error.format());
      } else {
        reached(false, "publish: " + r.error.format());
      }
      done(failed(r.error.format()));
      return;
    }
    reached(true, {});
    done(okStatus());
  }));
}

void EtcdCoordination::readObservations(
    std::function<void(CoordinationStatus, std::vector<SiteObservation>)> done) {
  client_.rangePrefix(obsPrefix_, lifetime_.guard([this, done = std::move(done)](EtcdResult<EtcdOpResult> r) {
    std::vector<SiteObservation> out;
    if (!r.ok()) {
      reached(false, "read reports: " + r.error.format());
      done(failed(r.error.format()), std::move(out));
      return;
    }
    reached(true, {});
    for (const EtcdKeyValue& kv : r.value->kvs) {
      if (auto o = parseObservation(obsPrefix_, kv)) out.push_back(std::move(*o));
    }
    done(okStatus(), std::move(out));
  }));
}

void EtcdCoordination::readSharedState(
    std::function<void(CoordinationStatus, std::map<std::string, std::string>)> done) {
  if (!view_.leads) {
    scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([done = std::move(done)] {
      done(failed("not the leader"), {});
    }));
    return;
  }
  const int64_t fence = view_.revision;
  client_.txn(fencedTxn(leaderKey_, fence, {EtcdOp::rangePrefix(statePrefix_)}),
              lifetime_.guard([this, fence, done = std::move(done)](EtcdResult<EtcdTxnResult> r) {
                std::map<std::string, std::string> out;
                if (!r.ok()) {
                  reached(false, "read shared state: " + r.error.format());
                  done(failed(r.error.format()), std::move(out));
                  return;
                }
                reached(true, {});
                if (!r.value->succeeded) {
                  if (view_.revision == fence) lose("the fence failed on a shared-state read");
                  done(failed("fence failed: the leader key moved on"), std::move(out));
                  return;
                }
                for (const EtcdOpResult& op : r.value->results) {
                  for (const EtcdKeyValue& kv : op.kvs) out[kv.key.substr(statePrefix_.size())] = kv.value;
                }
                done(okStatus(), std::move(out));
              }));
}

void EtcdCoordination::writeSharedState(std::map<std::string, std::string> entries,
                                        std::function<void(CoordinationStatus)> done) {
  if (!view_.leads) {
    scheduler_.scheduleAfter(Duration{0}, lifetime_.guard([done = std::move(done)] { done(failed("not the leader")); }));
    return;
  }
  std::vector<EtcdOp> writes;
  for (auto& [name, text] : entries) writes.push_back(EtcdOp::put(statePrefix_ + name, std::move(text)));
  const int64_t fence = view_.revision;
  client_.txn(fencedTxn(leaderKey_, fence, std::move(writes)),
              lifetime_.guard([this, fence, done = std::move(done)](EtcdResult<EtcdTxnResult> r) {
                if (!r.ok()) {
                  reached(false, "write shared state: " + r.error.format());
                  done(failed(r.error.format()));
                  return;
                }
                reached(true, {});
                if (!r.value->succeeded) {
                  if (view_.revision == fence) lose("the fence failed on a shared-state write");
                  done(failed("fence failed: the leader key moved on"));
                  return;
                }
                done(okStatus());
              }));
}

}  // namespace dnsfailover
