#include "tests/property/world_generator.h"

#include <fstream>
#include <optional>
#include <sstream>

#include "sim/scenario.h"
#include "sim/trace_writers.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;

std::string seconds(int64_t s) { return std::to_string(s) + "s"; }

std::string clock(Duration offset) {
  const auto total = std::chrono::duration_cast<std::chrono::seconds>(offset).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  return buf;
}

// Keeps every event of a timeline as it is written, in the sink's order.
class KeepAll final : public TraceSink {
 public:
  explicit KeepAll(std::vector<TraceEvent>& out) : out_(out) {}
  void record(const TraceEvent& event) override { out_.push_back(event); }

 private:
  std::vector<TraceEvent>& out_;
};

}  // namespace

rc::Gen<GeneratedWorld> genWorld(WorldOptions options) {
  return rc::gen::exec([options] {
    GeneratedWorld w;
    w.seed = *rc::gen::inRange<uint64_t>(1, 1'000'000);
    w.provider = *rc::gen::element<std::string>("he.net", "cloudflare");
    const int serverCount = *rc::gen::inRange(2, 5);
    const int period = *rc::gen::inRange(10, 61);
    const auto retry = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(0, 3), rc::gen::inRange(5, 61));
    const auto recovery = *rc::gen::container<std::vector<int>>(*rc::gen::inRange(0, 3), rc::gen::inRange(5, 61));
    w.backoff = {std::chrono::seconds{0}, std::chrono::seconds{5}, std::chrono::seconds{15}, std::chrono::seconds{30}};

    w.family = *rc::gen::element<std::string>("A", "AAAA", "dual");
    const bool cloudflare = w.provider == "cloudflare";
    if (cloudflare && *rc::gen::inRange(0, 2) == 0) {
      w.rule.mode = AnswerMode::AllHealthy;
      w.rule.maxAnswers = static_cast<size_t>(*rc::gen::inRange(0, 3));
    }
    const int allDown = *rc::gen::inRange(0, cloudflare ? 3 : 2);
    w.rule.whenAllDown = allDown == 0 ? WhenAllDown::HighestPriority : allDown == 1 ? WhenAllDown::Keep : WhenAllDown::None;

    json servers = json::array(), indicators = json::array(), members = json::array();
    std::vector<std::string> names;
    auto addServer = [&](const std::string& name, const std::string& address, const char* role,
                         std::optional<int> failMinute, int priority) {
      names.push_back(name);
      json server = {{"name", name}, {"address", address}, {"role", role}};
      if (failMinute) server["fail_minute"] = *failMinute;
      servers.push_back(server);
      indicators.push_back({{"name", name + ":web"},
                            {"policy", "p"},
                            {"check",
                             {{"method", "httpgrep"},
                              {"url", "https://www.example.net/"},
                              {"musthave", "status=OK"},
                              {"options", "addr=" + address}}}});
      members.push_back({{"indicator", name + ":web"}, {"priority", priority}, {"address", address}});
    };
    for (int i = 0; i < serverCount; ++i) {
      const char* role = i + 1 == serverCount ? "sorry" : "main";
      const std::optional<int> failMinute =
          i + 1 < serverCount ? std::optional<int>(*rc::gen::inRange(1, 60)) : std::nullopt;
      if (w.family != "AAAA") addServer("s" + std::to_string(i), "192.0.2." + std::to_string(10 + i), role, failMinute, 100 - 10 * i);
      if (w.family != "A") {
        // The IPv6 side fails at its own minute: the families move apart.
        const std::optional<int> failMinute6 =
            failMinute && w.family == "dual" ? std::optional<int>(*rc::gen::inRange(1, 60)) : failMinute;
        addServer("s" + std::to_string(i) + "v6", "2001:db8::" + std::to_string(10 + i), role, failMinute6, 99 - 10 * i);
      }
    }
    json retryJson = json::array(), recoveryJson = json::array(), backoffJson = json::array();
    for (int s : retry) retryJson.push_back(seconds(s));
    for (int s : recovery) recoveryJson.push_back(seconds(s));
    for (Duration d : w.backoff) backoffJson.push_back(formatDuration(d));

    // Faults in the first 40 minutes, none longer than 15; switches are
    // always switched back, so the last half hour is the liveness phase.
    json events = json::array();
    const int faultCount = *rc::gen::inRange(0, 9);
    Duration heal{std::chrono::minutes{1}};
    for (int i = 0; i < faultCount; ++i) {
      const Duration at = std::chrono::seconds{*rc::gen::inRange(60, 40 * 60)};
      const Duration length = std::chrono::seconds{*rc::gen::inRange(5, 15 * 60)};
      const std::string server = *rc::gen::elementOf(names);
      const int kind = *rc::gen::inRange(0, 10);
      auto add = [&](Duration when, json e) {
        e["at"] = clock(when);
        events.push_back(e);
      };
      switch (kind) {
        case 0:
          add(at, {{"kind", "server_down"}, {"server", server}});
          add(at + length, {{"kind", "server_up"}, {"server", server}});
          break;
        case 1:
          add(at, {{"kind", "server_page"}, {"server", server}, {"status", *rc::gen::element<std::string>("OK", "ERR")}});
          add(at + length, {{"kind", "server_page"}, {"server", server}, {"status", "schedule"}});
          break;
        case 2:
          add(at, {{"kind", "partition"}, {"server", server}, {"on", true}});
          add(at + length, {{"kind", "partition"}, {"server", server}, {"on", false}});
          break;
        case 3:
          add(at, {{"kind", "packet_loss"}, {"server", server}, {"ratio", *rc::gen::inRange(1, 10) / 10.0}});
          add(at + length, {{"kind", "packet_loss"}, {"server", server}, {"ratio", 0.0}});
          break;
        case 4:
          add(at, {{"kind", "provider_outage"}, {"provider", w.provider}, {"for", formatDuration(length)}});
          break;
        case 5:
          add(at, {{"kind", "provider_errors"}, {"provider", w.provider}, {"ratio", *rc::gen::inRange(1, 10) / 10.0},
                   {"for", formatDuration(length)}});
          break;
        case 6:
          add(at, {{"kind", "rate_limit_storm"}, {"provider", w.provider}, {"for", formatDuration(length)}});
          break;
        case 7:
          add(at, {{"kind", "maintenance"}, {"indicator", server + ":web"}, {"on", true}});
          add(at + length, {{"kind", "maintenance"}, {"indicator", server + ":web"}, {"on", false}});
          break;
        case 8:
          // Someone deletes the record; the operator notices and forces a
          // push (a stale Cloudflare id is looked up again, the record
          // re-created).
          add(at, {{"kind", "record_deleted"}, {"fqdn", "www.example.net"}});
          add(at + length, {{"kind", "force_push"}, {"scheme", "www"}});
          break;
        default:
          add(at, {{"kind", "force_push"}, {"scheme", "www"}});
          break;
      }
      heal = std::max(heal, at + length);
    }
    if (options.crashes) {
      // Pushes that take seconds make a crash with a push in flight likely.
      if (*rc::gen::inRange(0, 2) == 0) {
        events.push_back({{"at", clock(std::chrono::seconds{30})},
                          {"kind", "provider_slow"},
                          {"provider", w.provider},
                          {"delay", seconds(*rc::gen::inRange(1, 4))}});
      }
      const int crashes = *rc::gen::inRange(1, 5);
      for (int i = 0; i < crashes; ++i) {
        // Millisecond instants: a crash may land anywhere, also between a
        // push's request and its answer.
        const Duration at{*rc::gen::inRange<int64_t>(2 * 60'000, 40 * 60'000)};
        const Duration down{*rc::gen::inRange<int64_t>(100, 5 * 60'000)};
        events.push_back({{"at", std::to_string(at.count()) + "ms"},
                          {"kind", "engine_crash"},
                          {"for", std::to_string(down.count()) + "ms"}});
        heal = std::max(heal, at + down);
      }
    }
    // A rate limit or outage may leave a push waiting out the last backoff
    // step (or a 5-minute Retry-After); count that as part of healing.
    w.heal = heal + std::chrono::minutes{5} + w.backoff.back();

    int retrySum = 0, recoverySum = 0;
    for (int s : retry) retrySum += s;
    for (int s : recovery) recoverySum += s;
    // One period to notice, the retries, a check timeout, the push's round
    // trip and the first backoff step, with a second of network slack.
    w.detectBound = std::chrono::seconds{period + std::max(retrySum, recoverySum) + 3 + 1} + w.backoff[1];
    // A dual-stack scheme pushes its two records one after the other, and a
    // multivalue set at Cloudflare is a list plus one write per address:
    // each request may take a slowed provider's few seconds.
    const int types = w.family == "dual" ? 2 : 1;
    const int requestsPerType = w.rule.mode == AnswerMode::AllHealthy ? serverCount + 1 : 2;
    if (types > 1 || w.rule.mode == AnswerMode::AllHealthy) {
      w.detectBound += std::chrono::seconds{4 * types * requestsPerType};
    }

    json world = {{"network", {{"latency", "20ms"}, {"jitter", "30ms"}}}, {"servers", servers}};
    json scheme = {{"name", "www"},
                   {"fqdn", "www.example.net"},
                   {"zone", "example.net"},
                   {"provider", w.provider},
                   {"credentials", {{"env", "WWW_KEY"}}},
                   {"ttl", 300},
                   {"push_backoff", backoffJson},
                   // Shorter than a period at times: a member may still have
                   // no first result when the wait is over.
                   {"startup_wait", seconds(*rc::gen::inRange(1, 90))},
                   {"answer", answerModeName(w.rule.mode)},
                   {"when_all_down", whenAllDownName(w.rule.whenAllDown)},
                   {"members", members}};
    if (w.rule.maxAnswers > 0) scheme["max_answers"] = w.rule.maxAnswers;
    json records = json::array();
    if (w.family != "AAAA") records.push_back({{"name", "www.example.net"}, {"type", "A"}, {"value", "192.0.2.10"}});
    if (w.family != "A") records.push_back({{"name", "www.example.net"}, {"type", "AAAA"}, {"value", "2001:db8::10"}});
    json zone = {{"name", "example.net"}, {"records", records}};
    if (w.provider == "he.net") {
      world["providers"] = json::array({{{"kind", "he.net"},
                                         {"address", "203.0.113.53"},
                                         {"hostname", "dyn.dns.he.net"},
                                         {"hosts", json::array({{{"fqdn", "www.example.net"}, {"secret", "WWW_KEY"}}})}}});
    } else {
      world["providers"] = json::array({{{"kind", "cloudflare"},
                                         {"address", "203.0.113.54"},
                                         {"hostname", "api.cloudflare.com"},
                                         {"zones", json::array({"example.net"})},
                                         {"tokens", json::array({{{"secret", "WWW_KEY"}}})}}});
    }
    world["zones"] = json::array({zone});
    w.scenario = {{"name", "generated"},
                  {"purpose", "a world generated by the property tests"},
                  {"start", "2026-11-02T00:00:00Z"},
                  {"duration", "90m"},
                  {"seed", w.seed},
                  {"secrets", {{"WWW_KEY", "generated-key-0123456789"}}},
                  {"world", world},
                  {"engine",
                   {{"policies",
                     {{"p", {{"period", seconds(period)}, {"retry_schedule", retryJson}, {"recovery_retry_schedule", recoveryJson}}}}},
                    {"indicators", indicators},
                    {"schemes", json::array({scheme})}}},
                  {"events", events},
                  // Liveness, in the file itself so that a replay judges it too.
                  {"expectations", json::array({{{"kind", "record_follows_truth"},
                                                 {"scheme", "www"},
                                                 {"within", formatDuration(w.detectBound)},
                                                 {"from", formatDuration(w.heal)}}})}};
    if (options.crashes) {
      w.scenario["expectations"].push_back({{"kind", "history_complete"}});
      w.scenario["expectations"].push_back({{"kind", "no_push_after_restart"}, {"scheme", "www"}});
    }
    return w;
  });
}

void showValue(const GeneratedWorld& world, std::ostream& os) {
  os << "generated world (" << world.provider << ", " << world.family << ", answer " << answerModeName(world.rule.mode)
     << ", when_all_down " << whenAllDownName(world.rule.whenAllDown) << ", seed " << world.seed << ", heals at +"
     << formatDuration(world.heal) << ", detect bound " << formatDuration(world.detectBound) << "):\n"
     << world.scenario.dump(1);
}

GeneratedRun runWorld(const GeneratedWorld& world) {
  GeneratedRun run;
  const sim::ScenarioLoad load = sim::loadScenarioText(world.scenario.dump(), "generated.json");
  if (!load.ok()) {
    RC_FAIL("the generator made a scenario that does not load: " + load.errors[0].format());
  }
  std::ostringstream json;
  sim::JsonLinesSink jsonSink(json);
  KeepAll keep(run.events);
  TeeTraceSink trace;
  trace.add(jsonSink);
  trace.add(keep);
  // Perturbed, as explore runs: extra delays and equal-time reordering
  // drawn from the seed (a replay passes --perturb).
  sim::RunOptions options;
  options.perturb = true;
  run.report = sim::runScenario(load.scenario, options, trace);
  run.traceJson = json.str();
  return run;
}

std::string replayCommand(const GeneratedWorld& world, const std::string& property) {
  const std::string path = std::string(DNSFAILOVER_TEST_ARTIFACTS) + "/" + property + "-counterexample.json";
  std::ofstream(path) << world.scenario.dump(2) << '\n';
  return "dnsfailover sim " + path + " --seed " + std::to_string(world.seed) + " --perturb";
}

}  // namespace dnsfailover::testing
