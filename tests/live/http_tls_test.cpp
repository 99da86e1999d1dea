// HTTPS through the live client: a test CA makes verification pass; no CA,
// the wrong CA or the wrong name fail with a certificate error; verifyTls =
// false accepts anything; connect-to keeps the URL's name for SNI and the
// certificate check.

#include <gtest/gtest.h>

#include "engine/live/http_client.h"
#include "fakes/net/http_server.h"
#include "fakes/net/silent_listener.h"
#include "fakes/net/test_cert.h"
#include "tests/live/live_support.h"

namespace dnsfailover::live {
namespace {

using testing::fetch;
using testing::FnDoor;
using testing::get;

constexpr const char* kAddress = "127.0.0.21";

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ca_ = fakes::net::makeTestCa("dnsfailover test CA");
    caFile_ = testing::tempPath("ca.pem");
    fakes::net::writeTextFile(caFile_, ca_.certPem);
    fakes::net::HttpServerOptions options;
    options.address = kAddress;
    options.https = true;
    options.tlsPem = fakes::net::makeServerCert(ca_, {"cat.okerr.com"}, {kAddress});
    server_ = std::make_unique<fakes::net::HttpServer>(door_, options);
    server_->start();
  }
  void TearDown() override { std::remove(caFile_.c_str()); }

  std::string catUrl() const { return "https://cat.okerr.com:" + std::to_string(server_->port()) + "/"; }
  HttpRequest catRequest() const {
    HttpRequest request = get(catUrl());
    request.connectTo = kAddress;
    return request;
  }
  HttpClientOptions trusting() const {
    HttpClientOptions options;
    options.caFile = caFile_;
    return options;
  }

  fakes::net::PemPair ca_;
  std::string caFile_;
  FnDoor door_{[](const HttpRequest& r, TimePoint, const std::string&) {
    return HttpResponse{200, {}, "status=OK via " + r.url + "\n"};
  }};
  std::unique_ptr<fakes::net::HttpServer> server_;
  EventLoop loop_;
};

TEST_F(HttpsTest, TestCaAndConnectToPass) {
  LiveHttpClient client(loop_, trusting());
  const HttpResult r = fetch(loop_, client, catRequest());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 200);
  EXPECT_EQ(r.response->body, "status=OK via " + catUrl() + "\n");
}

TEST_F(HttpsTest, AddressInTheUrlIsCheckedAgainstIpSubjectAltName) {
  LiveHttpClient client(loop_, trusting());
  const HttpResult r = fetch(loop_, client, get(server_->baseUrl() + "/"));
  ASSERT_TRUE(r.ok()) << r.error;
}

TEST_F(HttpsTest, WithoutTheCaTheCertificateIsRejected) {
  LiveHttpClient client(loop_);  // system CAs only
  const HttpResult r = fetch(loop_, client, catRequest());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("TLS handshake with " + server_->hostPort() + ": certificate verify failed: ", 0), 0u)
      << r.error;
}

TEST_F(HttpsTest, WithAnotherCaTheCertificateIsRejected) {
  const std::string otherCa = testing::tempPath("other-ca.pem");
  fakes::net::writeTextFile(otherCa, fakes::net::makeTestCa("some other CA").certPem);
  HttpClientOptions options;
  options.caFile = otherCa;
  options.useSystemCaStore = false;
  LiveHttpClient client(loop_, options);
  const HttpResult r = fetch(loop_, client, catRequest());
  std::remove(otherCa.c_str());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("certificate verify failed: "), std::string::npos) << r.error;
}

TEST_F(HttpsTest, NameNotInTheCertificateIsRejected) {
  LiveHttpClient client(loop_, trusting());
  HttpRequest request = get("https://dog.okerr.com:" + std::to_string(server_->port()) + "/");
  request.connectTo = kAddress;
  const HttpResult r = fetch(loop_, client, request);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("certificate verify failed: hostname mismatch"), std::string::npos) << r.error;
}

TEST_F(HttpsTest, VerifyOffAcceptsAnyCertificate) {
  LiveHttpClient client(loop_);  // does not trust the test CA
  HttpRequest request = get("https://dog.okerr.com:" + std::to_string(server_->port()) + "/");
  request.connectTo = kAddress;
  request.verifyTls = false;
  const HttpResult r = fetch(loop_, client, request);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->status, 200);
}

TEST_F(HttpsTest, HttpsToAPlainServerFailsInTheHandshake) {
  FnDoor plainDoor([](const HttpRequest&, TimePoint, const std::string&) { return HttpResponse{200, {}, "x"}; });
  fakes::net::HttpServerOptions options;
  options.address = kAddress;
  fakes::net::HttpServer plain(plainDoor, options);
  plain.start();
  LiveHttpClient client(loop_, trusting());
  HttpRequest request = get("https://cat.okerr.com:" + std::to_string(plain.port()) + "/");
  request.connectTo = kAddress;
  const HttpResult r = fetch(loop_, client, request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("TLS handshake with " + plain.hostPort() + ": ", 0), 0u) << r.error;
}

TEST_F(HttpsTest, SilentServerTimesOutInTheHandshake) {
  fakes::net::SilentListener silent(kAddress);
  LiveHttpClient client(loop_, trusting());
  HttpRequest request = get("https://cat.okerr.com:" + std::to_string(silent.port()) + "/");
  request.connectTo = kAddress;
  request.timeout = 250ms;
  const HttpResult r = fetch(loop_, client, request);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error, "TLS handshake with " + silent.hostPort() + ": timed out after 0.25s");
}

TEST(HttpsClientOptions, UnreadableCaFileIsReportedAtConstruction) {
  EventLoop loop;
  HttpClientOptions options;
  options.caFile = testing::tempPath("missing-ca.pem");
  try {
    LiveHttpClient client(loop, options);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot load CA file " + options.caFile), std::string::npos) << e.what();
  }
}

TEST(HttpsServer, SelfSignedServerWorksWithItsOwnCertificateTrusted) {
  FnDoor door([](const HttpRequest&, TimePoint, const std::string&) { return HttpResponse{200, {}, "self"}; });
  fakes::net::HttpServerOptions options;
  options.address = "127.0.0.22";
  options.https = true;
  fakes::net::HttpServer server(door, options);
  server.start();
  const std::string caFile = testing::tempPath("self.pem");
  fakes::net::writeTextFile(caFile, server.selfSignedCaPem());
  EventLoop loop;
  HttpClientOptions clientOptions;
  clientOptions.caFile = caFile;
  LiveHttpClient client(loop, clientOptions);
  const HttpResult r = fetch(loop, client, get(server.baseUrl() + "/"));
  std::remove(caFile.c_str());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.response->body, "self");
}

}  // namespace
}  // namespace dnsfailover::live
