#include "sim/report/report_model.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "engine/ports/trace_json.h"

namespace dnsfailover::report {
namespace {

// Rows in a stable order: by group rank, then by first appearance.
class RowBook {
 public:
  Row& row(const std::string& group, const std::string& label) {
    const std::string key = group + "\n" + label;
    auto it = index_.find(key);
    if (it != index_.end()) return rows_[it->second];
    index_[key] = rows_.size();
    rows_.push_back({group, label, {}});
    return rows_.back();
  }

  // Sets `value` from `at` on; merges with the running segment when equal.
  void set(const std::string& group, const std::string& label, TimePoint at, const std::string& value) {
    Row& r = row(group, label);
    if (!r.segments.empty()) {
      Segment& last = r.segments.back();
      if (last.value == value) return;
      last.to = at;
      if (last.to <= last.from) r.segments.pop_back();
    }
    r.segments.push_back({at, at, value});
  }

  std::vector<Row> finish(TimePoint end) {
    static const std::vector<std::string> order = {"servers", "indicators", "selection",
                                                   "provider", "nameservers", "resolvers"};
    for (Row& r : rows_) {
      if (!r.segments.empty()) r.segments.back().to = std::max(end, r.segments.back().from);
    }
    // Groups in a fixed order; nameservers and resolvers by name (they
    // appear in answer order otherwise), everything else as it appeared.
    std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) {
      auto rank = [&](const Row& r) { return std::find(order.begin(), order.end(), r.group) - order.begin(); };
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      const bool byName = a.group == "nameservers" || a.group == "resolvers";
      return byName && a.label < b.label;
    });
    return std::move(rows_);
  }

 private:
  std::vector<Row> rows_;
  std::map<std::string, size_t> index_;
};

// Time-weighted share of [start, end) during which `row`'s value is an
// address whose server was serving OK.
double availabilityOf(const std::vector<Segment>& segments, const std::map<std::string, std::vector<Segment>>& truth,
                      TimePoint start, TimePoint end) {
  if (end <= start) return 0.0;
  Duration good{0};
  for (const Segment& s : segments) {
    auto states = truth.find(s.value);
    if (states == truth.end()) continue;
    for (const Segment& t : states->second) {
      if (t.value != "OK") continue;
      const TimePoint from = std::max({s.from, t.from, start});
      const TimePoint to = std::min({s.to, t.to, end});
      if (to > from) good += to - from;
    }
  }
  return static_cast<double>(good.count()) / static_cast<double>((end - start).count());
}

}  // namespace

