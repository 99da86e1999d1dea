#include "engine/status/metrics.h"

#include <cassert>
#include <initializer_list>
#include <utility>

namespace dnsfailover::status {
namespace {

using Labels = std::initializer_list<std::pair<const char*, std::string>>;

// Milliseconds as seconds with three decimals: exact and byte-stable.
std::string secondsText(int64_t ms) {
  const bool negative = ms < 0;
  const uint64_t v = negative ? static_cast<uint64_t>(-ms) : static_cast<uint64_t>(ms);
  std::string frac = std::to_string(v % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return (negative ? "-" : "") + std::to_string(v / 1000) + "." + frac;
}

std::string epochSeconds(TimePoint t) { return secondsText(t.time_since_epoch().count()); }

class Writer {
 public:
  void family(const char* name, const char* type, const char* help) {
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;  // our own constant text: nothing to escape
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }
  void sample(const char* name, Labels labels, const std::string& value) {
    out_ += name;
    if (labels.size() > 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [key, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += key;
        out_ += "=\"";
        out_ += escapeLabelValue(v);
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += value;
    out_ += '\n';
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

}  // namespace

std::string escapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string metricsText(const StatusModel& model, const DaemonFacts& facts) {
  Writer w;
  w.family("dnsfailover_probe_success", "gauge", "Whether the indicator's last check succeeded (1) or failed (0).");
  for (const auto& i : model.indicators) {
    if (i.lastCheckOk) w.sample("dnsfailover_probe_success", {{"indicator", i.name}}, *i.lastCheckOk ? "1" : "0");
  }
  w.family("dnsfailover_probe_duration_seconds", "gauge", "How long the indicator's last check took.");
  for (const auto& i : model.indicators) {
    if (i.lastCheckDuration) {
      w.sample("dnsfailover_probe_duration_seconds", {{"indicator", i.name}}, secondsText(i.lastCheckDuration->count()));
    }
  }
  w.family("dnsfailover_probe_http_status_code", "gauge",
           "HTTP status code of the indicator's last check (0 on a transport error).");
  for (const auto& i : model.indicators) {
    if (i.lastCheckAt) {
      w.sample("dnsfailover_probe_http_status_code", {{"indicator", i.name}},
               std::to_string(i.lastHttpStatus.value_or(0)));
    }
  }
  w.family("dnsfailover_indicator_up", "gauge",
           "Indicator status after retries: 1 OK, 0 ERR or not yet known.");
  for (const auto& i : model.indicators) {
    w.sample("dnsfailover_indicator_up", {{"indicator", i.name}}, i.status == "OK" ? "1" : "0");
  }
  w.family("dnsfailover_indicator_maintenance", "gauge", "Whether the indicator is in maintenance.");
  for (const auto& i : model.indicators) {
    w.sample("dnsfailover_indicator_maintenance", {{"indicator", i.name}}, i.maintenance ? "1" : "0");
  }
  w.family("dnsfailover_scheme_selected_info", "gauge", "The member a scheme points at (always 1).");
  for (const auto& s : model.schemes) {
    if (s.selectedIndicator) {
      w.sample("dnsfailover_scheme_selected_info",
               {{"scheme", s.name}, {"indicator", *s.selectedIndicator}, {"address", *s.selectedAddress}}, "1");
    }
  }
  w.family("dnsfailover_scheme_synced", "gauge", "Whether the provider holds the selected address (1) or not (0).");
  for (const auto& s : model.schemes) w.sample("dnsfailover_scheme_synced", {{"scheme", s.name}}, s.syncStatus == "synced" ? "1" : "0");
  w.family("dnsfailover_failovers_total", "counter", "Selection changes after the first choice, since start.");
  for (const auto& s : model.schemes) w.sample("dnsfailover_failovers_total", {{"scheme", s.name}}, std::to_string(s.failovers));
  w.family("dnsfailover_pushes_total", "counter", "Pushes sent to the DNS provider.");
  for (const auto& s : model.schemes) {
    w.sample("dnsfailover_pushes_total", {{"scheme", s.name}, {"provider", s.provider}}, std::to_string(s.pushesSent));
  }
  w.family("dnsfailover_push_failures_total", "counter", "Pushes the DNS provider refused or never answered, since start.");
  for (const auto& s : model.schemes) {
    w.sample("dnsfailover_push_failures_total", {{"scheme", s.name}, {"provider", s.provider}},
             std::to_string(s.pushFailures));
  }
  w.family("dnsfailover_last_push_success_timestamp_seconds", "gauge",
           "When a push last succeeded (Unix time), since start.");
  for (const auto& s : model.schemes) {
    if (s.lastPushSuccess) {
      w.sample("dnsfailover_last_push_success_timestamp_seconds", {{"scheme", s.name}}, epochSeconds(*s.lastPushSuccess));
    }
  }
  w.family("dnsfailover_propagation_match", "gauge",
           "Whether a nameserver (kind auth) or resolver answers the selected address (1) or not (0).");
  for (const auto& s : model.schemes) {
    for (const auto& v : s.servers) {
      w.sample("dnsfailover_propagation_match", {{"scheme", s.name}, {"server", v.name}, {"kind", v.kind}},
               v.matches ? "1" : "0");
    }
  }
  w.family("dnsfailover_propagation_converge_seconds", "gauge",
           "Time from the last successful push until every server of a kind answered it.");
  for (const auto& s : model.schemes) {
    if (s.convergences.empty()) continue;
    const auto& last = s.convergences.back();
    if (last.auth) w.sample("dnsfailover_propagation_converge_seconds", {{"scheme", s.name}, {"kind", "auth"}}, secondsText(last.auth->count()));
    if (last.resolvers) {
      w.sample("dnsfailover_propagation_converge_seconds", {{"scheme", s.name}, {"kind", "resolver"}},
               secondsText(last.resolvers->count()));
    }
  }
  if (model.sites) {
    const SitesView& v = *model.sites;
    w.family("dnsfailover_coordination_up", "gauge", "Whether the coordination service (etcd) answers this site (1) or not (0).");
    w.sample("dnsfailover_coordination_up", {{"site", v.self}}, v.coordinationUp ? "1" : "0");
    w.family("dnsfailover_leader", "gauge", "Which site leads and pushes, as this site knows it (1 for the leader, else 0).");
    for (const SiteRowView& site : v.sites) {
      const bool leads = site.self ? v.leads : (!v.leads && site.name == v.leader);
      w.sample("dnsfailover_leader", {{"site", site.name}}, leads ? "1" : "0");
    }
    w.family("dnsfailover_site_votes", "gauge",
             "Each site's raw view of each indicator as this site reads it (1 for the status it reports).");
    for (const SiteRowView& site : v.sites) {
      for (const auto& [indicator, status] : site.votes) {
        for (const char* s : {"OK", "ERR"}) {
          w.sample("dnsfailover_site_votes", {{"indicator", indicator}, {"site", site.name}, {"status", s}},
                   status == s ? "1" : "0");
        }
      }
    }
    w.family("dnsfailover_site_voting", "gauge", "Whether a site's votes count (fresh reports, sanity check passing).");
    for (const SiteRowView& site : v.sites) w.sample("dnsfailover_site_voting", {{"site", site.name}}, site.voting ? "1" : "0");
  }
  w.family("dnsfailover_build_info", "gauge", "The running build (always 1).");
  w.sample("dnsfailover_build_info", {{"version", facts.version}}, "1");
  w.family("dnsfailover_config_last_reload_successful", "gauge", "Whether the last config (re)load succeeded.");
  w.sample("dnsfailover_config_last_reload_successful", {}, facts.lastReloadSuccessful ? "1" : "0");
  w.family("dnsfailover_config_last_reload_success_timestamp_seconds", "gauge",
           "When the config was last loaded successfully (Unix time).");
  if (facts.lastReloadAt) w.sample("dnsfailover_config_last_reload_success_timestamp_seconds", {}, epochSeconds(*facts.lastReloadAt));
  return w.take();
}

}  // namespace dnsfailover::status
