#include "engine/status/control.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "engine/ports/scheduler.h"
#include "engine/ports/store.h"
#include "engine/ports/trace_json.h"
#include "engine/status/page.h"

namespace dnsfailover::status {
namespace {

using json = nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Response jsonResponse(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = dump(body);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response methodNotAllowed(const char* allow, const std::string& method, const std::string& path) {
  Response r = errorResponse(405, "method " + method + " not allowed on " + path + " (allowed: " + allow + ")");
  r.headers.emplace_back("Allow", allow);
  return r;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* header(const Request& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (equalsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; false on a broken escape. `plus` turns '+' into ' ' (queries).
bool percentDecode(std::string_view in, bool plus, std::string& out) {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (plus && in[i] == '+') {
      out += ' ';
    } else {
      out += in[i];
    }
  }
  return true;
}

void replaceAll(std::string& text, const std::string& what, const std::string& with) {
  if (what.empty()) return;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

struct Query {
  std::vector<std::pair<std::string, std::string>> items;
  const std::string* get(std::string_view key) const {
    for (const auto& [k, v] : items) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

bool parseQuery(std::string_view text, Query& query) {
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    std::string key, value;
    if (!percentDecode(part.substr(0, eq), true, key)) return false;
    if (eq != std::string_view::npos && !percentDecode(part.substr(eq + 1), true, value)) return false;
    query.items.emplace_back(std::move(key), std::move(value));
  }
  return true;
}

// Splits "/a/b/c" into {"a","b","c"} with each segment decoded.
bool splitPath(std::string_view path, std::vector<std::string>& segments) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    std::string segment;
    if (!percentDecode(path.substr(0, slash), false, segment)) return false;
    segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return true;
}

// 401 unless the request carries the configured bearer token.
std::optional<Response> refuseUnauthorized(const Request& request, RouterContext& context, const std::string& path) {
  std::string why;
  if (context.token.empty()) {
    why = "control is disabled: no status.token_file in the config";
  } else if (const std::string* auth = header(request, "Authorization"); auth == nullptr) {
    why = "missing bearer token (Authorization: Bearer ...)";
  } else if (auth->size() < 7 || !equalsIgnoreCase(std::string_view(*auth).substr(0, 7), "Bearer ")) {
    why = "Authorization is not a bearer token";
  } else if (!constantTimeEquals(context.token, auth->substr(7))) {
    why = "wrong bearer token";
  } else {
    return std::nullopt;
  }
  if (context.onRefusal) context.onRefusal("refused " + request.method + " " + path + ": " + why);
  Response r = errorResponse(401, why);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"dnsfailover\"");
  return r;
}

Response history(const Query& query, RouterContext& context) {
  if (context.store == nullptr) return errorResponse(503, "history needs a store (the config has none)");
  HistoryQuery q;
  if (const std::string* s = query.get("scheme")) q.scheme = *s;
  if (const std::string* s = query.get("indicator")) q.indicator = *s;
  if (const std::string* s = query.get("since"); s != nullptr && !s->empty()) {
    q.since = parseIsoUtc(*s);
    if (!q.since) return errorResponse(400, "since: expected a UTC time like 2026-11-02T00:20:00Z, got \"" + *s + "\"");
  }
  q.limit = 200;
  if (const std::string* s = query.get("limit"); s != nullptr && !s->empty()) {
    size_t limit = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), limit);
    if (ec != std::errc{} || end != s->data() + s->size() || limit == 0 || limit > kMaxHistoryLimit) {
      return errorResponse(400, "limit: expected a whole number 1.." + std::to_string(kMaxHistoryLimit) + ", got \"" +
                                    *s + "\"");
    }
    q.limit = limit;
  }
  std::vector<HistoryRow> rows;
  try {
    rows = context.store->history(q);
  } catch (const StoreError& e) {
    return errorResponse(503, std::string("history: the store cannot be read: ") + e.what());
  }
  json events = json::array();
  for (const HistoryRow& row : rows) {
    json event = json::parse(traceEventJson(row.event), nullptr, false);
    events.push_back(json{{"seq", row.seq}, {"event", std::move(event)}});
  }
  return jsonResponse(200, json{{"events", std::move(events)}});
}

// Parses {"on": bool}; nullopt with `why` set otherwise.
std::optional<bool> maintenanceBody(const std::string& body, std::string& why) {
  json parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded()) {
    why = "body: expected JSON like {\"on\": true}";
    return std::nullopt;
  }
  if (!parsed.is_object() || !parsed.contains("on") || !parsed["on"].is_boolean()) {
    why = "body.on: expected true or false";
    return std::nullopt;
  }
  if (parsed.size() != 1) {
    why = "body: only \"on\" is allowed";
    return std::nullopt;
  }
  return parsed["on"].get<bool>();
}

Response routeInner(const Request& request, RouterContext& context) {
  if (request.target.size() > kMaxTargetBytes) return errorResponse(414, "request target longer than 4 KiB");
  const size_t qmark = request.target.find('?');
  const std::string rawPath = request.target.substr(0, qmark);
  Query query;
  if (qmark != std::string::npos && !parseQuery(std::string_view(request.target).substr(qmark + 1), query)) {
    return errorResponse(400, "query: broken percent escape");
  }
  std::vector<std::string> seg;
  if (!splitPath(rawPath, seg)) return errorResponse(400, "path: expected an absolute path with valid escapes");
  const std::string& method = request.method;
  const bool isGet = method == "GET";

  auto view = [&](auto make) -> Response {
    if (!isGet) return methodNotAllowed("GET", method, rawPath);
    return make();
  };

  if (rawPath == "/") {
    return view([] {
      Response r;
      r.contentType = "text/html; charset=utf-8";
      r.body = std::string(pageHtml());
      return r;
    });
  }
  if (seg.size() == 2 && seg[0] == "assets") {
    const std::optional<Asset> asset = findAsset(seg[1]);
    if (!asset) return errorResponse(404, "no asset " + seg[1]);
    return view([&] {
      Response r;
      r.contentType = asset->contentType;
      r.body = std::string(asset->body);
      return r;
    });
  }
  if (rawPath == "/metrics") {
    return view([&] {
      Response r;
      r.contentType = kMetricsContentType;
      r.body = metricsText(buildStatusModel(context.engine, context.now, context.tracker), context.facts);
      r.headers.emplace_back("Cache-Control", "no-store");
      return r;
    });
  }
  if (rawPath == "/api/v1/status") {
    return view([&] {
      return jsonResponse(200, statusJson(buildStatusModel(context.engine, context.now, context.tracker)));
    });
  }
  if (rawPath == "/api/v1/history") return view([&] { return history(query, context); });

  const bool maintenance = seg.size() == 5 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "indicators" &&
                           seg[4] == "maintenance";
  const bool forcePush =
      seg.size() == 5 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "schemes" && seg[4] == "force-push";
  if (maintenance || forcePush) {
    if (method != "POST") return methodNotAllowed("POST", method, rawPath);
    if (request.body.size() > kMaxBodyBytes) return errorResponse(413, "body larger than 16 KiB");
    if (auto refused = refuseUnauthorized(request, context, rawPath)) return *refused;
    const std::string& name = seg[3];
    if (maintenance) {
      std::string why;
      const std::optional<bool> on = maintenanceBody(request.body, why);
      if (!on) return errorResponse(400, why);
      if (!context.engine.setMaintenance(name, *on)) return errorResponse(404, "no indicator \"" + name + "\"");
      return jsonResponse(200, json{{"indicator", name}, {"maintenance", *on}});
    }
    if (!request.body.empty()) {
      json parsed = json::parse(request.body, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_object() || !parsed.empty()) {
        return errorResponse(400, "body: expected nothing or {}");
      }
    }
    if (!context.engine.forcePush(name)) return errorResponse(404, "no scheme \"" + name + "\"");
    return jsonResponse(200, json{{"scheme", name}, {"forced", true}});
  }
  return errorResponse(404, "no such endpoint " + rawPath);
}

}  // namespace

bool constantTimeEquals(const std::string& expected, const std::string& presented) {
  // Walks the presented string whole; the length difference is folded in.
  unsigned char diff = expected.size() == presented.size() ? 0 : 1;
  for (size_t i = 0; i < presented.size(); ++i) {
    const unsigned char e = expected.empty() ? 0 : static_cast<unsigned char>(expected[i % expected.size()]);
    diff |= static_cast<unsigned char>(e ^ static_cast<unsigned char>(presented[i]));
  }
  return diff == 0 && !expected.empty();
}

Response errorResponse(int status, const std::string& message) {
  Response r = jsonResponse(status, json{{"error", message}, {"status", status}});
  return r;
}

Router::Router(Engine& engine, Scheduler& clock, Options options)
    : engine_(&engine), clock_(clock), options_(std::move(options)) {}

Response Router::handle(const Request& request) {
  RouterContext context{*engine_, options_.store, options_.token, clock_.now(), tracker_, options_.facts,
                        options_.onRefusal, options_.redact};
  return route(request, context);
}

Response route(const Request& request, RouterContext& context) {
  Response r = routeInner(request, context);
  for (const std::string& secret : context.redact) replaceAll(r.body, secret, "[redacted]");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (r.contentType.starts_with("text/html")) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                           "img-src 'self' data:; frame-ancestors 'none'");
    r.headers.emplace_back("Cache-Control", "no-store");
  }
  return r;
}

}  // namespace dnsfailover::status
