// The live HTTP client against real servers on 127.0.0.0/8: what it sends,
// connect-to, timeouts, refused connections, the body cap, redirects,
// callbacks never inside send(), and many requests at once.

#include "engine/live/http_client.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "engine/core/url.h"
#include "fakes/net/http_server.h"
#include "fakes/net/silent_listener.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::fetch;
using testing::FnDoor;
using testing::get;

std::string header(const HttpRequest& r, const char* name) {
  const std::string* v = findHeader(r.headers, name);
  return v ? *v : std::string("(none)");
}

// Echoes what the server saw, one "key=value" per line.
HttpResponse echo(const HttpRequest& r, TimePoint, const std::string& peer) {
  return {200,
          {{"Content-Type", "text/plain"}, {"X-Seen", "yes"}},
          "method=" + r.method + "\nurl=" + r.url + "\nhost=" + header(r, "Host") + "\nagent=" +
              header(r, "User-Agent") + "\nconnection=" + header(r, "Connection") + "\npeer=" + peer +
              "\nbody=" + r.body + "\n"};
}

class HttpClientTest : public ::testing::Test {
 protected:
  void serve(FnDoor::Fn fn, const std::string& address = "127.0.0.1") {
    door_ = std::make_unique<FnDoor>(std::move(fn));
    fakes::net::HttpServerOptions options;
    options.address = address;
    server_ = std::make_unique<fakes::net::HttpServer>(*door_, options);
    server_->start();
  }
  std::string url(const std::string& path) const { return server_->baseUrl() + path; }

  EventLoop loop_;
  LiveHttpClient client_{loop_};
  std::unique_ptr<FnDoor> door_;
  std::unique_ptr<fakes::net::HttpServer> server_;
};

TEST_F(HttpClientTest, PlainGetSendsHostAgentAndConnectionClose) {
  serve(echo);
  HttpRequest request = get(url("/hello?x=1"));
  request.headers = {{"User-Agent", "dnsfailover-test"}};
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 200);
  const std::string& body = r.response->body;
  EXPECT_NE(body.find("method=GET\n"), std::string::npos) << body;
  EXPECT_NE(body.find("url=" + url("/hello?x=1") + "\n"), std::string::npos) << body;
  EXPECT_NE(body.find("host=" + server_->hostPort() + "\n"), std::string::npos) << body;
  EXPECT_NE(body.find("agent=dnsfailover-test\n"), std::string::npos) << body;
  EXPECT_NE(body.find("connection=close\n"), std::string::npos) << body;
  EXPECT_NE(body.find("peer=127.0.0.1\n"), std::string::npos) << body;
  ASSERT_NE(findHeader(r.response->headers, "x-seen"), nullptr);
  EXPECT_EQ(*findHeader(r.response->headers, "x-seen"), "yes");
}

TEST_F(HttpClientTest, PostCarriesTheBody) {
  serve(echo);
  HttpRequest request = get(url("/nic/update"));
  request.method = "POST";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  request.body = "hostname=cat.he.okerr.com&myip=127.0.0.11";
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(r.response->body.find("method=POST\n"), std::string::npos);
  EXPECT_NE(r.response->body.find("body=hostname=cat.he.okerr.com&myip=127.0.0.11\n"), std::string::npos);
}

TEST_F(HttpClientTest, ConnectToGoesToThatAddressAndKeepsTheUrlHost) {
  serve(echo, "127.0.0.12");
  HttpRequest request = get("http://cat.okerr.com:" + std::to_string(server_->port()) + "/");
  request.connectTo = "127.0.0.12";
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(r.response->body.find("host=cat.okerr.com:" + std::to_string(server_->port()) + "\n"),
            std::string::npos)
      << r.response->body;
}

TEST_F(HttpClientTest, ResolvesLocalhostThroughTheResolver) {
  serve(echo);
  const HttpResult r = fetch(loop_, client_, get("http://localhost:" + std::to_string(server_->port()) + "/"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_NE(r.response->body.find("host=localhost:"), std::string::npos);
}

TEST_F(HttpClientTest, SilentServerTimesOutWithAClearError) {
  fakes::net::SilentListener silent("127.0.0.13");
  HttpRequest request = get("http://cat.okerr.com:" + std::to_string(silent.port()) + "/");
  request.connectTo = "127.0.0.13";
  request.timeout = 300ms;
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error, "read from " + silent.hostPort() + ": timed out after 0.3s");
}

TEST_F(HttpClientTest, RefusedConnectionNamesThePeer) {
  uint16_t port = 0;
  {
    fakes::net::SilentListener closed("127.0.0.1");  // find a free port, then free it
    port = closed.port();
  }
  const HttpResult r = fetch(loop_, client_, get("http://127.0.0.1:" + std::to_string(port) + "/"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error, "connect 127.0.0.1:" + std::to_string(port) + ": connection refused");
}

TEST_F(HttpClientTest, BodyOverTheCapIsAnError) {
  serve([](const HttpRequest&, TimePoint, const std::string&) {
    return HttpResponse{200, {}, std::string(10000, 'x')};
  });
  HttpRequest request = get(url("/big"));
  request.maxBodyBytes = 1000;
  HttpResult r = fetch(loop_, client_, request);
  ASSERT_FALSE(r.ok()) << r.response->status << " " << r.response->body.size() << " " << r.response->body.substr(0, 100);
  EXPECT_EQ(r.error, "read from " + server_->hostPort() + ": body larger than 1000 bytes");
  request.maxBodyBytes = 10000;
  r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body.size(), 10000u);
}

TEST_F(HttpClientTest, NonOkStatusIsAResponseNotAnError) {
  serve([](const HttpRequest&, TimePoint, const std::string&) { return HttpResponse{503, {}, "busy\n"}; });
  const HttpResult r = fetch(loop_, client_, get(url("/")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 503);
  EXPECT_EQ(r.response->body, "busy\n");
}

// /hop/N redirects to hop/N-1 (relative), /hop/0 lands.
HttpResponse hops(const HttpRequest& r, TimePoint, const std::string&) {
  const std::string path = parseUrl(r.url)->path();
  if (path == "/hop/0") return {200, {}, "landed via " + r.method + "\n"};
  if (path.rfind("/hop/", 0) == 0) {
    const int n = std::stoi(path.substr(5));
    return {302, {{"Location", std::to_string(n - 1)}}, ""};
  }
  if (path == "/see-other") return {303, {{"Location", "/hop/0"}}, ""};
  if (path == "/absolute") return {301, {{"Location", "http://" + findHeader(r.headers, "Host")[0] + "/hop/1"}}, ""};
  if (path == "/elsewhere") return {302, {{"Location", "ftp://example.test/file"}}, ""};
  return {404, {}, "no\n"};
}

TEST_F(HttpClientTest, FollowsRedirectsUpToTheLimit) {
  serve(hops);
  HttpRequest request = get(url("/hop/5"));
  request.maxRedirects = 5;
  HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body, "landed via GET\n");

  request.url = url("/hop/6");
  r = fetch(loop_, client_, request);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("too many redirects (more than 5)"), std::string::npos) << r.error;

  request.url = url("/absolute");
  r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body, "landed via GET\n");
}

