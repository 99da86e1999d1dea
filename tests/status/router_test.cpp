// Goal: the request router answers every way a request can be wrong with
// the right status and a JSON error, refuses every control endpoint
// without the right token (and tells the refusal log, without the token),
// and moves the engine only through Engine::setMaintenance / forcePush.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "tests/status/door.h"

namespace dnsfailover::testing {
namespace {

using json = nlohmann::json;
using status::Request;
using status::Response;

const char* kMaintenance = "/api/v1/indicators/charlie:cat/maintenance";
const char* kForcePush = "/api/v1/schemes/cat/force-push";

std::string headerOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

void expectError(const Response& r, int status, const std::string& context) {
  EXPECT_EQ(r.status, status) << context << ": " << r.body;
  const json body = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << context << ": not JSON: " << r.body;
  EXPECT_EQ(body.value("status", 0), status) << context;
  EXPECT_TRUE(body.contains("error") && body["error"].is_string()) << context;
}

class RouterTest : public ::testing::Test {
 protected:
  // Runs the cat day to 00:05 (charlie active and synced) and calls `body` there.
  void at5(std::function<void(Door&, Engine&, Scheduler&, Store*)> body) {
    const sim::Scenario scenario = loadScenario("scenarios/cat-okerr.json");
    bool ran = false;
    visit(scenario,
          {{std::chrono::minutes{5},
            [&](Engine* engine, Scheduler& clock, Store* store) {
              ASSERT_NE(engine, nullptr);
              ran = true;
              body(door_, *engine, clock, store);
            }}},
          std::chrono::minutes{6});
    EXPECT_TRUE(ran);
  }
  Door door_;
};

TEST_F(RouterTest, ControlWithoutTheRightTokenIsRefusedOnEveryEndpoint) {
  at5([](Door& door, Engine& engine, Scheduler& clock, Store* store) {
    for (const char* path : {kMaintenance, kForcePush}) {
      const std::string body = path == kMaintenance ? R"({"on": true})" : "{}";
      expectError(door.call(engine, clock, store, post(path, body, "")), 401, std::string(path) + " no token");
      expectError(door.call(engine, clock, store, post(path, body, "wrong")), 401, std::string(path) + " wrong");
      expectError(door.call(engine, clock, store, post(path, body, std::string(kDoorToken) + "x")), 401,
                  std::string(path) + " longer");
      expectError(door.call(engine, clock, store, post(path, body, std::string(kDoorToken).substr(1))), 401,
                  std::string(path) + " shorter");
      Request basic{"POST", path, {{"Authorization", "Basic abc"}}, body};
      expectError(door.call(engine, clock, store, basic), 401, std::string(path) + " basic");
      // A stranger learns no names: an unknown indicator is 401 too, not 404.
      expectError(door.call(engine, clock, store, post("/api/v1/indicators/nope/maintenance", body, "")), 401,
                  "unknown without token");
    }
    EXPECT_FALSE(engine.findIndicator("charlie:cat")->maintenance());
    ASSERT_EQ(door.refusals.size(), 12u);
    for (const std::string& line : door.refusals) {
      EXPECT_NE(line.find("refused POST"), std::string::npos) << line;
      EXPECT_EQ(line.find(kDoorToken), std::string::npos) << "the token reached the log: " << line;
    }
  });
}

TEST_F(RouterTest, ControlIsRefusedWhenNoTokenIsConfigured) {
  at5([](Door&, Engine& engine, Scheduler& clock, Store*) {
    status::Router router(engine, clock, {});
    expectError(router.handle(post(kMaintenance, R"({"on": true})")), 401, "no token configured");
    expectError(router.handle(post(kMaintenance, R"({"on": true})", "")), 401, "no token configured, none sent");
  });
}

TEST_F(RouterTest, WrongMethodsGet405WithAllow) {
  at5([](Door& door, Engine& engine, Scheduler& clock, Store* store) {
    for (const char* path : {"/", "/api/v1/status", "/api/v1/history", "/metrics", "/assets/app.js"}) {
      for (const char* method : {"POST", "PUT", "DELETE", "HEAD"}) {
        const Response r = door.call(engine, clock, store, {method, path, {}, {}});
        expectError(r, 405, std::string(method) + " " + path);
        EXPECT_EQ(headerOf(r, "Allow"), "GET") << method << " " << path;
      }
    }
    for (const char* path : {kMaintenance, kForcePush}) {
      for (const char* method : {"GET", "PUT", "DELETE"}) {
        const Response r = door.call(engine, clock, store, {method, path, {}, {}});
        expectError(r, 405, std::string(method) + " " + path);
        EXPECT_EQ(headerOf(r, "Allow"), "POST");
      }
    }
  });
}

TEST_F(RouterTest, MalformedBodiesUnknownNamesAndOversizedRequests) {
  at5([](Door& door, Engine& engine, Scheduler& clock, Store* store) {
    for (const char* body : {"", "on", "{\"on\": 1}", "{\"on\": \"yes\"}", "[true]", "{\"on\": true, \"x\": 1}",
                             "{\"on\": tru"}) {
      expectError(door.call(engine, clock, store, post(kMaintenance, body)), 400, std::string("body ") + body);
    }
    expectError(door.call(engine, clock, store, post(kForcePush, "{\"x\": 1}")), 400, "force-push body");
    expectError(door.call(engine, clock, store, post("/api/v1/indicators/nope/maintenance", R"({"on": true})")), 404,
                "unknown indicator");
    expectError(door.call(engine, clock, store, post("/api/v1/schemes/nope/force-push", "")), 404, "unknown scheme");
    expectError(door.call(engine, clock, store, get("/nowhere")), 404, "unknown path");
    expectError(door.call(engine, clock, store, get("/assets/../etc/passwd")), 404, "asset escape");
    expectError(door.call(engine, clock, store, get("/api/v1/status?x=%zz")), 400, "broken escape");
    expectError(door.call(engine, clock, store, get("/api/v1/history?limit=0")), 503, "history without store");
    expectError(door.call(engine, clock, store, post(kMaintenance, std::string(status::kMaxBodyBytes + 1, ' '))),
                413, "oversized body");
    expectError(door.call(engine, clock, store, get("/" + std::string(status::kMaxTargetBytes, 'a'))), 414,
                "oversized target");
  });
}

TEST_F(RouterTest, MaintenanceWithTheTokenMovesTheSelectionAndForcePushPushes) {
  at5([](Door& door, Engine& engine, Scheduler& clock, Store* store) {
    ASSERT_EQ(engine.schemes()[0]->selected(), std::optional<size_t>(0));
    const uint64_t pushesBefore = engine.schemes()[0]->syncer().pushesSent();
    Response r = door.call(engine, clock, store, post(kMaintenance, R"({"on": true})"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(json::parse(r.body), json({{"indicator", "charlie:cat"}, {"maintenance", true}}));
    EXPECT_TRUE(engine.findIndicator("charlie:cat")->maintenance());
    EXPECT_EQ(engine.schemes()[0]->selected(), std::optional<size_t>(1)) << "echo takes over";
    // Names are percent-decoded.
    r = door.call(engine, clock, store, post("/api/v1/indicators/charlie%3Acat/maintenance", R"({"on": false})"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_FALSE(engine.findIndicator("charlie:cat")->maintenance());
    EXPECT_TRUE(door.refusals.empty());
    (void)pushesBefore;
  });
}

TEST_F(RouterTest, ForcePushWithTheTokenPushesAgain) {
  const sim::Scenario scenario = loadScenario("scenarios/cat-okerr.json");
  uint64_t before = 0, after = 0;
  visit(scenario,
        {{5min,
          [&](Engine* engine, Scheduler& clock, Store* store) {
            before = engine->schemes()[0]->syncer().pushesSent();
            const Response r = door_.call(*engine, clock, store, post(kForcePush, ""));
            EXPECT_EQ(r.status, 200) << r.body;
            EXPECT_EQ(json::parse(r.body), json({{"scheme", "cat"}, {"forced", true}}));
          }},
         {5min + 10s, [&](Engine* engine, Scheduler&, Store*) { after = engine->schemes()[0]->syncer().pushesSent(); }}},
        6min);
  EXPECT_GE(before, 1u);
  EXPECT_EQ(after, before + 1) << "the forced push went out";
}

TEST_F(RouterTest, ViewsAnswerWithTheirContentTypes) {
  at5([](Door& door, Engine& engine, Scheduler& clock, Store* store) {
    Response page = door.call(engine, clock, store, get("/"));
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.contentType, "text/html; charset=utf-8");
    EXPECT_NE(page.body.find("/assets/app.js"), std::string::npos);
    EXPECT_EQ(page.body.find("http://"), std::string::npos) << "no external URL";
    EXPECT_EQ(page.body.find("https://"), std::string::npos) << "no external URL";
    EXPECT_NE(headerOf(page, "Content-Security-Policy").find("default-src 'none'"), std::string::npos);
    for (const char* asset : {"/assets/app.js", "/assets/app.css"}) {
      Response a = door.call(engine, clock, store, get(asset));
      EXPECT_EQ(a.status, 200) << asset;
      EXPECT_EQ(a.body.find("http://"), std::string::npos) << asset;
      EXPECT_EQ(a.body.find("https://"), std::string::npos) << asset;
    }
    Response metrics = door.call(engine, clock, store, get("/metrics"));
    EXPECT_EQ(metrics.status, 200);
    EXPECT_EQ(metrics.contentType, status::kMetricsContentType);
    Response st = door.call(engine, clock, store, get("/api/v1/status"));
    EXPECT_EQ(st.status, 200);
    EXPECT_TRUE(json::parse(st.body, nullptr, false).is_object());
  });
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(status::constantTimeEquals("abc", "abc"));
  EXPECT_FALSE(status::constantTimeEquals("abc", "abd"));
  EXPECT_FALSE(status::constantTimeEquals("abc", "ab"));
  EXPECT_FALSE(status::constantTimeEquals("abc", "abcabc"));
  EXPECT_FALSE(status::constantTimeEquals("abc", ""));
  EXPECT_FALSE(status::constantTimeEquals("", ""));
}

}  // namespace
}  // namespace dnsfailover::testing
