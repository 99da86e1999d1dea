#include "sim/check/run_metrics.h"

#include <algorithm>
#include <deque>
#include <map>

namespace dnsfailover::sim {
namespace {

double secondsOf(Duration d) { return static_cast<double>(d.count()) / 1000.0; }

// Each server's truth as a step function.
class Truth {
 public:
  void set(const std::string& address, TimePoint t, bool ok) {
    auto& steps = steps_[address];
    if (!steps.empty() && steps.back().first == t) steps.back().second = ok;
    else steps.emplace_back(t, ok);
  }
  bool at(const std::string& address, TimePoint t) const {
    auto it = steps_.find(address);
    if (it == steps_.end()) return false;
    bool ok = false;
    for (const auto& [since, value] : it->second) {
      if (since > t) break;
      ok = value;
    }
    return ok;
  }
  // Serving at every instant of [from, to].
  bool throughout(const std::string& address, TimePoint from, TimePoint to) const {
    if (!at(address, from)) return false;
    auto it = steps_.find(address);
    for (const auto& [since, value] : it->second) {
      if (since > from && since <= to && !value) return false;
    }
    return true;
  }
  // Time serving inside [from, to).
  Duration serving(const std::string& address, TimePoint from, TimePoint to) const {
    auto it = steps_.find(address);
    if (it == steps_.end() || to <= from) return Duration{0};
    Duration total{0};
    const auto& steps = it->second;
    for (size_t i = 0; i < steps.size(); ++i) {
      const TimePoint a = std::max(from, steps[i].first);
      const TimePoint b = std::min(to, i + 1 < steps.size() ? steps[i + 1].first : to);
      if (steps[i].second && b > a) total += b - a;
    }
    return total;
  }
  std::vector<TimePoint> changes() const {
    std::vector<TimePoint> out;
    for (const auto& [address, steps] : steps_) {
      for (const auto& s : steps) out.push_back(s.first);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

 private:
  std::map<std::string, std::vector<std::pair<TimePoint, bool>>> steps_;
};

std::string idealAt(const SchemeConfig& scheme, const Truth& truth, TimePoint t) {
  for (const MemberConfig& m : scheme.members) {
    if (truth.at(m.address, t)) return m.address;
  }
  return scheme.members.empty() ? std::string{} : scheme.members.front().address;
}

// Share of [start, end) in which the step function `answers` pointed at a serving server.
double availabilityOf(const std::vector<std::pair<TimePoint, std::string>>& answers, const std::string& initial,
                      const Truth& truth, TimePoint start, TimePoint end) {
  if (end <= start) return 1.0;
  Duration good{0};
  std::string current = initial;
  TimePoint from = start;
  for (const auto& [t, address] : answers) {
    if (t > from) good += truth.serving(current, from, std::min(t, end));
    from = std::max(from, t);
    current = address;
  }
  if (end > from) good += truth.serving(current, from, end);
  return static_cast<double>(good.count()) / static_cast<double>((end - start).count());
}

Duration detectionWindow(const EngineConfig& config, const std::string& indicator) {
  const IndicatorConfig* i = config.findIndicator(indicator);
  if (i == nullptr) return std::chrono::seconds{60};
  Duration w = i->policy.period + i->check.timeout + std::chrono::seconds{1};
  for (Duration d : i->policy.retrySchedule) w += d;
  return w;
}

}  // namespace

RateLimit rateLimitOf(ProviderKind provider) {
  if (provider == ProviderKind::HeDyn) return {10, std::chrono::minutes{2}, "10 per 2m (HE dyn, per record)"};
  return {1200, std::chrono::minutes{5}, "1200 per 5m (Cloudflare, per account)"};
}

std::vector<SchemeRun> measureRun(const std::vector<TraceEvent>& events, const EngineConfig& config, TimePoint start,
                                  TimePoint end) {
  Truth truth;
  for (const TraceEvent& e : events) {
    if (e.type == EventType::ServerState) {
      truth.set(e.text(field::address), e.t, e.flag(field::ok));
    }
  }
  const std::vector<TimePoint> changes = truth.changes();
  std::vector<SchemeRun> out;
  for (const SchemeConfig& scheme : config.schemes) {
    SchemeRun run;
    run.scheme = scheme.name;
    std::map<std::string, int> priority;
    std::map<std::string, std::string> indicatorOf;
    for (const MemberConfig& m : scheme.members) {
      priority.emplace(m.address, m.priority);
      indicatorOf.emplace(m.address, m.indicator);
    }
    const std::string initial = scheme.members.empty() ? std::string{} : scheme.members.front().address;

    // The ideal's changes.
    std::vector<std::pair<TimePoint, std::string>> ideal;
    std::string last = idealAt(scheme, truth, start);
    for (TimePoint t : changes) {
      if (t <= start) continue;
      const std::string now = idealAt(scheme, truth, t);
      if (now != last) ideal.emplace_back(t, now);
      last = now;
    }

    // The scheme's own events, in order.
    std::vector<const TraceEvent*> mine;
    std::map<std::string, std::vector<std::pair<TimePoint, std::string>>> resolverAnswers;
    std::vector<std::pair<TimePoint, std::string>> recordValues;
    for (const TraceEvent& e : events) {
      if (e.type == EventType::Record && e.text(field::fqdn) == scheme.fqdn) {
        recordValues.emplace_back(e.t, e.text(field::value));
      }
      if (e.text(field::scheme) != scheme.name) continue;
      if (e.type == EventType::NsAnswer && e.text(field::scope) == "resolver") {
        resolverAnswers[e.text(field::server)].emplace_back(e.t, e.text(field::address));
      }
      if (e.type == EventType::Selection || e.type == EventType::Push || e.type == EventType::Converged) mine.push_back(&e);
    }

    // Walk the events once, keeping what each stage holds; at each
    // transition note what already holds, then the first time each stage
    // reaches the new ideal.
    std::string selected, pushed, nsHolds, resolversHold;
    size_t next = 0;
    for (size_t i = 0; i < ideal.size(); ++i) {
      const auto& [t0, to] = ideal[i];
      const TimePoint t1 = i + 1 < ideal.size() ? ideal[i + 1].first : end;
      while (next < mine.size() && mine[next]->t < t0) {
        const TraceEvent& e = *mine[next++];
        if (e.type == EventType::Selection) selected = e.text(field::address);
        if (e.type == EventType::Push && e.flag(field::ok)) pushed = e.text(field::address);
        if (e.type == EventType::Converged) (e.text(field::scope) == "auth" ? nsHolds : resolversHold) = e.text(field::address);
      }
      Transition tr;
      tr.at = t0 - start;
      tr.from = i == 0 ? idealAt(scheme, truth, start) : ideal[i - 1].second;
      tr.to = to;
      tr.failover = priority[to] < priority[tr.from];
      if (selected == to) tr.detect = 0.0;
      if (pushed == to) tr.push = 0.0;
      if (nsHolds == to) tr.ns = 0.0;
      if (resolversHold == to) tr.resolvers = 0.0;
      for (size_t j = next; j < mine.size() && mine[j]->t < t1; ++j) {
        const TraceEvent& e = *mine[j];
        const double s = secondsOf(e.t - t0);
        const bool here = e.text(field::address) == to;
        if (e.type == EventType::Selection && here && !tr.detect) tr.detect = s;
        if (e.type == EventType::Push && here && e.flag(field::ok) && !tr.push) tr.push = s;
        if (e.type == EventType::Converged && here && e.text(field::scope) == "auth" && !tr.ns) tr.ns = s;
        if (e.type == EventType::Converged && here && e.text(field::scope) != "auth" && !tr.resolvers) tr.resolvers = s;
      }
      run.transitions.push_back(std::move(tr));
    }

    // Availability.
    if (resolverAnswers.empty()) {
      run.availability = availabilityOf(recordValues, initial, truth, start, end);
    } else {
      double sum = 0;
      for (const auto& [server, answers] : resolverAnswers) sum += availabilityOf(answers, initial, truth, start, end);
      run.availability = sum / static_cast<double>(resolverAnswers.size());
    }
    run.recordAvailability = availabilityOf(recordValues, initial, truth, start, end);

    // False failovers, pushes, double pushes.
    const RateLimit limit = rateLimitOf(scheme.provider);
    const Duration period = scheme.members.empty() ? std::chrono::seconds{60}
                            : config.findIndicator(scheme.members.front().indicator)
                                ? config.findIndicator(scheme.members.front().indicator)->policy.period
                                : std::chrono::seconds{60};
    std::string current;
    std::deque<TimePoint> window;
    const TraceEvent* lastOkPush = nullptr;
    for (const TraceEvent* e : mine) {
      if (e->type == EventType::Selection) {
        const std::string address = e->text(field::address);
        if (!current.empty() && priority[address] < priority[current]) {
          const Duration w = detectionWindow(config, indicatorOf[current]);
          if (truth.throughout(current, std::max(start, e->t - w), e->t)) ++run.falseFailovers;
        }
        current = address;
      }
      if (e->type == EventType::Push) {
        ++run.pushes;
        window.push_back(e->t);
        while (window.front() + limit.window <= e->t) window.pop_front();
        run.peakPushes = std::max(run.peakPushes, static_cast<int>(window.size()));
        if (e->flag(field::ok)) {
          if (lastOkPush != nullptr && lastOkPush->text(field::address) != e->text(field::address) &&
              e->t - lastOkPush->t < period) {
            run.doublePushes.push_back({lastOkPush->t - start, lastOkPush->text(field::address), e->text(field::address),
                                        secondsOf(e->t - lastOkPush->t)});
          }
          lastOkPush = e;
        }
      }
    }
    out.push_back(std::move(run));
  }
  return out;
}

}  // namespace dnsfailover::sim