TEST_F(HttpClientTest, SeeOtherTurnsPostIntoGet) {
  serve(hops);
  HttpRequest request = get(url("/see-other"));
  request.method = "POST";
  request.body = "a=b";
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body, "landed via GET\n");
}

TEST_F(HttpClientTest, ZeroRedirectsReturnsTheRedirectItself) {
  serve(hops);
  HttpRequest request = get(url("/hop/1"));
  request.maxRedirects = 0;
  const HttpResult r = fetch(loop_, client_, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 302);
}

TEST_F(HttpClientTest, RedirectToAnotherSchemeIsAnError) {
  serve(hops);
  const HttpResult r = fetch(loop_, client_, get(url("/elsewhere")));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("unsupported location \"ftp://example.test/file\""), std::string::npos) << r.error;
}

TEST_F(HttpClientTest, DoneNeverRunsInsideSendEvenForImmediateErrors) {
  serve(echo);
  bool inSend = false;
  int answers = 0;
  std::vector<std::string> errors;
  for (const std::string& u : {std::string("not a url"), url("/"), std::string("http://bad host/")}) {
    HttpRequest request = get(u);
    if (u.find("bad host") != std::string::npos) request.connectTo = "not-an-ip";
    inSend = true;
    client_.send(request, [&](HttpResult r) {
      EXPECT_FALSE(inSend);
      ++answers;
      if (!r.ok()) errors.push_back(r.error);
    });
    inSend = false;
  }
  ASSERT_TRUE(loop_.runUntil([&] { return answers == 3; }, std::chrono::seconds{30}));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], "bad URL \"not a url\"");
  EXPECT_EQ(errors[1], "bad connect-to address \"not-an-ip\"");
}

TEST_F(HttpClientTest, ManyConcurrentRequestsAllComplete) {
  serve([](const HttpRequest& r, TimePoint, const std::string&) { return HttpResponse{200, {}, r.url}; });
  constexpr int kRequests = 400;
  int ok = 0, done = 0;
  size_t peakInFlight = 0;
  std::map<std::string, int> errors;
  for (int i = 0; i < kRequests; ++i) {
    const std::string u = url("/n/" + std::to_string(i));
    client_.send(get(u), [&, u](HttpResult r) {
      ++done;
      if (r.ok() && r.response->body == u) ++ok;
      if (!r.ok()) ++errors[r.error.substr(r.error.find(':') + 1)];
    });
  }
  ASSERT_TRUE(loop_.runUntil(
      [&] {
        peakInFlight = std::max(peakInFlight, client_.inFlight());
        return done == kRequests;
      },
      std::chrono::seconds{60}));
  EXPECT_EQ(ok, kRequests);
  for (const auto& [error, count] : errors) ADD_FAILURE() << count << " x " << error;
  EXPECT_GT(peakInFlight, 1u);  // they really were in flight together
}

TEST(HttpClientQueue, InFlightLimitQueuesTheRest) {
  FnDoor door([](const HttpRequest&, TimePoint, const std::string&) { return HttpResponse{200, {}, "ok"}; });
  fakes::net::HttpServer server(door, {});
  server.start();
  EventLoop loop;
  HttpClientOptions options;
  options.maxInFlight = 4;
  LiveHttpClient client(loop, options);
  int done = 0;
  size_t peak = 0;
  for (int i = 0; i < 50; ++i) client.send(get(server.baseUrl() + "/"), [&](HttpResult r) { done += r.ok(); });
  ASSERT_TRUE(loop.runUntil(
      [&] {
        peak = std::max(peak, client.inFlight());
        return done == 50;
      },
      std::chrono::seconds{60}));
  EXPECT_LE(peak, 4u);
  EXPECT_EQ(client.queued(), 0u);
}

TEST(HttpClientLifetime, DestroyingTheClientWithRequestsInFlightDropsThem) {
  fakes::net::SilentListener silent("127.0.0.1");
  EventLoop loop;
  bool called = false;
  {
    LiveHttpClient client(loop);
    HttpRequest request = get("http://" + silent.hostPort() + "/");
    request.timeout = 100ms;
    client.send(request, [&](HttpResult) { called = true; });
    loop.runUntil([] { return false; }, 20ms);  // request under way
  }
  loop.runUntil([] { return false; }, 200ms);  // its deadline passes with the client gone
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace dnsfailover::live
