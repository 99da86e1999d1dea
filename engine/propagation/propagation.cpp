#include "engine/propagation/propagation.h"

#include <algorithm>

namespace dnsfailover {
namespace {

dns::Type dnsType(RecordType type) { return type == RecordType::AAAA ? dns::Type::AAAA : dns::Type::A; }

}  // namespace

namespace {

// answerMatches for a `want` already sorted (the watcher's own pushed sets
// are), compared in place: convergence is checked after every answer.
bool matchesSorted(const ServerObservation& server, const std::vector<std::string>& want, bool proxied) {
  if (!server.observed) return false;
  if (want.empty()) return server.noRecord;
  if (proxied) return server.isAddress;
  if (!server.isAddress) return false;
  return server.values == want;
}

}  // namespace

bool answerMatches(const ServerObservation& server, std::vector<std::string> want, bool proxied) {
  std::sort(want.begin(), want.end());
  return matchesSorted(server, want, proxied);
}

const char* scopeName(PropagationScope scope) { return scope == PropagationScope::Auth ? "auth" : "resolver"; }

PropagationWatcher::PropagationWatcher(const SchemeConfig& scheme, const PropagationConfig& config, DnsClient& dns,
                                       Scheduler& scheduler, TraceSink& trace)
    : scheme_(scheme.name),
      zone_(scheme.zone),
      fqdn_(scheme.fqdn),
      types_(schemeRecordTypes(scheme)),
      config_(config),
      dns_(dns),
      scheduler_(scheduler),
      trace_(trace) {
  if (types_.empty()) types_.push_back(RecordType::A);
  for (const ResolverEndpoint& r : config_.resolvers) {
    for (RecordType type : types_) {
      ServerObservation s;
      s.name = r.name;
      s.address = r.address;
      s.port = r.port;
      s.scope = PropagationScope::Resolver;
      s.type = type;
      servers_.push_back(std::move(s));
    }
  }
}

PropagationWatcher::~PropagationWatcher() { stop(); }

void PropagationWatcher::start() {
  if (running_) return;
  running_ = true;
  discover(0);
  pollRound();
  scheduleNext();
}

void PropagationWatcher::stop() {
  running_ = false;
  scheduler_.cancel(timer_);
  timer_ = kNoTimer;
}

bool PropagationWatcher::proxied(RecordType type) const {
  auto it = pushed_.find(type);
  return it != pushed_.end() && it->second.proxied;
}

void PropagationWatcher::onPushed(const RecordSet& records, bool proxied) {
  Pushed& pushed = pushed_[records.type];
  pushed.addresses = records.addresses;
  std::sort(pushed.addresses.begin(), pushed.addresses.end());
  pushed.proxied = proxied;
  pushedAt_ = scheduler_.now();
  authConverged_.reset();
  resolversConverged_.reset();
  denseUntil_ = pushedAt_ + config_.denseFor;
  if (recent_.size() == kRecentConvergences) recent_.erase(recent_.begin());
  recent_.push_back(Convergence{pushedText(), pushedAt_, std::nullopt, std::nullopt});
  if (!running_) return;
  pollRound();
  scheduleNext();
}

void PropagationWatcher::discover(size_t resolverIndex) {
  if (resolverIndex >= config_.resolvers.size()) {
    // Every resolver failed; try again at the next sparse poll.
    discoveryInFlight_ = false;
    nextDiscovery_ = scheduler_.now() + config_.sparseInterval;
    return;
  }
  discoveryInFlight_ = true;
  discovering_.clear();
  const ResolverEndpoint& r = config_.resolvers[resolverIndex];
  dns_.query({r.address, r.port, zone_, dns::Type::NS, true, config_.timeout},
             lifetime_.guard([this, resolverIndex](DnsResult result) { onNsReply(resolverIndex, result); }));
}

void PropagationWatcher::onNsReply(size_t resolverIndex, const DnsResult& result) {
  std::vector<std::string> names;
  if (result.ok() && result.reply->rcode == dns::Rcode::NoError) names = dns::answerValues(*result.reply, zone_, dns::Type::NS);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  if (names.empty()) {
    const std::string why = !result.ok() ? result.error
                            : result.reply->rcode != dns::Rcode::NoError ? dns::rcodeName(result.reply->rcode)
                                                                         : "no NS records";
    trace_.record(events::nsDiscoveryFailed(scheduler_.now(), scheme_, config_.resolvers[resolverIndex].name, why));
    discover(resolverIndex + 1);
    return;
  }
  // Glue first; the rest is looked up through the same resolver.
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    std::optional<std::string> glue;
    for (const dns::Record& r : result.reply->additional) {
      if (r.name == name && r.type == dns::Type::A) glue = r.data;
    }
    if (glue) {
      discovering_.emplace_back(name, *glue);
    } else {
      missing.push_back(name);
    }
  }
  if (missing.empty()) return setAuthServers(discovering_);
  auto remaining = std::make_shared<size_t>(missing.size());
  for (std::string& name : missing) lookUpNsAddress(std::move(name), resolverIndex, remaining);
}

