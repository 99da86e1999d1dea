#include "fakes/cat_server.h"

#include <nlohmann/json.hpp>

#include "engine/core/url.h"

namespace dnsfailover::fakes {

const char* catRoleName(CatRole role) {
  switch (role) {
    case CatRole::Main: return "main";
    case CatRole::Backup: return "backup";
    case CatRole::Sorry: return "sorry";
  }
  return "?";
}

std::optional<CatRole> parseCatRole(std::string_view text) {
  if (text == "main") return CatRole::Main;
  if (text == "backup") return CatRole::Backup;
  if (text == "sorry") return CatRole::Sorry;
  return std::nullopt;
}

std::optional<int> defaultFailMinute(CatRole role) {
  switch (role) {
    case CatRole::Main: return 20;
    case CatRole::Backup: return 40;
    case CatRole::Sorry: return std::nullopt;
  }
  return std::nullopt;
}

bool CatServer::okAt(TimePoint t) const {
  if (forced_) return *forced_;
  return !config_.failMinute || minuteOfHour(t) < *config_.failMinute;
}

std::optional<TimePoint> CatServer::nextChangeAfter(TimePoint t) const {
  if (!config_.failMinute || *config_.failMinute <= 0 || *config_.failMinute >= 60) return std::nullopt;
  const TimePoint hour = startOfHour(t);
  const TimePoint failAt = hour + std::chrono::minutes{*config_.failMinute};
  return t < failAt ? failAt : hour + std::chrono::hours{1};
}

std::optional<int> CatServer::minutesLeft(TimePoint t) const {
  const auto next = nextChangeAfter(t);
  if (!next) return std::nullopt;
  return static_cast<int>(std::chrono::ceil<std::chrono::minutes>(*next - t).count());
}

std::string CatServer::page(TimePoint t, const std::string& dnsAnswer) const {
  // Every simulated check asks for this page: one buffer, appended in
  // place, rather than a temporary string per line.
  const bool ok = okAt(t);
  const std::string_view role = catRoleName(config_.role);
  std::string html;
  html.reserve(256 + config_.host.size() * 2 + config_.ip.size() + dnsAnswer.size());
  html.append("<html><head><title>cat (").append(role).append(")</title></head><body>\n<h1>Cat server</h1>\n<pre>\n");
  html.append("role: ").append(role).append("\n");
  html.append("host: ").append(config_.host).append("\n");
  html.append("ip: ").append(config_.ip).append("\n");
  html.append("time: ").append(formatIsoUtc(t)).append("\n");
  html.append(ok ? "status=OK\n" : "status=ERR\n");
  if (auto left = minutesLeft(t)) {
    html.append(ok ? "minutes until failure: " : "minutes until recovery: ").append(std::to_string(*left)).append("\n");
  }
  if (!dnsAnswer.empty()) html.append("dns: ").append(config_.host).append(" -> ").append(dnsAnswer).append("\n");
  html.append("</pre>\n</body></html>\n");
  return html;
}

std::string CatServer::statusJson(TimePoint t, const std::string& dnsAnswer) const {
  nlohmann::json doc = {{"role", catRoleName(config_.role)},
                        {"host", config_.host},
                        {"ip", config_.ip},
                        {"time", formatIsoUtc(t)},
                        {"status", okAt(t) ? "OK" : "ERR"}};
  if (config_.failMinute) doc["fail_minute"] = *config_.failMinute;
  if (auto left = minutesLeft(t)) doc["minutes_left"] = *left;
  if (!dnsAnswer.empty()) doc["dns_answer"] = dnsAnswer;
  return doc.dump();
}

bool CatServer::turnsBetween(TimePoint from, TimePoint to) const {
  const auto turn = nextChangeAfter(from);
  return turn && *turn <= to;
}

HttpResponse CatServer::handle(const HttpRequest& request, TimePoint now, const std::string&) {
  const std::string_view path = urlPath(request.url);
  const std::string dns = dnsAnswer_ ? dnsAnswer_() : std::string{};
  if (request.method != "GET" && request.method != "HEAD") {
    return {405, {{"Content-Type", "text/plain"}, {"Allow", "GET, HEAD"}}, "method not allowed\n"};
  }
  if (path != "/" && path != "/status") return {404, {{"Content-Type", "text/plain"}}, "not found\n"};
  const bool ok = okAt(now);
  // A span only covers pages between which the server's own truth stayed
  // put (no turn of its schedule, no status forced or cleared): a stretch
  // nobody visited, e.g. while a partition hid the server, may have looked
  // different, and a span across it would claim what nobody saw.
  const bool truthHeld = !served_.empty() && !truthTouched_ && !turnsBetween(served_.back().last, now);
  if (truthHeld && served_.back().ok == ok) {
    served_.back().last = now;
  } else {
    served_.push_back({now, now, ok});
  }
  truthTouched_ = false;
  if (path == "/") return {200, {{"Content-Type", "text/html; charset=utf-8"}}, page(now, dns)};
  return {200, {{"Content-Type", "application/json"}}, statusJson(now, dns)};
}

TcpExchange CatServer::serveTcp(uint16_t port, const std::string& received, TimePoint now, const std::string& peer) {
  if (port == 443) return {true, {}};
  if (port != 80) return {false, {}};
  // "GET /status HTTP/1.0\r\n...": the request line is enough.
  const size_t lineEnd = received.find_first_of("\r\n");
  const std::string line = received.substr(0, lineEnd);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string::npos ? std::string::npos : line.find(' ', sp1 + 1);
  if (line.empty()) return {true, {}};  // a server waits for the request
  if (sp2 == std::string::npos || line.compare(sp2 + 1, 5, "HTTP/") != 0) {
    return {true, "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nbad request\n"};
  }
  HttpRequest request;
  request.method = line.substr(0, sp1);
  request.url = "http://" + config_.host + line.substr(sp1 + 1, sp2 - sp1 - 1);
  const HttpResponse response = handle(request, now, peer);
  std::string out = "HTTP/1.0 " + std::to_string(response.status) + (response.status == 200 ? " OK" : " Error") + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  if (request.method != "HEAD") out += response.body;
  return {true, out};
}

}  // namespace dnsfailover::fakes
