#pragma once
// Test helper: runs a scenario on the sim kernel and opens the status
// router's in-process door at chosen instants (RunOptions::visits).

#include <functional>
#include <string>
#include <vector>

#include "engine/status/control.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace dnsfailover::testing {

inline constexpr const char* kDoorToken = "door-token-0123456789";

// One router per run, kept across visits so the match tracker remembers.
struct Door {
  std::unique_ptr<status::Router> router;
  std::vector<std::string> refusals;

  status::Response call(Engine& engine, Scheduler& clock, Store* store, status::Request request) {
    if (!router) {
      status::Router::Options options;
      options.token = kDoorToken;
      options.store = store;
      options.facts.version = "test";
      options.onRefusal = [this](const std::string& why) { refusals.push_back(why); };
      router = std::make_unique<status::Router>(engine, clock, std::move(options));
    }
    router->setEngine(engine);
    router->setStore(store);
    return router->handle(request);
  }
};

inline status::Request get(std::string target) { return {"GET", std::move(target), {}, {}}; }

inline status::Request post(std::string target, std::string body, std::string token = kDoorToken) {
  status::Request r{"POST", std::move(target), {}, std::move(body)};
  if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
  return r;
}

// Runs `scenario` until the last visit and returns the report.
sim::RunReport visit(const sim::Scenario& scenario, std::vector<sim::RunOptions::Visit> visits,
                     Duration until);

sim::Scenario loadScenario(const std::string& relative);

}  // namespace dnsfailover::testing