void PropagationWatcher::lookUpNsAddress(std::string nsName, size_t resolverIndex, std::shared_ptr<size_t> remaining) {
  const ResolverEndpoint& r = config_.resolvers[resolverIndex];
  dns_.query({r.address, r.port, nsName, dns::Type::A, true, config_.timeout},
             lifetime_.guard([this, nsName, remaining](DnsResult result) {
               if (result.ok()) {
                 const auto addresses = dns::answerValues(*result.reply, nsName, dns::Type::A);
                 if (!addresses.empty()) discovering_.emplace_back(nsName, addresses.front());
               }
               if (--*remaining == 0) setAuthServers(discovering_);
             }));
}

void PropagationWatcher::setAuthServers(std::vector<std::pair<std::string, std::string>> found) {
  discoveryInFlight_ = false;
  nextDiscovery_ = scheduler_.now() + config_.rediscover;
  std::sort(found.begin(), found.end());
  const bool first = std::none_of(servers_.begin(), servers_.end(),
                                  [](const ServerObservation& s) { return s.scope == PropagationScope::Auth; });
  std::vector<ServerObservation> next;
  for (const auto& [name, address] : found) {
    for (RecordType type : types_) {
      auto old = std::find_if(servers_.begin(), servers_.end(), [&](const ServerObservation& s) {
        return s.scope == PropagationScope::Auth && s.name == name && s.address == address && s.type == type;
      });
      if (old != servers_.end()) {
        next.push_back(*old);
        continue;
      }
      ServerObservation s;
      s.name = name;
      s.address = address;
      s.port = config_.nameserverPort;
      s.type = type;
      next.push_back(std::move(s));
    }
  }
  for (const ServerObservation& s : servers_) {
    if (s.scope == PropagationScope::Resolver) next.push_back(s);
  }
  servers_ = std::move(next);
  if (first && running_) {
    pollRound();
    scheduleNext();
  }
}

void PropagationWatcher::pollRound() {
  if (!running_) return;
  if (!discoveryInFlight_ && nextDiscovery_ && scheduler_.now() >= *nextDiscovery_) discover(0);
  for (ServerObservation& s : servers_) {
    if (s.inFlight) continue;  // a slow server is not asked twice at once
    s.inFlight = true;
    const bool recursive = s.scope == PropagationScope::Resolver;
    dns_.query({s.address, s.port, fqdn_, dnsType(s.type), recursive, config_.timeout},
               lifetime_.guard([this, name = s.name, address = s.address, scope = s.scope,
                                type = s.type](DnsResult result) {
                 for (size_t i = 0; i < servers_.size(); ++i) {
                   if (servers_[i].name == name && servers_[i].address == address && servers_[i].scope == scope &&
                       servers_[i].type == type) {
                     record(i, result);
                     return;
                   }
                 }
               }));
  }
}

void PropagationWatcher::scheduleNext() {
  scheduler_.cancel(timer_);
  timer_ = kNoTimer;
  if (!running_) return;
  const Duration interval = scheduler_.now() < denseUntil_ ? config_.denseInterval : config_.sparseInterval;
  timer_ = scheduler_.scheduleAfter(interval, [this] {
    timer_ = kNoTimer;
    pollRound();
    scheduleNext();
  });
}

