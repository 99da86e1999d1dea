#pragma once
// The status server's request router as a pure function: a parsed request
// and the engine in, a status and a body out. The live server (Beast, on
// the engine's loop) and the simulation's in-process door both call it, so
// what a test reads through the door is what an operator's browser gets.
//
//   GET  /                                      the page (page.h)
//   GET  /assets/NAME                           its script and style
//   GET  /api/v1/status                         status_view.h as JSON
//   GET  /api/v1/history?scheme=&indicator=&since=&limit=   from the Store
//   GET  /metrics                               metrics.h
//   POST /api/v1/indicators/NAME/maintenance    {"on": true|false}
//   POST /api/v1/schemes/NAME/force-push        (empty body or {})
//
// Rules:
// - every control action needs "Authorization: Bearer TOKEN", compared in
//   constant time; without a configured token control is refused; every
//   refusal is told to `onRefusal` (never with the presented token);
// - the order of checks is method (405 with Allow), size (413), token
//   (401, before any lookup, so a stranger learns no names), body (400),
//   name (404);
// - errors are JSON {"error": "...", "status": N};
// - control goes through Engine::setMaintenance / forcePush, which commit
//   the step to the store, so it survives a restart;
// - every body leaving the router has each `redact` value replaced by
//   "[redacted]": belt and braces, the views hold no credential anyway.

#include <cstddef>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/time.h"
#include "engine/status/metrics.h"
#include "engine/status/status_view.h"

namespace dnsfailover {
class Engine;
class Scheduler;
class Store;
}  // namespace dnsfailover

namespace dnsfailover::status {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // "/api/v1/history?scheme=cat&limit=50"
  HeaderList headers;
  std::string body;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  HeaderList headers;  // extra: Allow, Cache-Control, ...
  std::string body;
};

// Bodies above this are refused with 413 (the live server refuses them
// before reading them; the router checks again for the door).
inline constexpr size_t kMaxBodyBytes = 16 * 1024;
inline constexpr size_t kMaxTargetBytes = 4 * 1024;
inline constexpr size_t kMaxHistoryLimit = 10000;

struct RouterContext {
  Engine& engine;
  Store* store = nullptr;   // none: /api/v1/history answers 503
  std::string token;        // "" = control refused
  TimePoint now{};          // the instant the views describe
  MatchTracker& tracker;
  DaemonFacts facts;
  std::function<void(const std::string&)> onRefusal;
  std::vector<std::string> redact;
};

Response route(const Request& request, RouterContext& context);

// The stateful shell the servers hold: the engine (swapped on a reload),
// the clock the views read, and the match tracker kept between requests.
class Router {
 public:
  struct Options {
    Store* store = nullptr;
    std::string token;
    DaemonFacts facts;
    std::function<void(const std::string&)> onRefusal;
    std::vector<std::string> redact;
  };
  Router(Engine& engine, Scheduler& clock, Options options);
  // A reload hands over the new engine.
  void setEngine(Engine& engine) { engine_ = &engine; }
  void setStore(Store* store) { options_.store = store; }
  DaemonFacts& facts() { return options_.facts; }
  Response handle(const Request& request);

 private:
  Engine* engine_;
  Scheduler& clock_;
  Options options_;
  MatchTracker tracker_;
};

// Equal strings in time that depends only on the presented length.
bool constantTimeEquals(const std::string& expected, const std::string& presented);

// The JSON error body: {"error": "...", "status": N}.
Response errorResponse(int status, const std::string& message);

}  // namespace dnsfailover::status