ModelLoad buildReportModel(const std::string& traceText, const std::string& source) {
  ModelLoad load;
  ReportModel& m = load.model;
  RowBook rows;
  std::map<std::string, std::string> serverAddress;  // server name -> address
  std::vector<TimePoint> truthChanges;
  struct Converged {
    TimePoint at;
    std::string scheme, scope, address;
  };
  std::vector<Converged> converged;
  struct Push {
    TimePoint at;
    std::string scheme, address;
  };
  std::vector<Push> pushes;
  bool haveStart = false, haveEnd = false;
  TimePoint first{}, last{};

  std::istringstream lines(traceText);
  std::string line;
  size_t lineNo = 0;
  while (std::getline(lines, line)) {
    ++lineNo;
    if (line.empty()) continue;
    std::string error;
    const std::optional<TraceEvent> parsed = parseTraceEventJson(line, &error);
    if (!parsed) {
      load.errors.push_back(source + ":" + std::to_string(lineNo) + ": " + error);
      continue;
    }
    // A known type with a field missing or of the wrong kind is a damaged
    // trace; unknown types (from a newer trace) are skipped below.
    if (parsed->type != EventType::Unknown) {
      if (const std::optional<std::string> problem = checkTraceEvent(*parsed)) {
        load.errors.push_back(source + ":" + std::to_string(lineNo) + ": " + *problem);
        continue;
      }
    }
    const TraceEvent& e = *parsed;
    const TimePoint t = e.t;
    if (lineNo == 1 || t < first) first = t;
    last = std::max(last, t);
    switch (e.type) {
      case EventType::RunStart:
        m.start = t;
        haveStart = true;
        m.title = e.text(field::scenario);
        if (auto seed = e.integer(field::seed)) m.seed = static_cast<uint64_t>(*seed);
        break;
      case EventType::RunEnd:
        m.end = t;
        haveEnd = true;
        break;
      case EventType::ServerState: {
        const std::string address = e.text(field::address);
        serverAddress[e.text(field::server)] = address;
        rows.set("servers", e.text(field::server) + " (" + address + ")", t, e.flag(field::ok) ? "OK" : "ERR");
        truthChanges.push_back(t);
        break;
      }
      case EventType::IndicatorStatus:
        rows.set("indicators", e.text(field::indicator), t, e.text(field::status));
        break;
      case EventType::Selection:
        rows.set("selection", "selected (" + e.text(field::scheme) + ")", t, e.text(field::address));
        m.failovers.push_back({t, e.text(field::scheme), e.text(field::address), {}, {}, {}, {}});
        break;
      case EventType::Record:
        rows.set("provider", "provider record " + e.text(field::fqdn), t, e.text(field::value));
        break;
      case EventType::Push:
        if (e.flag(field::ok)) pushes.push_back({t, e.text(field::scheme), e.text(field::address)});
        break;
      case EventType::NsAnswer: {
        const std::string scope = e.text(field::scope);
        const std::string value = e.text(field::address).empty() ? "error" : e.text(field::address);
        rows.set(scope == "resolver" ? "resolvers" : "nameservers", e.text(field::server), t, value);
        break;
      }
      case EventType::Converged:
        converged.push_back({t, e.text(field::scheme), e.text(field::scope), e.text(field::address)});
        break;
      case EventType::Fault: {
        std::string label = e.text(field::kind);
        if (!e.text(field::target).empty()) label += " " + e.text(field::target);
        if (e.field(field::on) != nullptr) label += e.flag(field::on) ? " on" : " off";
        m.faults.push_back({t, label});
        break;
      }
      default:
        break;  // framing, engine life and types from newer traces add nothing to the report
    }
  }
  if (!haveStart) m.start = first;
  if (!haveEnd) m.end = last;
  m.rows = rows.finish(m.end);

  // Per failover: how long each stage took. The first selection is the
  // start-up choice, not a failover.
  std::sort(truthChanges.begin(), truthChanges.end());
  for (size_t i = 0; i < m.failovers.size(); ++i) {
    Failover& f = m.failovers[i];
    const TimePoint nextSelection = i + 1 < m.failovers.size() ? m.failovers[i + 1].at : TimePoint::max();
    auto cause = std::upper_bound(truthChanges.begin(), truthChanges.end(), f.at);
    if (cause != truthChanges.begin()) f.detect = f.at - *std::prev(cause);
    for (const Push& p : pushes) {
      if (p.at >= f.at && p.at < nextSelection && p.scheme == f.scheme && p.address == f.address) {
        f.push = p.at - f.at;
        break;
      }
    }
    for (const Converged& c : converged) {
      if (c.at < f.at || c.at >= nextSelection || c.scheme != f.scheme || c.address != f.address) continue;
      if (c.scope == "auth" && !f.nameservers) f.nameservers = c.at - f.at;
      if (c.scope == "resolvers" && !f.resolvers) f.resolvers = c.at - f.at;
    }
  }

  // Availability as a client sees it.
  std::map<std::string, std::vector<Segment>> truth;  // address -> states
  for (const Row& r : m.rows) {
    if (r.group != "servers") continue;
    for (const auto& [name, address] : serverAddress) {
      if (r.label == name + " (" + address + ")") truth[address] = r.segments;
    }
  }
  if (!truth.empty()) {
    std::vector<double> resolverShares;
    for (const Row& r : m.rows) {
      if (r.group == "provider" && !m.availability.record) {
        m.availability.record = availabilityOf(r.segments, truth, m.start, m.end);
        if (!r.segments.empty()) {
          const Segment fixed{m.start, m.end, r.segments.front().value};
          m.availability.withoutFailover = availabilityOf({fixed}, truth, m.start, m.end);
        }
      }
      if (r.group == "resolvers") resolverShares.push_back(availabilityOf(r.segments, truth, m.start, m.end));
    }
    if (!resolverShares.empty()) {
      double sum = 0;
      for (double s : resolverShares) sum += s;
      m.availability.resolvers = sum / static_cast<double>(resolverShares.size());
    }
  }
  return load;
}

}  // namespace dnsfailover::report