void PropagationWatcher::record(size_t index, const DnsResult& result) {
  ServerObservation& s = servers_[index];
  s.inFlight = false;
  s.latency = result.latency;
  std::string answer;
  bool isAddress = false;
  bool noRecord = false;
  std::vector<std::string> values;
  const dns::Type type = dnsType(s.type);
  s.ttl.reset();
  s.rcode.reset();
  if (!result.ok()) {
    answer = result.error;
  } else {
    s.rcode = result.reply->rcode;
    values = dns::answerValues(*result.reply, fqdn_, type);
    if (result.reply->rcode == dns::Rcode::NxDomain) {
      answer = dns::rcodeName(result.reply->rcode);
      noRecord = true;
      values.clear();
    } else if (result.reply->rcode != dns::Rcode::NoError) {
      answer = dns::rcodeName(result.reply->rcode);
      values.clear();
    } else if (values.empty()) {
      answer = "NODATA";
      noRecord = true;
    } else {
      answer = dns::joinAnswerValues(values);
      isAddress = true;
      for (const dns::Record& r : result.reply->answers) {
        if (r.type == type) s.ttl = r.ttl;
      }
    }
  }
  std::sort(values.begin(), values.end());
  s.values = std::move(values);
  s.noRecord = noRecord;
  if (!s.observed || answer != s.answer) {
    s.observed = true;
    s.answer = answer;
    s.isAddress = isAddress;
    s.lastChange = scheduler_.now();
    TraceEvent event =
        isAddress ? events::nsAnswerAddress(scheduler_.now(), scheme_, s.name, scopeName(s.scope), answer,
                                            s.ttl ? std::optional<int64_t>(static_cast<int64_t>(*s.ttl)) : std::nullopt)
                  : events::nsAnswerError(scheduler_.now(), scheme_, s.name, scopeName(s.scope), answer);
    trace_.record(event.with(field::rtype, recordTypeName(s.type)));
  }
  checkConvergence();
}

std::string PropagationWatcher::pushedText() const {
  RecordSets sets;
  for (const auto& [type, pushed] : pushed_) sets[type] = pushed.addresses;
  return describeRecordSets(sets);
}

void PropagationWatcher::checkConvergence() {
  if (pushed_.empty()) return;
  auto convergedIn = [&](PropagationScope scope) {
    bool any = false;
    for (const ServerObservation& s : servers_) {
      if (s.scope != scope) continue;
      auto pushed = pushed_.find(s.type);
      if (pushed == pushed_.end()) continue;  // never pushed ("keep"): not watched
      any = true;
      if (!matchesSorted(s, pushed->second.addresses, pushed->second.proxied)) return false;
    }
    return any;
  };
  // pushed_ changes only in onPushed, which also appends its text to
  // recent_: the newest entry is pushedText(), without rebuilding it for
  // every answer.
  const std::string& address = recent_.back().address;
  bool proxiedAny = false;
  for (const auto& [type, pushed] : pushed_) proxiedAny = proxiedAny || pushed.proxied;
  auto note = [&](std::optional<Duration>& slot, PropagationScope scope, const char* name) {
    if (!convergedIn(scope)) {
      if (slot) {
        // A server flipped back after agreeing: not converged after all.
        slot.reset();
        denseUntil_ = pushedAt_ + config_.denseFor;
      }
      return;
    }
    if (slot) return;
    slot = scheduler_.now() - pushedAt_;
    TraceEvent event =
        events::converged(scheduler_.now(), scheme_, name, address, static_cast<double>(slot->count()) / 1000.0);
    if (pushed_.size() == 1) event.with(field::rtype, recordTypeName(pushed_.begin()->first));
    if (proxiedAny) event.with(field::proxied, true);
    trace_.record(event);
  };
  note(authConverged_, PropagationScope::Auth, "auth");
  note(resolversConverged_, PropagationScope::Resolver, "resolvers");
  if (!recent_.empty() && recent_.back().address == address && recent_.back().pushedAt == pushedAt_) {
    recent_.back().auth = authConverged_;
    recent_.back().resolvers = resolversConverged_;
  }
  // Both scopes agree: back to the sparse pace once they have for a while.
  if (authConverged_ && resolversConverged_) {
    denseUntil_ = std::min(denseUntil_, scheduler_.now() + config_.settle);
  }
}

}  // namespace dnsfailover
